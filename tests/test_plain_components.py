"""The plain elements of storefront/components/plain.py carry the classes Radix's own components would."""

from __future__ import annotations

from storefront.components import plain
from tests.helpers import states_read


def classes_of(component) -> set[str]:
    rendered = str(component.render()["props"])
    start = rendered.index('className:"') + len('className:"')
    return set(rendered[start:rendered.index('"', start)].split())


def test_text_sizes_and_weights_as_radix_names_them():
    assert classes_of(plain.text("Maison Lumen", size="5 sm:6", weight="bold")) == {
        "rt-Text", "rt-r-size-5", "sm:rt-r-size-6", "rt-r-weight-bold"}


def test_a_stack_is_a_radix_flex_with_responsive_direction():
    assert classes_of(plain.stack(direction="column sm:row", justify="between", align="center", gap="2",
                                  wrap="wrap")) == {
        "rt-Flex", "rt-r-fd-column", "sm:rt-r-fd-row", "rt-r-jc-space-between", "rt-r-ai-center", "rt-r-gap-2",
        "rt-r-fw-wrap"}


def test_a_link_is_react_routers_with_radix_classes():
    inside = plain.link("Cart", href="/cart", underline="none", high_contrast=True)
    assert classes_of(inside) == {"rt-Text", "rt-reset", "rt-Link", "rt-underline-none", "rt-high-contrast",
                                  "plain-link"}
    assert inside.render()["name"] == "ReactRouterLink"
    own_hover = plain.link("Orders", href="/account/orders", size="2", hover_color=False, class_name="section-link")
    assert classes_of(own_hover) == {"rt-Text", "rt-reset", "rt-Link", "rt-r-size-2", "rt-underline-auto",
                                     "section-link"}


def test_a_heading_and_a_grid_as_radix_names_them():
    assert classes_of(plain.heading("Addresses", size="4", class_name="space-above")) == {
        "rt-Heading", "rt-r-size-4", "space-above"}
    assert plain.heading("Hello", as_="h1").render()["name"] == '"h1"'
    assert classes_of(plain.grid(columns="1 sm:2 lg:3", gap="3")) == {
        "rt-Grid", "rt-r-gtc-1", "sm:rt-r-gtc-2", "lg:rt-r-gtc-3", "rt-r-gap-3"}


def test_the_header_and_footer_read_no_var_of_the_shell_themselves():
    """Reflex re-renders a component that reads any var of a state whenever any var of that state changes:
    the header and footer (a score of links) read the shell's vars (`ShopState`: cart count, signed in,
    cookies) only through small components of their own, so a sign-in or a cart line re-renders those."""
    import storefront.storefront  # noqa: F401  (the app's states)
    from storefront.components import layout
    from storefront.state.app import AppState
    from storefront.state.shop import ShopState

    for memo in (layout.shop_header, layout.shop_footer):
        read = states_read(memo.__wrapped__())
        assert ShopState.get_full_name() not in read, memo.__wrapped__.__name__
        assert read == {AppState.get_full_name()}  # the language, for its translated words
    assert ShopState.get_full_name() in states_read(layout.cart_count_badge.__wrapped__())
