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

    def add_to_cart(self, quantity: int = 1) -> None:
        """Add and wait until the header's cart shows more than before."""
        before = self.cart_count()
        self.field("Quantity").fill(str(quantity))
        self.button("Add to cart").click()
        expect(self.cart_badge()).not_to_have_text(str(before))

    def cart_badge(self) -> Locator:
        return self.header.get_by_role("link", name=re.compile("Cart")).first.locator(".rt-Badge")

    def cart_count(self) -> int:
        return int(self.cart_badge().inner_text())


class CartPage(PageObject):
    route = routes.CART
    title = "Your cart"

    def line(self, name: str) -> Locator:
        return self.main.get_by_role("link", name=name, exact=True)

    def quantity_of(self, name: str) -> Locator:
        return self.page.get_by_label(f"Quantity of {name}", exact=True)

    def set_quantity(self, name: str, quantity: int) -> None:
        self.quantity_of(name).select_option(str(quantity))
        expect(self.quantity_of(name)).to_have_value(str(quantity))

    def remove(self, name: str) -> None:
        self.page.get_by_role("button", name=f"Remove {name} from the cart").click()
        expect(self.line(name)).to_have_count(0)

    def checkout(self) -> CheckoutPage:
        self.link("Go to checkout").click()
        return CheckoutPage(self.page).expect_open()


class CheckoutPage(PageObject):
    route = routes.CHECKOUT
    title = "Checkout"

    def fill_address(self, *, name: str = "Ana Lopez", street: str = "12 rue de la Paix", postal_code: str = "75002",
                     city: str = "Paris", country: str | None = None) -> CheckoutPage:
        if country:
            self.page.get_by_label("Country", exact=True).select_option(label=country)
        self.field("Full name").fill(name)
        self.field("Street address").fill(street)
        self.field("Postcode").fill(postal_code)
        self.field("City").fill(city)
        return self

    def place_order(self, *, email: str | None = None, accept_terms: bool = True) -> OrderConfirmationPage:
        if email is not None:
            self.field("Email").fill(email)
        if accept_terms:
            self.page.get_by_label("I have read and accept the terms of sale").check()
        self.page.get_by_role("button", name="Order with obligation to pay").click()
        return OrderConfirmationPage(self.page)


class OrderConfirmationPage(PageObject):
    route = routes.ORDER_CONFIRMATION  # opened by the signed token the checkout and the email give
    title = "Thank you for your order"

    def order_number(self) -> str:
        self.expect_open()
        text = self.page.get_by_text(re.compile(r"^Order ML-\d+$")).inner_text()
        return text.removeprefix("Order ")


class LegalPage(PageObject):
    route = routes.LEGAL  # LegalPage(page, "terms"): terms, notice, privacy, shipping-returns

    def paragraphs(self) -> Locator:
        return self.page.get_by_role("article").locator("p")


class NotFoundPage(PageObject):
    route = "/no-such-page"  # any address the shop has no page for
    title = "Page not found"
