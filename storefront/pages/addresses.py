"""/account/addresses: saved addresses, defaults, and the country-aware form."""

from __future__ import annotations

import reflex as rx

from shop import routes
from shop.customers.addresses import countries
from storefront.components.account_layout import account_heading, account_page
from storefront.components.forms import field_error, form_error, submit_button
from storefront.state.addresses import AddressesState
from storefront.state.app import by_language, t, t_format

LABEL_STYLE = {"font_weight": "500", "font_size": "14px"}


def country_options() -> rx.Var:
    """Every country, named and sorted in the visitor's language, compiled into this page."""
    return by_language(countries).to(list[list[str]])


def native_select(select_id: str, name: str, options: rx.Var, value: rx.Var, on_change=None,
                  required: bool | rx.Var = False, placeholder: rx.Var | None = None) -> rx.Component:
    """A plain <select>: the phone's own picker, and every country typed to find it. With a placeholder
    it starts on an empty choice, which a required select refuses."""
    return rx.el.select(
        rx.el.option(placeholder, value="") if placeholder is not None else rx.fragment(),
        rx.foreach(options, lambda option: rx.el.option(option[1], value=option[0])),
        id=select_id, name=name, default_value=value, required=required,
        on_change=on_change,
        class_name="native-select",
    )


def address_field(field: rx.Var, state=AddressesState) -> rx.Component:
    """One field of a country's address form; `state` holds form_values, form_spec and errors (the address
    book's, or the checkout's)."""
    name = field["name"].to(str)
    input_id = "address-" + name
    value = state.form_values[name].to(str)
    return rx.vstack(
        rx.el.label(field["label"], html_for=input_id, **LABEL_STYLE),
        rx.cond(
            field["choices"].to(list).length() > 0,
            native_select(input_id, name, field["choices"].to(list[list[str]]), value, required=field["required"],
                          placeholder=field["placeholder"].to(str)),
            rx.cond(
                name == "street_address",
                rx.text_area(id=input_id, name=name, default_value=value, required=field["required"].to(bool),
                             custom_attrs={"autoComplete": "street-address"}, rows="2", max_length=300,
                             width="100%"),
                rx.input(id=input_id, name=name, default_value=value, required=field["required"].to(bool),
                         auto_complete=field["autocomplete"].to(str), max_length=150, size="3", width="100%",
                         color_scheme=rx.cond(state.errors.contains(name), "red", "gray")),
            ),
        ),
        rx.cond(
            (name == "postal_code") & (state.form_spec["postal_code_example"] != ""),
            rx.text(t_format("address.postal_code_example",
                             example=state.form_spec["postal_code_example"].to(str)),
                    size="1", color_scheme="gray"),
        ),
        rx.cond(
            state.errors.contains(name),
            rx.text(state.errors[name].to(str), color_scheme="red", size="2", role="alert"),
        ),
        spacing="1",
        width="100%",
    )


def address_form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(rx.cond(AddressesState.editing_id == 0, t("addresses.new"), t("addresses.edit")),
                           as_="h2", size="4"),
                form_error(AddressesState.errors),
                rx.vstack(
                    rx.el.label(t("address.country"), html_for="address-country", **LABEL_STYLE),
                    native_select("address-country", "country_code", country_options(),
                                  AddressesState.form_country,
                                  on_change=AddressesState.choose_country, required=True),
                    field_error(AddressesState.errors, "country_code"),
                    spacing="1",
                    width="100%",
                ),
                rx.foreach(AddressesState.form_spec["fields"].to(list[dict]), lambda field: address_field(field)),
                rx.hstack(
                    submit_button(t("addresses.save"), size="3"),
                    rx.button(t("addresses.cancel"), type="button", variant="soft", color_scheme="gray", size="3",
                              on_click=AddressesState.close_form),
                    spacing="3",
                ),
                spacing="4",
                width="100%",
            ),
            on_submit=AddressesState.save,
            reset_on_submit=False,
            key=AddressesState.form_key,
            width="100%",
        ),
        width="100%",
    )


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
