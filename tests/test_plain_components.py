"""The plain elements of storefront/components/plain.py carry the classes Radix's own components would."""

from __future__ import annotations

from storefront.components import plain


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
