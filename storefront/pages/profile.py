"""/account/profile: names, company, VAT number, phone, language, newsletter; and "download my data"."""

from __future__ import annotations

import reflex as rx

from shop import routes
from storefront.components.account_layout import account_heading, account_page
from storefront.components.forms import field_error, form_error, prefilled_fields, submit_button, text_field
from storefront.state.app import t, t_format
from storefront.state.profile import ProfileState


def language_choice() -> rx.Component:
    return rx.vstack(
        rx.el.label(t("profile.language"), html_for="field-language", font_weight="500", font_size="14px"),
        rx.el.select(
            rx.el.option("English", value="en"),
            rx.el.option("Français", value="fr"),
            id="field-language", name="language", default_value=ProfileState.values["language"].to(str),
            class_name="native-select",
        ),
        field_error(ProfileState.errors, "language"),
        spacing="1",
        width="100%",
    )


@account_page(routes.ACCOUNT_PROFILE, "page.profile", state=ProfileState)
def profile_page() -> rx.Component:
    errors, values = ProfileState.errors, ProfileState.values
    value = lambda name: values[name].to(str)  # noqa: E731
    return rx.vstack(
        account_heading(t("page.profile")),
        rx.text(t_format("profile.customer_number", number=value("customer_number")), color_scheme="gray",
                size="2"),
        rx.form(
            prefilled_fields(rx.vstack(
                form_error(errors),
                rx.grid(
                    text_field("form.first_name", "first_name", errors, auto_complete="given-name", max_length=100,
                               default_value=value("first_name")),
                    text_field("form.last_name", "last_name", errors, auto_complete="family-name", max_length=100,
                               default_value=value("last_name")),
                    text_field("profile.company", "company", errors, auto_complete="organization", max_length=150,
                               required=False, default_value=value("company")),
                    text_field("profile.vat_number", "vat_number", errors, max_length=40, required=False,
                               hint_key="profile.vat_hint", default_value=value("vat_number")),
                    text_field("profile.phone", "phone", errors, type="tel", auto_complete="tel", max_length=40,
                               required=False, hint_key="profile.phone_hint", default_value=value("phone")),
                    language_choice(),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="4",
                    width="100%",
                ),
                rx.el.label(
                    rx.hstack(
                        rx.checkbox(name="newsletter", default_checked=values["newsletter"].to(bool), size="2",
                                    aria_label=t("signup.newsletter")),
                        rx.text(t("signup.newsletter"), size="2"),
                        spacing="2",
                        align="center",
                    ),
                    cursor="pointer",
                ),
                submit_button(t("profile.save"), size="3"),
                spacing="4",
                width="100%",
            )),
            on_submit=ProfileState.save,
            reset_on_submit=False,
            key=ProfileState.form_key.to(str),
            width="100%",
        ),
        rx.text(t_format("profile.email_note", email=value("email")), size="2", color_scheme="gray"),
        rx.link(t("profile.change_email"), href=routes.ACCOUNT_SECURITY, size="2"),
        rx.separator(margin_y="1rem"),
        rx.heading(t("profile.data_title"), as_="h2", size="4"),
        rx.text(t("profile.data_body"), size="2", color_scheme="gray"),
        rx.button(rx.icon("download", size=16), t("profile.download"), on_click=ProfileState.download_data,
                  variant="outline"),
        spacing="3",
        width="100%",
        align="start",
    )
