"""/account: a greeting, the latest orders, the default addresses and a way into every section."""

from __future__ import annotations

import reflex as rx

from shop import routes
from storefront.components import plain
from storefront.components.account_layout import SECTIONS, account_heading, account_page
from storefront.components.forms import notice
from storefront.pages.orders import order_card
from storefront.state.account import AccountState
from storefront.state.app import t, t_format
from storefront.state.overview import OverviewState
from storefront.state.shop import ShopState


def address_card(title_key: str, lines: rx.Var) -> rx.Component:
    return plain.card(
        plain.stack(
            plain.text(t(title_key), weight="bold", size="2"),
            rx.cond(lines.length() > 0, rx.foreach(lines, lambda line: plain.text(line, size="2")),
                    plain.text(t("overview.no_address"), size="2", color="gray")),
            plain.link(t("overview.manage_addresses"), href=routes.ACCOUNT_ADDRESSES, size="2", color=""),
            direction="column",
            align="start",
            gap="1",
        ),
        class_name="full-width",
    )


def shortcut(key: str, href: str, icon: str) -> rx.Component:
    card = plain.link(
        plain.card(plain.stack(rx.icon(icon, size=18), plain.text(t(key)), align="center", gap="3"),
                   class_name="full-width"),
        href=href, underline="none", high_contrast=True,
    )
    return rx.cond(ShopState.wishlist_enabled, card) if key == "page.wishlist" else card


@account_page(routes.ACCOUNT, "page.account", state=OverviewState)
def account_page_overview() -> rx.Component:
    # Plain elements (storefront/components/plain.py): this page mounts right after a sign-in.
    return plain.stack(
        account_heading(t_format("account.greeting", name=AccountState.customer_first_name)),
        plain.text(t_format("account.signed_in_as", email=AccountState.email), color="gray"),
        rx.cond(~AccountState.can_order, notice(t("account.cannot_order"), icon="clock", color_scheme="amber")),
        plain.heading(t("overview.recent_orders"), size="4", class_name="space-above"),
        rx.cond(
            OverviewState.recent_orders.length() > 0,
            plain.stack(rx.foreach(OverviewState.recent_orders, order_card),
                        plain.link(t("overview.all_orders"), href=routes.ACCOUNT_ORDERS, size="2", color=""),
                        direction="column", align="start", gap="3", class_name="full-width"),
            plain.text(t("orders.none"), color="gray"),
        ),
        plain.heading(t("page.addresses"), size="4", class_name="space-above"),
        plain.grid(
            address_card("overview.default_shipping", OverviewState.shipping_lines),
            address_card("overview.default_billing", OverviewState.billing_lines),
            columns="1 sm:2", gap="3", class_name="full-width",
        ),
        plain.grid(
            *[shortcut(key, href, icon) for key, href, icon in SECTIONS[1:]],
            columns="1 sm:2 lg:3", gap="3", class_name="full-width space-above",
        ),
        direction="column", align="start", gap="3", class_name="full-width",
    )
