"""Page decorators: each wraps a page in its layout and records it for storefront.py to register."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import reflex as rx

from storefront.components.layout import shop_layout
from storefront.state.shop import ShopState, t


@dataclass
class PageSpec:
    route: str
    component: Callable[[], rx.Component]
    title: rx.Var | str
    on_load: list = field(default_factory=list)


REGISTERED_PAGES: list[PageSpec] = []


def page_title(title_key: str) -> rx.Var:
    return t(title_key) + " · " + ShopState.shop_name


def register(route: str, component: Callable[[], rx.Component], title: rx.Var | str, on_load: list) -> None:
    REGISTERED_PAGES.append(PageSpec(route=route, component=component, title=title, on_load=on_load))


def shop_page(route: str, title_key: str, on_load: list | None = None, title: rx.Var | None = None):
    """A customer-facing page in the shop layout; the header figures load with it."""

    def decorator(render: Callable[[], rx.Component]):
        @functools.wraps(render)
        def page() -> rx.Component:
            return shop_layout(render())

        register(route, page, title if title is not None else page_title(title_key),
                 [ShopState.load_shell, *(on_load or [])])
        return page

    return decorator
