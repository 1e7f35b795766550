"""/account/security and the email-change confirmation link."""

from __future__ import annotations

import reflex as rx

from shop import routes
from storefront.components.account_layout import account_heading, account_page
from storefront.components.forms import auth_card, form_error, notice, submit_button, text_field
from storefront.components.passkeys import passkeys_section
from storefront.components.social import linked_accounts_section
from storefront.components.templates import shop_page
from storefront.state.app import t, t_format
from storefront.state.security import ConfirmEmailState, SecurityState


def proof_field(errors: rx.Var, password_label: str = "security.current_password") -> rx.Component:
    """The customer's password, or for an account without one, a code sent on request."""
    return rx.cond(
        SecurityState.has_password,
        text_field(password_label, "current_password" if password_label == "security.current_password"
                   else "password", errors, type="password", auto_complete="current-password", max_length=1024),
        rx.vstack(
            text_field("form.code", "code", errors, auto_complete="one-time-code", max_length=7, input_mode="numeric"),
            rx.button(t("security.send_code"), type="button", variant="ghost", size="2",
                      on_click=SecurityState.send_code),
            rx.cond(SecurityState.code_sent, rx.text(t("security.code_sent"), size="2", color_scheme="gray")),
            width="100%",
            spacing="1",
        ),
    )


def section(title_key: str, *children: rx.Component) -> rx.Component:
    return rx.card(
        rx.vstack(rx.heading(t(title_key), as_="h2", size="4"), *children, spacing="3", width="100%"),
        width="100%",
    )


def password_section() -> rx.Component:
    errors = SecurityState.password_errors
    return section(
        "security.password_title",
        rx.form(
            rx.vstack(
                form_error(errors),
                proof_field(errors),
                text_field("form.new_password", "new_password", errors, type="password",
                           auto_complete="new-password", max_length=1024, hint_key="form.password_hint"),
                text_field("form.password_confirm", "new_password_confirm", errors, type="password",
                           auto_complete="new-password", max_length=1024),
                rx.text(t("security.password_note"), size="1", color_scheme="gray"),
                submit_button(t("security.change_password"), size="2"),
                spacing="3",
                width="100%",
            ),
            on_submit=SecurityState.change_password,
            reset_on_submit=True,
            key="password-" + SecurityState.form_key.to(str),
            width="100%",
        ),
    )


def email_section() -> rx.Component:
    errors = SecurityState.email_errors
    ask = rx.form(
        rx.vstack(
            rx.text(t_format("security.current_email", email=SecurityState.email), size="2"),
            form_error(errors),
            text_field("security.new_email", "new_email", errors, type="email", auto_complete="email"),
            rx.cond(SecurityState.has_password,
                    text_field("form.password", "password", errors, type="password",
                               auto_complete="current-password", max_length=1024),
                    proof_field(errors)),
            submit_button(t("security.change_email"), size="2"),
            spacing="3",
            width="100%",
        ),
        on_submit=SecurityState.request_email_change,
        reset_on_submit=False,
        key="email-" + SecurityState.form_key.to(str),
        width="100%",
    )
    confirm = rx.form(
        rx.vstack(
            notice(t_format("security.email_code_sent", email=SecurityState.new_email_pending), icon="mail"),
            form_error(SecurityState.confirm_errors),
            text_field("form.code", "code", SecurityState.confirm_errors, auto_complete="one-time-code",
                       max_length=7, input_mode="numeric", auto_focus=True),
            rx.hstack(
                submit_button(t("security.confirm_email"), size="2"),
                rx.button(t("addresses.cancel"), type="button", variant="soft", color_scheme="gray",
                          on_click=SecurityState.cancel_email_change),
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=SecurityState.confirm_email_change,
        reset_on_submit=False,
        width="100%",
    )
    return section("security.email_title", rx.cond(SecurityState.new_email_pending != "", confirm, ask))


def session_row(session: rx.Var) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.text(rx.cond(session["device"] != "", session["device"].to(str), t("security.unknown_device")),
                    weight="bold", size="2"),
            rx.text(session["ip_address"].to(str), " · ", t("security.last_seen"), " ",
                    session["last_seen_at"].to(str), size="1", color_scheme="gray"),
            spacing="0",
        ),
        rx.spacer(),
        rx.cond(session["current"], rx.badge(t("security.this_device"), color_scheme="grass"),
                rx.button(t("security.end_session"), size="1", variant="soft", color_scheme="red",
                          on_click=SecurityState.end_session(session["id"].to(int)))),
        align="center",
        width="100%",
        gap="1rem",
    )


def sessions_section() -> rx.Component:
    return section(
        "security.sessions_title",
        rx.vstack(rx.foreach(SecurityState.sessions, session_row), spacing="3", width="100%"),
        rx.cond(SecurityState.sessions.length() > 1,
                rx.button(t("security.sign_out_others"), on_click=SecurityState.sign_out_other_sessions,
                          variant="outline", color_scheme="red")),
    )


@account_page(routes.ACCOUNT_SECURITY, "page.security", state=SecurityState)
def security_page() -> rx.Component:
    return rx.vstack(
        account_heading(t("page.security")),
        password_section(),
        email_section(),
        passkeys_section(),
        linked_accounts_section(SecurityState.has_password),
        sessions_section(),
        spacing="4",
        width="100%",
    )


@shop_page(routes.ACCOUNT_CONFIRM_EMAIL, "security.confirm_email_title", state=ConfirmEmailState)
def confirm_email_page() -> rx.Component:
    return auth_card(
        "security.confirm_email_title",
        rx.cond(
            ConfirmEmailState.done,
            notice(t("security.email_changed")),
            rx.cond(
                ConfirmEmailState.link_valid,
                rx.vstack(
                    rx.text(t("security.confirm_email_intro"), color_scheme="gray"),
                    rx.button(t("security.confirm_email"), on_click=ConfirmEmailState.confirm, size="3",
                              width="100%"),
                    width="100%",
                ),
                rx.cond(ConfirmEmailState.checked & rx.State.is_hydrated,
                        rx.callout(t("error.link_invalid"), icon="triangle_alert", color_scheme="amber",
                                   role="alert", width="100%")),
            ),
        ),
    )
