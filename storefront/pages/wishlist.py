"""/account/wishlist: saved products at the price this customer pays today."""

from __future__ import annotations

import reflex as rx

from shop import routes
from storefront.components.account_layout import account_heading, account_page
from storefront.state.app import t
from storefront.state.wishlist import WishlistState


def wishlist_card(item: rx.Var) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.image(src=item["image"].to(str), alt=item["image_alt"].to(str), width="88px", height="88px",
                     object_fit="cover", border_radius="8px"),
            rx.vstack(
                rx.cond(item["available"],
                        rx.link(item["name"], href="/products/" + item["slug"].to(str), weight="medium"),
                        rx.text(item["name"], weight="medium")),
                rx.text(item["price"], weight="bold"),
                rx.cond(~item["available"].to(bool), rx.badge(t("wishlist.unavailable"), color_scheme="gray"),
                        rx.cond(~item["in_stock"].to(bool), rx.badge(t("product.out_of_stock"), color_scheme="gray"))),
                spacing="1",
            ),
            rx.spacer(),
            rx.button(t("wishlist.remove"), size="1", variant="soft", color_scheme="red",
                      on_click=WishlistState.remove(item["product_id"].to(int))),
            gap="1rem",
            align="center",
            width="100%",
        ),
        width="100%",
        role="group",
        aria_label=item["name"].to(str),
    )


@account_page(routes.ACCOUNT_WISHLIST, "page.wishlist", state=WishlistState)
def wishlist_page() -> rx.Component:
    return rx.vstack(
        account_heading(t("page.wishlist")),
        rx.cond(
            WishlistState.loaded & (WishlistState.items.length() == 0),
            rx.vstack(rx.text(t("wishlist.empty"), color_scheme="gray"),
                      rx.link(rx.button(t("page.back_home")), href=routes.HOME)),
            rx.vstack(rx.foreach(WishlistState.items, wishlist_card), spacing="3", width="100%"),
        ),
        spacing="3",
        width="100%",
    )
