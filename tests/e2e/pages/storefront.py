"""The shop's public pages: the catalogue, a product page, the cart and checkout, the header."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from shop import routes
from tests.e2e.pages.base import PageObject


class HomePage(PageObject):
    route = routes.HOME
    title = "Things made to last"

    def product(self, name: str) -> Locator:
        """A product card of the grid, found by its name."""
        return self.page.get_by_role("link", name=re.compile(re.escape(name)))

    def open_product(self, name: str) -> ProductPage:
        self.product(name).click()
        return ProductPage(self.page)

    def next_page(self) -> None:
        self.link("Next page").click()

    def sign_in_link(self) -> Locator:
        return self.header.get_by_role("link", name="Sign in")

    def switch_language(self) -> None:
        self.header.get_by_role("button", name=re.compile("^(Français|English)$")).click()


class ProductPage(PageObject):
    route = routes.PRODUCT  # ProductPage(page, "stoneware-mug-sage")

    def add_to_wishlist(self) -> None:
        self.button("Add to my wishlist").click()
        expect(self.button("Remove from my wishlist")).to_be_visible()

    def remove_from_wishlist(self) -> None:
        self.button("Remove from my wishlist").click()
        expect(self.button("Add to my wishlist")).to_be_visible()


class CartPage(PageObject):
    route = routes.CART
    title = "Your cart"


class CheckoutPage(PageObject):
    route = routes.CHECKOUT
    title = "Checkout"


class NotFoundPage(PageObject):
    route = "/no-such-page"  # any address the shop has no page for
    title = "Page not found"
