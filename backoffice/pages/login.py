"""/admin/login: the merchant sign-in form."""

from __future__ import annotations

import reflex as rx

from backoffice.pages.layout import signed_out_card
from backoffice.state.auth import AdminLoginState
from shop import routes
from storefront.components.forms import submit_button
from storefront.components.templates import page_title, register
from storefront.state.app import t


def login_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.vstack(
                rx.el.label(t("admin.login.email"), html_for="admin-email", font_weight="500", font_size="14px"),
                rx.input(id="admin-email", name="email", type="email", auto_complete="username", required=True,
                         max_length=254, size="3", width="100%"),
                spacing="1",
                width="100%",
            ),
            rx.vstack(
                rx.el.label(t("admin.login.password"), html_for="admin-password", font_weight="500",
                            font_size="14px"),
                rx.input(id="admin-password", name="password", type="password", auto_complete="current-password",
                         required=True, max_length=128, size="3", width="100%"),
                spacing="1",
                width="100%",
            ),
            login_error(),
            submit_button(t("admin.login.submit"), busy=AdminLoginState.signing_in, width="100%"),
            spacing="4",
            width="100%",
        ),
        on_submit=AdminLoginState.sign_in,
        reset_on_submit=False,
        width="100%",
    )


def login_error() -> rx.Component:
    return rx.cond(
        AdminLoginState.login_error != "",
        rx.callout(AdminLoginState.login_error, icon="triangle_alert", color_scheme="red", role="alert",
                   width="100%"),
    )


def code_form() -> rx.Component:
    """The second step, for users with two-factor sign-in."""
    return rx.form(
        rx.vstack(
            rx.text(t("admin.login.code_intro"), size="2"),
            rx.vstack(
                rx.el.label(t("admin.login.code"), html_for="admin-code", font_weight="500", font_size="14px"),
                rx.input(id="admin-code", name="code", type="text", auto_complete="one-time-code", required=True,
                         max_length=40, size="3", width="100%", auto_focus=True, spell_check=False,
                         aria_describedby="admin-code-hint"),
                rx.text(t("admin.login.code_hint"), id="admin-code-hint", size="1", color_scheme="gray"),
                spacing="1",
                width="100%",
            ),
            login_error(),
            submit_button(t("admin.login.verify"), busy=AdminLoginState.signing_in, width="100%"),
            rx.button(t("admin.login.restart"), type="button", variant="ghost", size="2",
                      on_click=AdminLoginState.restart_sign_in),
            spacing="4",
            width="100%",
        ),
        on_submit=AdminLoginState.verify_code,
        reset_on_submit=True,
        key=AdminLoginState.code_form_key.to(str),
        width="100%",
    )


def admin_login() -> rx.Component:
    return signed_out_card(
        AdminLoginState, "admin.login.title",
        rx.text(t("admin.login.intro"), color_scheme="gray", size="2"),
        rx.cond(AdminLoginState.needs_code, code_form(), login_form()),
    )

register(routes.ADMIN_LOGIN, admin_login, page_title("admin.login.title", AdminLoginState.shop_name),
         [AdminLoginState.load_page])
