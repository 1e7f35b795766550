"""Form pieces: a labelled input with its error right below it, and a form-wide error."""

from __future__ import annotations

import reflex as rx

from storefront.state.app import t


def field_error(errors: rx.Var, name: str) -> rx.Component:
    return rx.cond(
        errors.contains(name),
        rx.text(errors[name].to(str), id=f"{name}-error", color_scheme="red", size="2", role="alert"),
    )


def text_field(label_key: str, name: str, errors: rx.Var, *, type: str = "text", auto_complete: str = "",
               max_length: int = 254, hint_key: str | None = None, required: bool = True,
               default_value: rx.Var | str | None = None, input_mode: str | None = None,
               auto_focus: bool = False, on_blur: rx.EventHandler | None = None) -> rx.Component:
    input_id = f"field-{name}"
    extra = {}
    if on_blur is not None:
        extra["on_blur"] = on_blur
    if default_value is not None:
        extra["default_value"] = default_value
    if input_mode:
        extra["input_mode"] = input_mode
    return rx.vstack(
        rx.el.label(t(label_key), html_for=input_id, font_weight="500", font_size="14px"),
        rx.input(
            id=input_id, name=name, type=type, auto_complete=auto_complete or "off", required=required,
            max_length=max_length, size="3", width="100%", auto_focus=auto_focus,
            aria_invalid=rx.cond(errors.contains(name), "true", "false"),
            aria_describedby=f"{name}-error",
            color_scheme=rx.cond(errors.contains(name), "red", "gray"),
            **extra,
        ),
        rx.cond(~errors.contains(name), rx.text(t(hint_key), size="1", color_scheme="gray"))
        if hint_key else rx.fragment(),
        field_error(errors, name),
        spacing="1",
        width="100%",
    )


def checkbox_field(label_key: str, name: str, *, default_checked: bool = False) -> rx.Component:
    return rx.el.label(
        rx.hstack(
            rx.checkbox(name=name, default_checked=default_checked, size="2", aria_label=t(label_key)),
            rx.text(t(label_key), size="2"),
            spacing="2",
            align="center",
        ),
        cursor="pointer",
    )


def form_error(errors: rx.Var) -> rx.Component:
    return rx.cond(
        errors.contains("form"),
        rx.callout(errors["form"].to(str), icon="triangle_alert", color_scheme="red", role="alert",
                   width="100%"),
    )


def submit_button(label: rx.Var | str, *, busy: rx.Var | bool = False, **props) -> rx.Component:
    """A form's submit button. Disabled, and marked busy, until the page is live: the page is on screen
    before React hydrates it, and a click in that gap would be a native submit that reloads the page and
    loses the form (pressing Enter does nothing either while the button is disabled). Also disabled while
    the server works on the form (`busy`), so one click sends one submit."""
    waiting = ~rx.State.is_hydrated | busy if isinstance(busy, rx.Var) else ~rx.State.is_hydrated
    return rx.button(label, type="submit", disabled=waiting, aria_busy=rx.cond(waiting, "true", "false"),
                     **{"size": "3", **props})


def prefilled_fields(*children: rx.Component, disabled: rx.Var | bool = False) -> rx.Component:
    """The fields of a form whose values arrive with the page's on-load work. They stay disabled until that
    work is done: the form is rebuilt with the stored values then, and anything typed earlier would be
    wiped silently. A person (or a script) waits for an enabled field, as for an enabled button."""
    if isinstance(disabled, rx.Var):
        waiting = ~rx.State.is_hydrated | disabled
    else:
        waiting = True if disabled else ~rx.State.is_hydrated
    return rx.el.fieldset(*children, disabled=waiting, border="none", padding="0", margin="0", min_width="0",
                          width="100%")


def notice(text: rx.Var, icon: str = "info", color_scheme: str = "grass") -> rx.Component:
    return rx.callout(text, icon=icon, color_scheme=color_scheme, width="100%", role="status")


def auth_card(title_key: str, *children: rx.Component, intro: rx.Component | None = None) -> rx.Component:
    """The narrow centred card that every sign-in page uses.

    Each page resets its form for a new visit in an on-load handler: its submit button stays disabled
    until the on-load work is done, so the reset can never undo a quick submit.
    """
    return rx.center(
        rx.card(
            rx.vstack(
                rx.heading(t(title_key), as_="h1", size="7", font_family="Georgia, serif", weight="regular"),
                intro if intro is not None else rx.fragment(),
                *children,
                spacing="4",
                width="100%",
            ),
            size="4",
            width="100%",
            max_width="460px",
        ),
        padding_y=rx.breakpoints(initial="1rem", md="2rem"),
        width="100%",
    )
