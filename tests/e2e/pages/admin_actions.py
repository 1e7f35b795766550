"""The owner's actions on one customer: delete, merge, own price list, shop preview."""

from __future__ import annotations

from playwright.sync_api import Locator, expect

from tests.e2e.pages.admin import (
    AdminCustomerDeletePage,
    AdminCustomerMergePage,
    AdminCustomerPreviewPage,
    AdminCustomerPricesPage,
)

OWNER_ONLY = "Only a shop owner can do this."


class CustomerDeletePage(AdminCustomerDeletePage):
    def confirm(self, name: str) -> None:
        self.button(f"Delete {name} permanently").click()

    def expect_refused(self) -> None:
        self.expect_alert(OWNER_ONLY)
        expect(self.main.get_by_role("button", name="permanently")).to_have_count(0)


class CustomerMergePage(AdminCustomerMergePage):
    def search(self, query: str) -> None:
        self.field("Email or customer number").fill(query)
        self.button("Search").click()

    def choose(self, customer_number: str) -> None:
        self.button(f"Choose {customer_number}").click()
        expect(self.page.get_by_role("heading", name="Check the merge")).to_be_visible()

    def pick(self, label: str) -> None:
        """Answer a difference: "Take ACC-2" keeps the other record's value, "Keep …" this one's."""
        self.page.get_by_role("radio", name=label).click()
        expect(self.page.get_by_role("radio", name=label)).to_be_checked()

    def merge_into(self, customer_number: str) -> None:
        self.button(f"Merge into {customer_number}").click()


class CustomerPricesPage(AdminCustomerPricesPage):
    def add_price(self, product_id: int, price: str) -> None:
        form = self.page.get_by_role("form", name="Add an own price")
        form.get_by_label("Product").select_option(str(product_id))
        form.get_by_label("Price", exact=True).fill(price)
        form.get_by_role("button", name="Add price").click()

    def row(self, product_name: str) -> Locator:
        return self.page.get_by_role("form", name=product_name)


class CustomerPreviewPage(AdminCustomerPreviewPage):
    def row(self, product_name: str) -> Locator:
        return self.main.get_by_role("row").filter(has_text=product_name)
