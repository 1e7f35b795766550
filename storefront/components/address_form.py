"""The country-aware address form, shared by the address book, the checkout and the back-office customer card:
a country select, then that country's fields in its order, with its labels and an error next to each field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from shop.customers.addresses import countries
from storefront.components.forms import field_error, form_error, submit_button
from storefront.state.app import by_language, t, t_format

LABEL_STYLE = {"font_weight": "500", "font_size": "14px"}


@dataclass(frozen=True)
class AddressFormBinding:
    """The vars and handlers of the State behind one address form (the names differ from State to State).
    `form_values`, `form_spec` and `errors` are all `address_field` reads."""

    form_values: rx.Var
    form_spec: rx.Var
    errors: rx.Var
    country: rx.Var
    key: rx.Var
    heading: rx.Var | rx.Component
    on_country: Any
    on_submit: Any
    on_cancel: Any


def country_options() -> rx.Var:
    """Every country, named and sorted in the visitor's language, compiled into this page."""
    return by_language(countries).to(list[list[str]])


def native_select(select_id: str, name: str, options: rx.Var, value: rx.Var, on_change=None,
                  required: bool | rx.Var = False, placeholder: rx.Var | None = None,
                  errors: rx.Var | None = None) -> rx.Component:
    """A plain <select>: the phone's own picker, and every country typed to find it. With a placeholder
    it starts on an empty choice, which a required select refuses. With `errors`, the field's error
    (`field_error(errors, name)`) describes it."""
    linked = {} if errors is None else {"aria_invalid": rx.cond(errors.contains(name), "true", "false"),
                                         "aria_describedby": f"{name}-error"}
    return rx.el.select(
        rx.el.option(placeholder, value="") if placeholder is not None else rx.fragment(),
        # Keyed by value: a language switch re-sorts the names, and the chosen option must move with its
        # country (keyed by position, the select would quietly show another country).
        rx.foreach(options, lambda option: rx.el.option(option[1], value=option[0], key=option[0])),
        id=select_id, name=name, default_value=value, required=required,
        on_change=on_change,
        class_name="native-select",
        **linked,
    )


def address_field(field: rx.Var, state) -> rx.Component:
    """One field of a country's address form; `state` holds form_values, form_spec and errors (the address
    book's, the checkout's, or an AddressFormBinding)."""
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


def country_picker(country: rx.Var, on_change, errors: rx.Var) -> rx.Component:
    """The labelled country select that rebuilds the address fields for the chosen country."""
    return rx.vstack(
        rx.el.label(t("address.country"), html_for="address-country", **LABEL_STYLE),
        native_select("address-country", "country_code", country_options(), country, on_change=on_change,
                      required=True, errors=errors),
        field_error(errors, "country_code"),
        spacing="1",
        width="100%",
    )


def address_form(binding: AddressFormBinding, *, size: str = "3") -> rx.Component:
    """The whole form in a card: heading, country, the country's fields, save and cancel."""
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(binding.heading, as_="h2", size="4"),
                form_error(binding.errors),
                country_picker(binding.country, binding.on_country, binding.errors),
                rx.foreach(binding.form_spec["fields"].to(list[dict]), lambda field: address_field(field, binding)),
                rx.flex(
                    submit_button(t("addresses.save"), size=size),
                    rx.button(t("addresses.cancel"), type="button", variant="soft", color_scheme="gray", size=size,
                              on_click=binding.on_cancel),
                    wrap="wrap",
                    gap="3",
                ),
                spacing="4",
                width="100%",
            ),
            on_submit=binding.on_submit,
            reset_on_submit=False,
            key=binding.key,
            aria_label=binding.heading,  # a form a person (and a test) finds by its name
            width="100%",
        ),
        width="100%",
    )
