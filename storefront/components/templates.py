"""Page decorators: each wraps a page in its layout and records it for storefront.py to register."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import reflex as rx

from storefront.components.layout import shop_layout
from storefront.state.app import t
from storefront.state.shop import ShopState


@dataclass
class PageSpec:
    route: str
    component: Callable[[], rx.Component]
    title: rx.Var | str
    on_load: list = field(default_factory=list)


REGISTERED_PAGES: list[PageSpec] = []


def page_title(title_key: str, shop_name: rx.Var = ShopState.shop_name) -> rx.Var:
    return t(title_key) + " · " + shop_name


def register(route: str, component: Callable[[], rx.Component], title: rx.Var | str, on_load: list) -> None:
    REGISTERED_PAGES.append(PageSpec(route=route, component=component, title=title, on_load=on_load))


def shop_page(route: str, title_key: str, state: type[ShopState] = ShopState, title: rx.Var | None = None):
    """A customer-facing page in the shop layout. Its one on-load handler is `state.load_page`: who is
    asking, the header figures, the guard and the page's data, in one transaction."""

    def decorator(render: Callable[[], rx.Component]):
        @functools.wraps(render)
        def page() -> rx.Component:
            return shop_layout(render())

        register(route, page, title if title is not None else page_title(title_key), [state.load_page])
        return page

    return decorator


def page_heading(text: rx.Var) -> rx.Component:
    """The one level-1 heading of a shop page, in the shop's serif."""
    return rx.heading(text, as_="h1", size="8", font_family="Georgia, serif", weight="regular")


def loading() -> rx.Component:
    """What a page shows until its on-load work has answered (the spinner is named for screen readers)."""
    return rx.center(rx.spinner(size="3"), padding_y="4rem", width="100%", aria_label=t("product.loading"))
