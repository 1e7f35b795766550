"""Passkey pieces: the "Sign in with a passkey" block of /login and the passkeys card of /account/security."""

from __future__ import annotations

import reflex as rx

from storefront.components.forms import form_error, notice, submit_button, text_field
from storefront.state.app import t, t_format
from storefront.state.passkeys import SUPPORTED, UNSUPPORTED, PasskeyManageState, PasskeySignInState


def _unsupported(key: str) -> rx.Component:
    return rx.callout(t(key), icon="info", color_scheme="gray", width="100%", role="status", size="1")


def passkey_sign_in() -> rx.Component:
    """Below the password form: one button, no email to type (discoverable credentials)."""
    errors = PasskeySignInState.errors
    return rx.vstack(
        rx.hstack(rx.separator(size="4"), rx.text(t("passkeys.or"), size="2", color_scheme="gray"),
                  rx.separator(size="4"), align="center", width="100%"),
        rx.cond(
            PasskeySignInState.support == UNSUPPORTED,
            _unsupported("passkeys.unsupported"),
            rx.vstack(
                rx.button(rx.icon("fingerprint", size=18), t("passkeys.sign_in"), type="button", size="3",
                          variant="outline", width="100%", on_click=PasskeySignInState.start_sign_in,
                          disabled=~rx.State.is_hydrated | (PasskeySignInState.support != SUPPORTED)
                          | PasskeySignInState.busy,
                          aria_busy=rx.cond(PasskeySignInState.busy, "true", "false"),
                          # A long label may wrap on a phone: the button grows instead of spilling over.
                          height="auto", min_height="40px", padding_y="6px", white_space="normal"),
                rx.text(t("passkeys.sign_in_note"), size="1", color_scheme="gray"),
                spacing="2",
                width="100%",
            ),
        ),
        rx.cond(errors.contains("passkey"),
                rx.callout(errors["passkey"].to(str), icon="triangle_alert", color_scheme="red", role="alert",
                           width="100%")),
        spacing="3",
        width="100%",
        on_mount=PasskeySignInState.check_support,
    )


def _passkey_row(row: rx.Var) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.text(row["name"].to(str), weight="bold", size="2"),
            rx.text(t_format("passkeys.created", date=row["created_at"].to(str)), " · ",
                    rx.cond(row["last_used_at"] != "",
                            t_format("passkeys.last_used", date=row["last_used_at"].to(str)),
                            t("passkeys.never_used")),
                    size="1", color_scheme="gray"),
            spacing="0",
            min_width="0",
        ),
        rx.spacer(),
        rx.button(t("passkeys.remove"), size="1", variant="soft", color_scheme="red", type="button",
                  on_click=PasskeyManageState.remove(row["id"].to(int)),
                  aria_label=t("passkeys.remove") + " " + row["name"].to(str)),
        align="center",
        width="100%",
        gap="1rem",
    )


def _add_form() -> rx.Component:
    errors = PasskeyManageState.passkey_errors
    return rx.form(
        rx.vstack(
            form_error(errors),
            text_field("passkeys.name_label", "passkey_name", errors, max_length=60, hint_key="passkeys.name_hint"),
            rx.cond(
                PasskeyManageState.needs_password,
                rx.vstack(
                    text_field("passkeys.password_label", "passkey_password", errors, type="password",
                               auto_complete="current-password", max_length=1024),
                    rx.text(t("passkeys.password_hint"), size="1", color_scheme="gray"),
                    spacing="1",
                    width="100%",
                ),
            ),
            submit_button(t("passkeys.add"), busy=PasskeyManageState.busy, size="2"),
            spacing="3",
            width="100%",
        ),
        on_submit=PasskeyManageState.start_adding,
        reset_on_submit=False,
        key="passkey-" + PasskeyManageState.form_key.to(str),
        width="100%",
    )


def passkeys_section() -> rx.Component:
    """The passkeys card of /account/security: the list, and the form that adds one."""
    return rx.card(
        rx.vstack(
            rx.heading(t("passkeys.title"), as_="h2", size="4"),
            rx.text(t("passkeys.intro"), size="2", color_scheme="gray"),
            rx.cond(PasskeyManageState.notice_key == "passkeys.added", notice(t("passkeys.added"))),
            rx.cond(PasskeyManageState.notice_key == "passkeys.removed", notice(t("passkeys.removed"))),
            rx.cond(
                PasskeyManageState.passkey_rows.length() > 0,
                rx.vstack(rx.foreach(PasskeyManageState.passkey_rows, _passkey_row), spacing="3", width="100%"),
                rx.text(t("passkeys.none"), size="2"),
            ),
            rx.cond(
                PasskeyManageState.support == UNSUPPORTED,
                _unsupported("passkeys.unsupported_manage"),
                rx.cond(PasskeyManageState.at_limit,
                        rx.vstack(form_error(PasskeyManageState.passkey_errors),
                                  rx.text(t("passkeys.error.limit"), size="2", color_scheme="gray"), width="100%"),
                        _add_form()),
            ),
            rx.text(t("passkeys.limit_note"), size="1", color_scheme="gray"),
            spacing="3",
            width="100%",
        ),
        width="100%",
        on_mount=PasskeyManageState.open_section,
    )
