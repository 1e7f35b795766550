"""/account/addresses: saved addresses, defaults, and the country-aware form."""

from __future__ import annotations

import reflex as rx

from shop import routes
from storefront.components.account_layout import account_heading, account_page
from storefront.components.address_form import AddressFormBinding
from storefront.components.address_form import address_form as shared_address_form
from storefront.state.addresses import AddressesState
from storefront.state.app import t


def address_form() -> rx.Component:
    state = AddressesState
    return shared_address_form(AddressFormBinding(
        form_values=state.form_values, form_spec=state.form_spec, errors=state.errors, country=state.form_country,
        key=state.form_key, heading=rx.cond(state.editing_id == 0, t("addresses.new"), t("addresses.edit")),
        on_country=state.choose_country, on_submit=state.save, on_cancel=state.close_form))


def address_card(address: rx.Var) -> rx.Component:
    address_id = address["id"].to(int)
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.cond(address["is_default_shipping"],
                        rx.badge(t("addresses.default_shipping"), color_scheme="grass")),
                rx.cond(address["is_default_billing"],
                        rx.badge(t("addresses.default_billing"), color_scheme="blue")),
                wrap="wrap",
                spacing="2",
            ),
            rx.foreach(address["lines"].to(list[str]), lambda line: rx.text(line, size="2")),
            rx.flex(
                rx.button(t("addresses.edit_button"), size="1", variant="soft",
                          on_click=AddressesState.open_edit(address_id)),
                rx.cond(~address["is_default_shipping"].to(bool),
                        rx.button(t("addresses.use_for_shipping"), size="1", variant="outline",
                                  on_click=AddressesState.make_default(address_id, "shipping"))),
                rx.cond(~address["is_default_billing"].to(bool),
                        rx.button(t("addresses.use_for_billing"), size="1", variant="outline",
                                  on_click=AddressesState.make_default(address_id, "billing"))),
                rx.button(t("addresses.delete"), size="1", variant="ghost", color_scheme="red",
                          on_click=AddressesState.delete(address_id)),
                wrap="wrap",
                gap="0.5rem",
            ),
            spacing="2",
        ),
        width="100%",
        # A person (and a test script) finds an address by what it says: a group named by its lines.
        role="group",
        aria_label=address["lines"].to(list[str]).join(", "),
    )


@account_page(routes.ACCOUNT_ADDRESSES, "page.addresses", state=AddressesState)
def addresses_page() -> rx.Component:
    return rx.vstack(
        rx.flex(
            account_heading(t("page.addresses")),
            rx.spacer(),
            rx.cond(~AddressesState.form_open,
                    rx.button(rx.icon("plus", size=16), t("addresses.add"), on_click=AddressesState.open_new)),
            align="center",
            wrap="wrap",
            width="100%",
        ),
        rx.cond(AddressesState.form_open, address_form()),
        rx.cond(
            AddressesState.loaded & (AddressesState.book.length() == 0) & ~AddressesState.form_open,
            rx.text(t("addresses.none"), color_scheme="gray"),
        ),
        rx.grid(
            rx.foreach(AddressesState.book, address_card),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )
