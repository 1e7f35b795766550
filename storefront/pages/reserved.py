"""Customer routes that QA scripts rely on and that the identity, account and shop issues fill.

Each already has its real heading and a way to reach the shop, so a link never leads to a 404.
"""

from __future__ import annotations

import reflex as rx

from shop import routes
from storefront.components.templates import shop_page
from storefront.state.app import t, t_format
from storefront.state.shop import ShopState

RESERVED_PAGES = [
    (routes.CART, "page.cart"),
    (routes.CHECKOUT, "page.checkout"),
]


def _opening_soon(title_key: str):
    def render() -> rx.Component:
        return rx.vstack(
            rx.heading(t(title_key), as_="h1", size="8", font_family="Georgia, serif", weight="regular"),
            rx.text(t_format("page.opening_soon", email=ShopState.contact_email), size="3",
                    color_scheme="gray", max_width="560px"),
            rx.link(rx.button(t("page.back_home"), size="3"), href=routes.HOME),
            spacing="4",
            padding_y="3rem",
        )

    render.__name__ = "page_" + title_key.replace(".", "_")
    return render


for _route, _title_key in RESERVED_PAGES:
    shop_page(_route, _title_key)(_opening_soon(_title_key))
