"""The customer's account area: a section menu beside every /account page, shown once signed in."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from shop import routes
from storefront.components import plain
from storefront.components.templates import shop_page
from storefront.state.account import AccountState
from storefront.state.app import t
from storefront.state.shop import ShopState

SECTIONS = [
    ("page.account", routes.ACCOUNT, "layout-grid"),
    ("page.orders", routes.ACCOUNT_ORDERS, "package"),
    ("page.profile", routes.ACCOUNT_PROFILE, "user"),
    ("page.addresses", routes.ACCOUNT_ADDRESSES, "map-pin"),
    ("page.wishlist", routes.ACCOUNT_WISHLIST, "heart"),
    ("page.security", routes.ACCOUNT_SECURITY, "shield"),
    ("page.delete_account", routes.ACCOUNT_DELETE, "trash-2"),
]


def section_link(key: str, href: str, icon: str) -> rx.Component:
    link = plain.link(
        plain.stack(rx.icon(icon, size=16), plain.text(t(key), size="2"), align="center", gap="2"),
        href=href, underline="none", high_contrast=True, hover_color=False, class_name="section-link",
    )
    if key == "page.wishlist":  # the wishlist disappears everywhere when the shop turns it off
        return rx.cond(ShopState.wishlist_enabled, link)
    return link


@rx.memo
def section_menu() -> rx.Component:
    return rx.el.nav(
        plain.stack(*[section_link(*section) for section in SECTIONS], direction="column", align="start", gap="1",
                    class_name="full-width"),
        rx.button(t("account.sign_out"), on_click=AccountState.sign_out, variant="soft", color_scheme="gray",
                  size="2", margin_top="1rem", width="100%"),
        aria_label=t("page.account"),
        class_name="section-menu",
    )


@rx.memo
def mobile_section_menu() -> rx.Component:
    return rx.el.div(
        rx.menu.root(
            rx.menu.trigger(rx.button(rx.icon("menu", size=16), t("page.account"), variant="soft", size="2")),
            rx.menu.content(
                *[rx.menu.item(t(key), on_click=rx.redirect(href)) for key, href, _ in SECTIONS
                  if key != "page.wishlist"],
                rx.cond(ShopState.wishlist_enabled,
                        rx.menu.item(t("page.wishlist"), on_click=rx.redirect(routes.ACCOUNT_WISHLIST))),
                rx.menu.separator(),
                rx.menu.item(t("account.sign_out"), on_click=AccountState.sign_out),
            ),
        ),
        class_name="rt-Box section-menu-phone",
    )


def account_page(route: str, title_key: str, state: type[AccountState] = AccountState, title: rx.Var | None = None):
    """An /account page: a visitor is sent to sign in and brought back; `state` loads the page."""

    def decorator(render: Callable[[], rx.Component]):
        def content() -> rx.Component:
            return rx.cond(
                AccountState.email != "",
                rx.el.div(
                    mobile_section_menu(),
                    rx.el.div(section_menu(), rx.el.div(render(), class_name="rt-Box account-body"),
                              class_name="rt-Flex account-columns"),
                    class_name="rt-Box full-width",
                ),
                rx.center(rx.spinner(size="3"), padding_y="6rem"),
            )

        content.__name__ = render.__name__
        return shop_page(route, title_key, state=state, title=title)(content)

    return decorator


def account_heading(title: rx.Var | str) -> rx.Component:
    return plain.heading(title, as_="h1", size="7", weight="regular", class_name="account-heading")
