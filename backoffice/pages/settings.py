"""/admin/settings: every store setting on one page, in sections, each with a line of help."""

from __future__ import annotations

import reflex as rx
from babel import Locale

from backoffice.pages.layout import admin_page, page_heading
from backoffice.state.settings import SettingsState
from shop import routes
from shop.i18n import babel_locale
from shop.models import CheckoutMode, EmailVerification, ExportFormat, RegistrationMode
from shop.settings.admin import SHOP_COUNTRIES
from storefront.components.address_form import country_options, native_select
from storefront.components.forms import field_error, prefilled_fields, submit_button, text_field
from storefront.components.tables import scrolling_table
from storefront.state.app import by_language, t, t_format

LANGUAGE_NAMES = {"en": "English", "fr": "Français"}


def _value(name: str) -> rx.Var:
    return SettingsState.values[name].to(str)


def hint(key: str, name: str) -> rx.Component:
    return rx.text(t(key), id=f"{name}-hint", size="1", color_scheme="gray")


def select_field(label_key: str, name: str, options: list[tuple[str, rx.Var | str]], hint_key: str,
                 **select_props) -> rx.Component:
    input_id = f"field-{name}"
    if "value" not in select_props:
        select_props["default_value"] = _value(name)
    return rx.vstack(
        rx.el.label(t(label_key), html_for=input_id, font_weight="500", font_size="14px"),
        rx.el.select(*[rx.el.option(label, value=value) for value, label in options], id=input_id, name=name,
                     class_name="native-select", aria_describedby=f"{name}-hint {name}-error", **select_props),
        hint(hint_key, name),
        field_error(SettingsState.errors, name),
        spacing="1",
        width="100%",
    )


def switch_field(label_key: str, name: str, hint_key: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(
            rx.hstack(
                rx.checkbox(name=name, default_checked=SettingsState.values[name].to(bool), size="2",
                            aria_label=t(label_key), aria_describedby=f"{name}-hint"),
                rx.text(t(label_key), size="2", weight="medium"),
                spacing="2",
                align="center",
            ),
            cursor="pointer",
        ),
        rx.box(hint(hint_key, name), padding_left="1.5rem"),
        spacing="1",
        width="100%",
    )


def setting_text(label_key: str, name: str, hint_key: str, **props) -> rx.Component:
    return text_field(label_key, name, SettingsState.errors, hint_key=hint_key, default_value=_value(name), **props)


def legal_text(label_key: str, name: str) -> rx.Component:
    input_id = f"field-{name}"
    return rx.vstack(
        rx.el.label(t(label_key), html_for=input_id, font_weight="500", font_size="14px"),
        rx.text_area(id=input_id, name=name, default_value=_value(name), rows="6", max_length=50_000, width="100%",
                     placeholder=t("admin.settings.legal_placeholder"), aria_describedby=f"{name}-error"),
        field_error(SettingsState.errors, name),
        spacing="1",
        width="100%",
    )


def section(title_key: str, intro_key: str | None, *fields: rx.Component, columns: bool = True) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t(title_key), as_="h2", size="4"),
            rx.text(t(intro_key), size="2", color_scheme="gray") if intro_key else rx.fragment(),
            rx.grid(*fields, columns=rx.breakpoints(initial="1", md="2") if columns else "1", spacing="5",
                    width="100%"),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _choices(prefix: str, values) -> list[tuple[str, rx.Var]]:
    return [(value, t(f"{prefix}{value}")) for value in values]


def _country_name(code: str) -> rx.Var:
    return by_language(lambda lang: Locale.parse(babel_locale(lang)).territories.get(code, code)).to(str)


def settings_form() -> rx.Component:
    return rx.form(
        prefilled_fields(
            rx.vstack(
                section(
                    "admin.settings.section.shop", None,
                    setting_text("admin.settings.shop_name", "shop_name", "admin.settings.shop_name_hint",
                                 max_length=100),
                    setting_text("admin.settings.contact_email", "contact_email",
                                 "admin.settings.contact_email_hint", type="email"),
                    select_field("admin.settings.default_language", "default_language",
                                 list(LANGUAGE_NAMES.items()), "admin.settings.default_language_hint"),
                ),
                section(
                    "admin.settings.section.accounts", "admin.settings.section.accounts_intro",
                    select_field("admin.settings.registration_mode", "registration_mode",
                                 _choices("admin.settings.registration_mode.", [m.value for m in RegistrationMode]),
                                 "admin.settings.registration_mode_hint"),
                    select_field("admin.settings.email_verification", "email_verification",
                                 _choices("admin.settings.email_verification.",
                                          [m.value for m in EmailVerification]),
                                 "admin.settings.email_verification_hint"),
                    switch_field("admin.settings.passwordless_sign_in", "passwordless_sign_in",
                                 "admin.settings.passwordless_sign_in_hint"),
                    switch_field("admin.settings.approved_buyers_only", "approved_buyers_only",
                                 "admin.settings.approved_buyers_only_hint"),
                    switch_field("admin.settings.notify_on_signup", "notify_on_signup",
                                 "admin.settings.notify_on_signup_hint"),
                    switch_field("admin.settings.wishlist_enabled", "wishlist_enabled",
                                 "admin.settings.wishlist_enabled_hint"),
                ),
                section(
                    "admin.settings.section.checkout", None,
                    select_field("admin.settings.checkout_mode", "checkout_mode",
                                 _choices("admin.settings.checkout_mode.", [m.value for m in CheckoutMode]),
                                 "admin.settings.checkout_mode_hint"),
                    switch_field("admin.settings.account_from_order", "account_from_order",
                                 "admin.settings.account_from_order_hint"),
                    switch_field("admin.settings.keep_customer_prices", "keep_customer_prices",
                                 "admin.settings.keep_customer_prices_hint"),
                    setting_text("admin.settings.unpaid_order_days", "unpaid_order_days",
                                 "admin.settings.unpaid_order_days_hint", max_length=3, input_mode="numeric"),
                    setting_text("admin.settings.bank_details", "bank_details", "admin.settings.bank_details_hint",
                                 max_length=500, required=False),
                ),
                section(
                    "admin.settings.section.back_office", None,
                    switch_field("admin.settings.require_two_factor", "require_two_factor",
                                 "admin.settings.require_two_factor_hint"),
                    select_field("admin.settings.export_format", "export_format",
                                 _choices("admin.settings.export_format.", [f.value for f in ExportFormat]),
                                 "admin.settings.export_format_hint"),
                    select_field("admin.settings.csv_delimiter", "csv_delimiter",
                                 [(";", t("admin.settings.csv_delimiter.semicolon")),
                                  (",", t("admin.settings.csv_delimiter.comma"))],
                                 "admin.settings.csv_delimiter_hint"),
                ),
                section(
                    "admin.settings.section.legal", "admin.settings.section.legal_intro",
                    legal_text("admin.settings.terms_text", "terms_text"),
                    legal_text("admin.settings.legal_notice_text", "legal_notice_text"),
                    legal_text("admin.settings.privacy_text", "privacy_text"),
                    legal_text("admin.settings.shipping_returns_text", "shipping_returns_text"),
                    columns=False,
                ),
                section(
                    "admin.settings.section.tax", None,
                    rx.vstack(
                        select_field("admin.settings.shop_country", "shop_country",
                                     [(code, _country_name(code)) for code in SHOP_COUNTRIES],
                                     "admin.settings.shop_country_hint", value=SettingsState.country,
                                     on_change=SettingsState.choose_country),
                        rx.text(t_format("admin.settings.vat_rate", rate=SettingsState.vat_rate), size="2",
                                weight="medium", role="status"),
                        spacing="2",
                        width="100%",
                    ),
                    setting_text("admin.settings.shipping_flat", "shipping_flat_cents",
                                 "admin.settings.shipping_flat_hint", max_length=12, input_mode="decimal"),
                    setting_text("admin.settings.free_shipping_over", "free_shipping_over_cents",
                                 "admin.settings.free_shipping_over_hint", max_length=12, input_mode="decimal"),
                ),
                rx.cond(
                    SettingsState.is_owner,
                    rx.hstack(submit_button(t("admin.settings.save"), busy=SettingsState.saving), width="100%",
                              justify="end"),
                ),
                spacing="4",
                width="100%",
            ),
            disabled=~SettingsState.is_owner,
        ),
        on_submit=SettingsState.save,
        reset_on_submit=False,
        key=SettingsState.form_key.to(str),
        width="100%",
    )


RATE_COLUMNS = [("admin.settings.rates.country", False), ("admin.settings.rates.price", True)]


def rate_row(rate: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rate["country"]),
        rx.table.cell(rate["price"], text_align="right"),
    )


def owner_rate_row(rate: rx.Var) -> rx.Component:
    """A row with its bin button, for owners."""
    return rx.table.row(
        rx.table.row_header_cell(rate["country"]),
        rx.table.cell(rate["price"], text_align="right"),
        rx.table.cell(
            rx.icon_button(rx.icon("trash-2", size=16), type="button", variant="ghost", color_scheme="red",
                           aria_label=t_format("admin.settings.rates.remove", country=rate["country"]),
                           title=t_format("admin.settings.rates.remove", country=rate["country"]),
                           disabled=~rx.State.is_hydrated,
                           on_click=SettingsState.remove_shipping_rate(rate["code"])),
            text_align="right",
        ),
    )


def rate_form() -> rx.Component:
    """One country and its price; saving a country that has a price changes it."""
    return rx.form(
        rx.flex(
            rx.vstack(
                rx.el.label(t("admin.settings.rates.country"), html_for="rate-country", font_weight="500",
                            font_size="14px"),
                native_select("rate-country", "rate_country", country_options(), "",
                              placeholder=t("admin.settings.rates.choose"), required=True,
                              errors=SettingsState.rate_errors),
                field_error(SettingsState.rate_errors, "rate_country"),
                spacing="1",
                flex="2 1 14rem",
            ),
            rx.box(text_field("admin.settings.rates.price", "rate_price", SettingsState.rate_errors, max_length=12,
                              input_mode="decimal"), flex="1 1 8rem"),
            rx.box(submit_button(t("admin.settings.rates.save"), busy=SettingsState.rate_saving), padding_top="1.6rem"),
            wrap="wrap",
            gap="3",
            align="start",
            width="100%",
        ),
        on_submit=SettingsState.save_shipping_rate,
        reset_on_submit=False,
        key=SettingsState.rate_form_key.to(str),
        aria_label=t("admin.settings.rates.title"),
        width="100%",
    )


def shipping_rates_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("admin.settings.rates.title"), as_="h2", size="4", id="shipping-by-country"),
            rx.text(t("admin.settings.rates.intro"), size="2", color_scheme="gray"),
            rx.cond(
                SettingsState.shipping_rates.length() > 0,
                rx.cond(
                    SettingsState.is_owner,
                    scrolling_table([*RATE_COLUMNS, ("admin.settings.rates.actions", True)],
                                    SettingsState.shipping_rates, owner_rate_row),
                    scrolling_table(RATE_COLUMNS, SettingsState.shipping_rates, rate_row),
                ),
                rx.text(t("admin.settings.rates.none"), size="2"),
            ),
            rx.cond(SettingsState.is_owner, rate_form()),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


@admin_page(routes.ADMIN_SETTINGS, "admin.page.settings", state=SettingsState)
def admin_settings() -> rx.Component:
    return rx.vstack(
        page_heading("admin.page.settings"),
        rx.cond(
            SettingsState.is_owner,
            rx.text(t("admin.settings.intro"), size="2", color_scheme="gray"),
            rx.callout(t("admin.settings.owner_only"), icon="lock", color_scheme="amber", width="100%",
                       role="status"),
        ),
        rx.cond(SettingsState.values.length() > 0,
                rx.vstack(settings_form(), shipping_rates_card(), spacing="4", width="100%"),
                rx.center(rx.spinner(size="3"), width="100%")),
        spacing="4",
        width="100%",
    )
