"""Social sign-in UI: the provider buttons (/login, /signup), the callback page and the "Linked accounts" card."""

from __future__ import annotations

import reflex as rx

from shop import routes
from storefront.components.forms import form_error, notice, submit_button, text_field
from storefront.state.app import t, t_format
from storefront.state.social import LinkedAccountsState, SocialCallbackState, SocialState


def social_error() -> rx.Component:
    return rx.cond(SocialState.error != "",
                   rx.callout(SocialState.error, icon="triangle_alert", color_scheme="red", role="alert",
                              width="100%"))


def _provider_button(provider: rx.Var) -> rx.Component:
    return rx.button(
        t_format("social.continue_with", provider=provider["label"].to(str)),
        on_click=SocialState.start(provider["name"].to(str)),
        type="button",
        variant="outline",
        color_scheme="gray",
        high_contrast=True,
        size="3",
        width="100%",
        disabled=~rx.State.is_hydrated,
    )


def social_buttons(or_rule: bool = True) -> rx.Component:
    """"Continue with …" for each configured provider, under an "or" rule (unless the page already drew one
    just above, as /login does for its passkey button); nothing when none is set up.
    The message of a sign-in that failed shows here too."""
    return rx.vstack(
        social_error(),
        rx.cond(
            SocialState.providers.length() > 0,
            rx.vstack(
                rx.hstack(rx.separator(size="4"), rx.text(t("social.or"), size="2", color_scheme="gray"),
                          rx.separator(size="4"), align="center", width="100%") if or_rule else rx.fragment(),
                rx.foreach(SocialState.providers, _provider_button),
                rx.cond(SocialState.starting != "",
                        rx.text(t_format("social.redirecting", provider=SocialState.starting), size="2",
                                color_scheme="gray", role="status")),
                spacing="3",
                width="100%",
            ),
        ),
        on_mount=SocialState.seen_error,
        spacing="3",
        width="100%",
    )


# --- the callback page ---

def social_code_form() -> rx.Component:
    """On the callback page, when the address must be proven by the emailed code first."""
    errors = SocialCallbackState.errors
    return rx.vstack(
        notice(t_format("social.code.intro", provider=SocialCallbackState.code_provider,
                        email=SocialCallbackState.code_email), icon="mail"),
        rx.form(
            rx.vstack(
                form_error(errors),
                text_field("form.code", "code", errors, auto_complete="one-time-code", max_length=7,
                           input_mode="numeric", auto_focus=True),
                submit_button(t("social.code.submit"), width="100%"),
                spacing="4",
                width="100%",
            ),
            on_submit=SocialCallbackState.submit_code,
            reset_on_submit=False,
            width="100%",
        ),
        rx.text(t("social.code.resend_note"), size="1", color_scheme="gray"),
        rx.link(t("social.back_to_login"), href=routes.LOGIN, size="2"),
        spacing="4",
        width="100%",
    )


# --- /account/security ---

def _identity_row(identity: rx.Var) -> rx.Component:
    used = rx.cond(identity["last_used_at"].to(str) != "",
                   t_format("social.last_used", date=identity["last_used_at"].to(str)), t("social.never_used"))
    return rx.flex(
        rx.vstack(
            rx.text(identity["provider"].to(str), weight="bold", size="2"),
            rx.text(identity["email"].to(str), size="2", word_break="break-all"),
            rx.text(t_format("social.linked_on", date=identity["created_at"].to(str)), " · ", used, size="1",
                    color_scheme="gray"),
            spacing="0",
            min_width="0",
        ),
        rx.spacer(),
        rx.button(t("social.unlink"), size="1", variant="soft", color_scheme="red",
                  aria_label=t_format("social.unlink_label", provider=identity["provider"].to(str)),
                  on_click=LinkedAccountsState.unlink(identity["id"].to(int))),
        align="center",
        width="100%",
        gap="1rem",
    )


def _link_button(provider: rx.Var) -> rx.Component:
    return rx.button(t_format("social.link", provider=provider["label"].to(str)),
                     on_click=LinkedAccountsState.start_link(provider["name"].to(str)), type="button",
                     variant="outline", size="2", disabled=~rx.State.is_hydrated)


def linked_accounts_section(has_password: rx.Var) -> rx.Component:
    """The "Linked accounts" card; hidden when the shop offers no provider and nothing is linked."""
    return rx.box(rx.cond(
        (SocialState.providers.length() > 0) | (LinkedAccountsState.identities.length() > 0),
        rx.card(
            rx.vstack(
                rx.heading(t("social.title"), as_="h2", size="4"),
                rx.text(t("social.intro"), size="2", color_scheme="gray"),
                social_error(),
                rx.cond(~has_password, rx.text(t("social.no_password"), size="2")),
                rx.cond(LinkedAccountsState.identities.length() > 0,
                        rx.vstack(rx.foreach(LinkedAccountsState.identities, _identity_row), spacing="3",
                                  width="100%"),
                        rx.cond(LinkedAccountsState.loaded, rx.text(t("social.none"), size="2",
                                                                    color_scheme="gray"))),
                rx.flex(rx.foreach(SocialState.providers, _link_button), wrap="wrap", gap="0.5rem"),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
    ), on_mount=LinkedAccountsState.load_identities, width="100%")
