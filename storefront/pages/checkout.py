"""/checkout and /checkout/done/<token>: the order form and the confirmation."""

from __future__ import annotations

import reflex as rx

from shop import routes
from storefront.components.address_form import LABEL_STYLE, address_field, country_picker
from storefront.components.forms import (
    checkbox_field,
    field_error,
    form_error,
    prefilled_fields,
    submit_button,
    text_field,
)
from storefront.components.templates import loading, page_heading, shop_page
from storefront.pages.cart import merge_notice, totals
from storefront.state.app import t, t_dynamic, t_format
from storefront.state.checkout import CheckoutState, ConfirmationState


def section(title_key: str, *children: rx.Component) -> rx.Component:
    return rx.vstack(rx.heading(t(title_key), as_="h2", size="4"), *children, spacing="3", width="100%")


def sign_in_offer() -> rx.Component:
    next_query = "?next=" + routes.CHECKOUT
    return rx.vstack(
        rx.callout(CheckoutState.refusal, icon="lock", width="100%", role="status"),
        rx.hstack(
            rx.link(rx.button(t("checkout.sign_in"), size="3"), href=routes.LOGIN + next_query),
            rx.cond(CheckoutState.may_sign_up,
                    rx.link(rx.button(t("checkout.create_account"), size="3", variant="outline"),
                            href=routes.SIGNUP + next_query)),
            spacing="3",
            wrap="wrap",
        ),
        spacing="4",
        width="100%",
    )


def payment_choice(method: rx.Var) -> rx.Component:
    return rx.el.label(
        rx.hstack(
            rx.el.input(type="radio", name="payment_method", value=method,
                        default_checked=method == "bank_transfer", required=True),
            rx.vstack(
                rx.text(t_dynamic("payment.", method), weight="medium", size="2"),
                rx.text(t_dynamic("payment.", method.to(str) + "_hint"), size="1", color_scheme="gray"),
                spacing="0",
            ),
            align="start",
            spacing="3",
        ),
        cursor="pointer",
        class_name="payment-choice",
    )


def saved_address_picker() -> rx.Component:
    return rx.cond(
        CheckoutState.saved_addresses.length() > 0,
        rx.vstack(
            rx.el.label(t("checkout.saved_address"), html_for="saved-address", **LABEL_STYLE),
            rx.el.select(
                rx.foreach(CheckoutState.saved_addresses,
                           lambda a: rx.el.option(a["lines"].to(list[str]).join(", "), value=a["id"].to(str))),
                id="saved-address",
                name="saved_address",  # submitted with the form, which ignores it: it only fills the fields
                on_change=CheckoutState.use_address,
                class_name="native-select",
            ),
            spacing="1",
            width="100%",
        ),
    )


def checkout_form() -> rx.Component:
    return rx.form(
        prefilled_fields(rx.vstack(
            form_error(CheckoutState.errors),
            rx.cond(CheckoutState.stock_message != "",
                    rx.callout(CheckoutState.stock_message, icon="triangle_alert", color_scheme="red", role="alert",
                               width="100%")),
            section(
                "checkout.contact",
                rx.cond(
                    CheckoutState.email != "",
                    rx.text(t_format("checkout.signed_in_as", email=CheckoutState.email), size="2"),
                    rx.vstack(
                        text_field("checkout.email", "email", CheckoutState.errors, type="email",
                                   auto_complete="email", hint_key="checkout.email_hint"),
                        rx.text(t("checkout.have_account"), " ",
                                rx.link(t("checkout.sign_in"), href=routes.LOGIN + "?next=" + routes.CHECKOUT),
                                size="2"),
                        spacing="2",
                        width="100%",
                    ),
                ),
            ),
            section(
                "checkout.shipping_address",
                saved_address_picker(),
                country_picker(CheckoutState.form_country, CheckoutState.choose_country, CheckoutState.errors),
                rx.fragment(
                    rx.foreach(CheckoutState.form_spec["fields"].to(list[dict]),
                               lambda field: address_field(field, CheckoutState)),
                    key=CheckoutState.form_key,
                ),
                text_field("checkout.vat_number", "vat_number", CheckoutState.errors, required=False,
                           max_length=40, default_value=CheckoutState.vat_number,
                           on_blur=CheckoutState.set_vat_number),
                rx.cond(CheckoutState.signed_in, checkbox_field("checkout.save_address", "save_address")),
            ),
            section(
                "checkout.payment",
                rx.foreach(CheckoutState.payment_methods, payment_choice),
                field_error(CheckoutState.errors, "payment_method"),
            ),
            rx.vstack(
                rx.el.label(
                    rx.hstack(
                        # Not `required`: the server's message shows next to the box, in the shop's words.
                        rx.checkbox(name="accept_terms", size="2", id="accept-terms"),
                        rx.text(t("checkout.accept_terms"), size="2"),
                        spacing="2",
                        align="center",
                    ),
                    cursor="pointer",
                ),
                rx.link(t("checkout.read_terms"), href=routes.legal_url("terms"), is_external=True, size="2"),
                field_error(CheckoutState.errors, "accept_terms"),
                spacing="1",
            ),
            submit_button(rx.cond(CheckoutState.busy, t("checkout.placing"), t("checkout.place_order")),
                          busy=CheckoutState.busy | ~CheckoutState.loaded, width="100%",
                          # The French label is long: on a phone it wraps inside the button.
                          height="auto", min_height="var(--space-8)", padding_y="var(--space-2)",
                          white_space="normal"),
            spacing="6",
            width="100%",
        ), disabled=~CheckoutState.loaded),
        on_submit=CheckoutState.place_order,
        reset_on_submit=False,
        width="100%",
    )


def order_summary() -> rx.Component:
    summary = CheckoutState.summary
    return rx.card(
        rx.vstack(
            rx.heading(t("checkout.summary"), as_="h2", size="4"),
            rx.foreach(
                summary["lines"].to(list[dict]),
                lambda line: rx.hstack(
                    rx.text(line["quantity"].to(str) + " × " + line["name"].to(str), size="2"),
                    rx.text(line["total"].to(str), size="2", weight="medium"),
                    justify="between",
                    width="100%",
                ),
            ),
            rx.separator(),
            totals(summary),  # with the country the prices are for
            spacing="3",
            width="100%",
        ),
        position=rx.breakpoints(initial="static", md="sticky"),
        top="1rem",
    )


@shop_page(routes.CHECKOUT, "page.checkout", state=CheckoutState)
def checkout_page() -> rx.Component:
    return rx.vstack(
        page_heading(t("page.checkout")),
        merge_notice(CheckoutState),
        rx.cond(
            ~CheckoutState.loaded,
            loading(),
            rx.cond(
                CheckoutState.needs_sign_in,
                sign_in_offer(),
                rx.cond(
                    CheckoutState.refusal != "",
                    rx.callout(CheckoutState.refusal, icon="circle_alert", color_scheme="amber", role="alert",
                               width="100%"),
                    rx.cond(
                        CheckoutState.summary["count"].to(int) == 0,
                        rx.vstack(rx.text(t("cart.empty"), size="3"),
                                  rx.link(rx.button(t("cart.continue"), size="3"), href=routes.HOME), spacing="3"),
                        rx.grid(
                            checkout_form(),
                            order_summary(),
                            columns=rx.breakpoints(initial="1", md="3fr 2fr"),
                            spacing="6",
                            width="100%",
                            align_items="start",
                        ),
                    ),
                ),
            ),
        ),
        spacing="5",
        width="100%",
    )


def password_card() -> rx.Component:
    """The order created an account: a password is optional (sign-in by code or link works too)."""
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(t("confirmation.account_title"), as_="h2", size="4"),
                rx.text(t("confirmation.account_intro"), size="2", color_scheme="gray"),
                text_field("form.password", "password", ConfirmationState.errors, type="password",
                           auto_complete="new-password", max_length=1024, hint_key="form.password_hint"),
                text_field("form.password_confirm", "password_confirm", ConfirmationState.errors, type="password",
                           auto_complete="new-password", max_length=1024),
                submit_button(t("confirmation.save_password"), busy=ConfirmationState.busy),
                spacing="3",
                width="100%",
            ),
            on_submit=ConfirmationState.set_password,
            reset_on_submit=False,
        ),
        width="100%",
    )


@shop_page(routes.ORDER_CONFIRMATION, "confirmation.title", state=ConfirmationState)
def confirmation_page() -> rx.Component:
    order = ConfirmationState.order
    return rx.cond(
        ~ConfirmationState.loaded,
        loading(),
        rx.cond(
            ConfirmationState.found,
            rx.vstack(
                rx.icon("circle-check", size=40, color="var(--grass-9)"),
                page_heading(t("confirmation.title")),
                rx.text(order["title"].to(str), size="4", weight="medium"),
                rx.text(order["email_sent"].to(str), size="3"),
                rx.callout(order["payment"].to(str), icon="landmark", width="100%"),
                rx.cond(order["reverse_charge"].to(str) != "",
                        rx.text(order["reverse_charge"].to(str), size="2", color_scheme="gray")),
                rx.cond(ConfirmationState.may_set_password, password_card()),
                rx.cond(ConfirmationState.password_saved,
                        rx.callout(t("confirmation.password_saved"), icon="check", color_scheme="grass",
                                   role="status", width="100%")),
                rx.hstack(
                    rx.cond(order["has_account"].to(bool) & ConfirmationState.signed_in,
                            rx.link(rx.button(t("confirmation.view_orders"), size="3", variant="outline"),
                                    href=routes.ACCOUNT_ORDERS)),
                    rx.link(rx.button(t("cart.continue"), size="3"), href=routes.HOME),
                    spacing="3",
                    wrap="wrap",
                ),
                spacing="4",
                align="start",
                max_width="640px",
                padding_y="2rem",
            ),
            rx.vstack(
                page_heading(t("confirmation.title")),
                rx.text(t("confirmation.not_found"), size="3", color_scheme="gray"),
                rx.link(rx.button(t("cart.continue"), size="3"), href=routes.HOME),
                spacing="4",
                padding_y="2rem",
            ),
        ),
    )
