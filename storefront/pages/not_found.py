"""The 404 page, in the shop layout."""

from __future__ import annotations

import reflex as rx

from shop import routes
from storefront.components.templates import page_heading, shop_page
from storefront.state.app import t

NOT_FOUND_ROUTE = "404"


@shop_page(NOT_FOUND_ROUTE, "notfound.title")
def not_found() -> rx.Component:
    return rx.vstack(
        rx.text("404", size="9", weight="bold", color_scheme="grass"),
        page_heading(t("notfound.title")),
        rx.text(t("notfound.body"), size="3", color_scheme="gray"),
        rx.link(rx.button(t("notfound.home"), size="3"), href=routes.HOME),
        spacing="4",
        padding_y="4rem",
        align="start",
    )
