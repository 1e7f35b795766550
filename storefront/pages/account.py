"""/account: the signed-in customer's overview (the account issue adds its sections)."""

from __future__ import annotations

import reflex as rx

from storefront import routes
from storefront.components.forms import notice
from storefront.components.templates import shop_page
from storefront.state.account import AccountState
from storefront.state.shop import t, t_format


@shop_page(routes.ACCOUNT, "page.account", on_load=[AccountState.require_customer])
def account_page() -> rx.Component:
    return rx.cond(
        AccountState.email != "",
        rx.vstack(
            rx.heading(t_format("account.greeting", name=AccountState.customer_first_name), as_="h1", size="8",
                       font_family="Georgia, serif", weight="regular"),
            rx.text(t_format("account.signed_in_as", email=AccountState.email), color_scheme="gray"),
            rx.cond(~AccountState.can_order, notice(t("account.cannot_order"), icon="clock", color_scheme="amber")),
            rx.text(t("account.intro")),
            rx.button(t("account.sign_out"), on_click=AccountState.sign_out, variant="soft", size="3"),
            spacing="4",
            align="start",
            padding_y="2rem",
        ),
        rx.center(rx.spinner(size="3"), padding_y="6rem"),
    )
