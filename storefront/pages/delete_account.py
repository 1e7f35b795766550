"""/account/delete: confirm with the password (or a code), leave an optional comment."""

from __future__ import annotations

import reflex as rx

from shop import routes
from storefront.components.account_layout import account_heading, account_page
from storefront.components.forms import field_error, form_error, submit_button, text_field
from storefront.state.app import t
from storefront.state.deletion import DeleteAccountState


@account_page(routes.ACCOUNT_DELETE, "page.delete_account", state=DeleteAccountState)
def delete_account_page() -> rx.Component:
    errors = DeleteAccountState.errors
    return rx.vstack(
        account_heading(t("page.delete_account")),
        rx.callout(t("delete.warning"), icon="triangle_alert", color_scheme="red", width="100%"),
        rx.text(t("delete.orders_kept"), size="2", color_scheme="gray"),
        rx.form(
            rx.vstack(
                form_error(errors),
                rx.cond(
                    DeleteAccountState.has_password,
                    text_field("form.password", "password", errors, type="password",
                               auto_complete="current-password", max_length=1024),
                    rx.vstack(
                        text_field("form.code", "code", errors, auto_complete="one-time-code", max_length=7,
                                   input_mode="numeric"),
                        rx.button(t("security.send_code"), type="button", variant="ghost", size="2",
                                  on_click=DeleteAccountState.send_code),
                        rx.cond(DeleteAccountState.code_sent,
                                rx.text(t("security.code_sent"), size="2", color_scheme="gray")),
                        width="100%",
                    ),
                ),
                rx.vstack(
                    rx.el.label(t("delete.comment"), html_for="field-comment", font_weight="500", font_size="14px"),
                    rx.text_area(id="field-comment", name="comment", max_length=2000, rows="4", width="100%"),
                    field_error(errors, "comment"),
                    spacing="1",
                    width="100%",
                ),
                submit_button(t("delete.submit"), color_scheme="red"),
                spacing="4",
                width="100%",
            ),
            on_submit=DeleteAccountState.delete,
            reset_on_submit=False,
            width="100%",
            max_width="520px",
        ),
        rx.link(t("delete.keep"), href=routes.ACCOUNT, size="2"),
        spacing="3",
        width="100%",
        align="start",
    )
