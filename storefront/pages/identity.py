"""Sign-up, email verification, sign-in by password, code or link, password reset and invitations."""

from __future__ import annotations

import reflex as rx

from shop import routes
from shop.models import RegistrationMode
from storefront.components.forms import auth_card, checkbox_field, form_error, notice, submit_button, text_field
from storefront.components.passkeys import passkey_sign_in
from storefront.components.social import social_buttons
from storefront.components.templates import shop_page
from storefront.state.app import t, t_format
from storefront.state.identity import (
    CodeLoginState,
    ForgotPasswordState,
    InviteState,
    LinkLoginState,
    LoginState,
    ResetPasswordState,
    SignupState,
    VerifyEmailState,
)
from storefront.state.shop import ShopState


def prefetch_account_page() -> rx.Component:
    """Fetch the account page's code while the visitor types, so it opens at once after sign-in."""
    return rx.link(t("nav.my_account"), href=routes.ACCOUNT, custom_attrs={"prefetch": "render"}, display="none",
                   aria_hidden="true",
                   tab_index=-1)


def small_link(key: str, href: str) -> rx.Component:
    return rx.link(t(key), href=href, size="2")


def form_button(key: str, busy: rx.Var | bool = False) -> rx.Component:
    # Disabled rather than a spinner while the server works: same feedback, no animation to paint.
    return submit_button(t(key), busy=busy, width="100%")


def password_fields(errors: rx.Var, label_key: str = "form.new_password") -> list[rx.Component]:
    return [
        text_field(label_key, "password", errors, type="password", auto_complete="new-password", max_length=1024,
                   hint_key="form.password_hint"),
        text_field("form.password_confirm", "password_confirm", errors, type="password",
                   auto_complete="new-password", max_length=1024),
    ]


@shop_page(routes.SIGNUP, "page.signup", state=SignupState)
def signup_page() -> rx.Component:
    errors = SignupState.errors
    form = rx.form(
        rx.vstack(
            form_error(errors),
            rx.grid(
                text_field("form.first_name", "first_name", errors, auto_complete="given-name", max_length=100),
                text_field("form.last_name", "last_name", errors, auto_complete="family-name", max_length=100),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="3",
                width="100%",
            ),
            text_field("form.email", "email", errors, type="email", auto_complete="email"),
            # The browser may send more than 128: the server says "too long" instead of cutting it.
            text_field("form.password", "password", errors, type="password", auto_complete="new-password",
                       max_length=1024, hint_key="form.password_hint"),
            checkbox_field("signup.newsletter", "newsletter"),
            form_button("signup.submit", SignupState.busy),
            rx.hstack(rx.text(t("signup.have_account"), size="2"), small_link("nav.sign_in", routes.LOGIN),
                      spacing="2"),
            spacing="4",
            width="100%",
        ),
        on_submit=SignupState.submit,
        reset_on_submit=False,
        width="100%",
    )
    return auth_card(
        "page.signup",
        rx.cond(ShopState.registration_open, form,
                rx.vstack(notice(t("signup.closed")), small_link("nav.sign_in", routes.LOGIN), width="100%")),
        rx.cond(ShopState.registration_open, social_buttons()),
        intro=rx.text(t("signup.intro"), color_scheme="gray"),
    )


@shop_page(routes.VERIFY_EMAIL, "page.verify_email", state=VerifyEmailState)
def verify_email_page() -> rx.Component:
    errors = VerifyEmailState.errors
    has_sign_up = ShopState.pending_email != ""
    enter_code = rx.vstack(
        rx.form(
            rx.vstack(
                form_error(errors),
                text_field("form.code", "code", errors, auto_complete="one-time-code", max_length=7,
                           input_mode="numeric", auto_focus=True),
                form_button("verify.submit"),
                spacing="4",
                width="100%",
            ),
            on_submit=VerifyEmailState.submit,
            reset_on_submit=False,
            width="100%",
        ),
        rx.button(t("verify.resend"), on_click=VerifyEmailState.send_new_code, variant="ghost", size="2",
                  disabled=~rx.State.is_hydrated),
        rx.cond(VerifyEmailState.resent, notice(t("verify.resent"))),
        rx.text(t("verify.spam"), size="1", color_scheme="gray"),
        spacing="4",
        width="100%",
    )
    # The code completes the sign-up only in the browser that chose the password.
    no_sign_up = rx.vstack(
        rx.link(rx.button(t("login.create"), size="3", width="100%"), href=routes.SIGNUP, width="100%"),
        small_link("login.with_code", routes.LOGIN_CODE),
        spacing="4",
        width="100%",
    )
    return auth_card(
        "page.verify_email",
        rx.cond(has_sign_up, enter_code, no_sign_up),
        intro=rx.text(rx.cond(has_sign_up, t_format("verify.intro", email=ShopState.pending_email),
                              t("verify.intro_generic")), color_scheme="gray"),
    )


@shop_page(routes.LOGIN, "page.login", state=LoginState)
def login_page() -> rx.Component:
    errors = LoginState.errors
    return auth_card(
        "page.login",
        rx.cond(ShopState.registration_mode == RegistrationMode.MEMBERS_ONLY.value, notice(t("login.members_only"))),
        rx.form(
            rx.vstack(
                form_error(errors),
                text_field("form.email", "email", errors, type="email", auto_complete="username"),
                text_field("form.password", "password", errors, type="password",
                           auto_complete="current-password", max_length=1024),
                rx.hstack(
                    checkbox_field("login.remember", "remember_me"),
                    width="100%",
                ),
                form_button("login.submit"),
                spacing="4",
                width="100%",
            ),
            on_submit=LoginState.submit,
            reset_on_submit=False,
            width="100%",
        ),
        passkey_sign_in(),
        social_buttons(or_rule=False),
        rx.vstack(
            small_link("login.forgot", routes.FORGOT_PASSWORD),
            small_link("login.with_code", routes.LOGIN_CODE),
            rx.cond(ShopState.registration_open,
                    rx.hstack(rx.text(t("login.no_account"), size="2"), small_link("login.create", routes.SIGNUP),
                              spacing="2")),
            spacing="2",
        ),
        prefetch_account_page(),
        intro=rx.text(t("login.intro"), color_scheme="gray"),
    )


@shop_page(routes.LOGIN_CODE, "page.login_code", state=CodeLoginState)
def login_code_page() -> rx.Component:
    errors = CodeLoginState.errors
    ask_email = rx.form(
        rx.vstack(
            form_error(errors),
            text_field("form.email", "email", errors, type="email", auto_complete="email"),
            form_button("login_code.send"),
            spacing="4",
            width="100%",
        ),
        on_submit=CodeLoginState.request_code,
        reset_on_submit=False,
        width="100%",
    )
    enter_code = rx.vstack(
        notice(t_format("login_code.sent", email=CodeLoginState.code_sent_to), icon="mail"),
        rx.form(
            rx.vstack(
                form_error(errors),
                text_field("form.code", "code", errors, auto_complete="one-time-code", max_length=7,
                           input_mode="numeric", auto_focus=True),
                form_button("login_code.submit"),
                spacing="4",
                width="100%",
            ),
            on_submit=CodeLoginState.submit_code,
            reset_on_submit=False,
            width="100%",
        ),
        rx.button(t("login_code.other_email"), on_click=CodeLoginState.use_another_email, variant="ghost", size="2"),
        spacing="4",
        width="100%",
    )
    return auth_card(
        "page.login_code",
        # Shown only once this visit's on-load has run: a code asked for on an earlier visit of this tab
        # must not flash the code view (and remount the email field while a script types in it).
        rx.cond((CodeLoginState.code_sent_to != "") & rx.State.is_hydrated, enter_code, ask_email),
        small_link("login_code.with_password", routes.LOGIN),
        intro=rx.text(t("login_code.intro"), color_scheme="gray"),
    )


def invalid_link(ask_key: str, ask_href: str) -> rx.Component:
    return rx.vstack(
        rx.callout(t("error.link_invalid"), icon="triangle_alert", color_scheme="amber", role="alert", width="100%"),
        rx.link(rx.button(t(ask_key), size="3", width="100%"), href=ask_href, width="100%"),
        spacing="4",
        width="100%",
    )


def loading() -> rx.Component:
    return rx.center(rx.spinner(size="3"), padding_y="2rem", width="100%")


@shop_page(routes.LOGIN_LINK, "page.login_link", state=LinkLoginState)
def login_link_page() -> rx.Component:
    return auth_card(
        "page.login_link",
        rx.cond(
            LinkLoginState.checked & rx.State.is_hydrated,
            rx.cond(
                LinkLoginState.link_valid,
                rx.vstack(
                    rx.text(t("login_link.intro"), color_scheme="gray"),
                    rx.button(t("login_link.submit"), on_click=LinkLoginState.sign_in, size="3", width="100%",
                              disabled=~rx.State.is_hydrated),
                    width="100%",
                    spacing="4",
                ),
                invalid_link("login_link.ask_new", routes.LOGIN_CODE),
            ),
            loading(),
        ),
    )


@shop_page(routes.FORGOT_PASSWORD, "page.forgot_password", state=ForgotPasswordState)
def forgot_password_page() -> rx.Component:
    errors = ForgotPasswordState.errors
    return auth_card(
        "page.forgot_password",
        rx.cond(
            (ForgotPasswordState.sent_to != "") & rx.State.is_hydrated,
            notice(t_format("forgot.sent", email=ForgotPasswordState.sent_to), icon="mail"),
            rx.form(
                rx.vstack(
                    form_error(errors),
                    text_field("form.email", "email", errors, type="email", auto_complete="email"),
                    form_button("forgot.submit"),
                    spacing="4",
                    width="100%",
                ),
                on_submit=ForgotPasswordState.submit,
                reset_on_submit=False,
                width="100%",
            ),
        ),
        small_link("forgot.back", routes.LOGIN),
        intro=rx.text(t("forgot.intro"), color_scheme="gray"),
    )


def new_password_link_page(state, title_key: str, *intro: rx.Component, password_label: str, submit_key: str,
                           ask_key: str, ask_href: str) -> rx.Component:
    """Reset and invitation pages: the link is checked on mount, then a form sets the password."""
    errors = state.errors
    return auth_card(
        title_key,
        rx.cond(
            state.checked & rx.State.is_hydrated,
            rx.cond(
                state.link_valid,
                rx.form(
                    rx.vstack(
                        *intro,
                        form_error(errors),
                        *password_fields(errors, password_label),
                        form_button(submit_key, state.busy),
                        spacing="4",
                        width="100%",
                    ),
                    on_submit=state.submit,
                    reset_on_submit=False,
                    width="100%",
                ),
                invalid_link(ask_key, ask_href),
            ),
            loading(),
        ),
    )


@shop_page(routes.RESET_PASSWORD, "page.reset_password", state=ResetPasswordState)
def reset_password_page() -> rx.Component:
    return new_password_link_page(
        ResetPasswordState, "page.reset_password", rx.text(t("reset.intro"), color_scheme="gray"),
        password_label="form.new_password", submit_key="reset.submit", ask_key="reset.ask_new",
        ask_href=routes.FORGOT_PASSWORD,
    )


@shop_page(routes.INVITE, "page.invite", state=InviteState)
def invite_page() -> rx.Component:
    greeting = rx.cond(InviteState.invited_name != "", t_format("invite.greeting", name=InviteState.invited_name),
                       t("invite.greeting_anonymous"))
    return new_password_link_page(
        InviteState, "page.invite", rx.heading(greeting, as_="h2", size="4"),
        rx.text(t("invite.intro"), color_scheme="gray"),
        password_label="form.password", submit_key="invite.submit", ask_key="login_link.ask_new",
        ask_href=routes.LOGIN_CODE,
    )
