"""Page objects of the back-office's customer groups and products."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, expect

from tests.e2e.pages.admin import (
    AdminGroupDeletePage,
    AdminGroupPage,
    AdminGroupsPage,
    AdminProductPage,
    AdminProductsPage,
)


class GroupsListPage(AdminGroupsPage):
    def create_group(self, name: str, adjustment: str = "", *, tax_exempt: bool = False) -> GroupDetailPage:
        self.field("Group name").fill(name)
        self.field("Discount or surcharge (%)").fill(adjustment)
        if tax_exempt:
            self.field("Tax exempt (prices without VAT)").check()
        self.button("Create group").click()
        detail = GroupDetailPage(self.page)
        expect(detail.group_heading).to_have_text(name)
        detail.wait_until_live()
        return detail

    def row(self, name: str) -> Locator:
        return self.main.get_by_role("row").filter(has=self.page.get_by_role("rowheader", name=name))


class GroupDetailPage(AdminGroupPage):
    @property
    def group_heading(self) -> Locator:
        return self.main.get_by_role("heading", level=2)

    def set_price(self, product_label: str, price: str) -> None:
        self.field("Product").select_option(label=product_label)
        self.field("Group price").fill(price)
        self.button("Set price").click()
        expect(self.text("Group price saved.")).to_be_visible()

    def price_row(self, product_name: str) -> Locator:
        return self.main.get_by_role("row").filter(has=self.page.get_by_role("rowheader", name=product_name))

    def rename(self, name: str) -> None:
        self.field("Group name").fill(name)
        self.button("Save group").click()
        expect(self.group_heading).to_have_text(name)

    def open_delete(self) -> GroupConfirmDeletePage:
        self.link("Delete group").click()
        confirm = GroupConfirmDeletePage(self.page)
        confirm.expect_open()
        confirm.wait_until_live()
        return confirm


class GroupConfirmDeletePage(AdminGroupDeletePage):
    def confirm(self) -> GroupsListPage:
        self.button("Delete the group").click()
        listing = GroupsListPage(self.page)
        listing.expect_open()
        return listing


class ProductsListPage(AdminProductsPage):
    def search(self, words: str) -> None:
        self.field("Search by name or SKU").fill(words)
        self.button("Search").click()

    def row(self, name: str) -> Locator:
        return self.main.get_by_role("row").filter(has=self.page.get_by_role("rowheader", name=name))


class ProductEditPage(AdminProductPage):
    def save(self, **fields: str) -> None:
        """save(price="19,90", stock="7"): fields by their English label."""
        labels = {"price": "Price (VAT included)", "stock": "Stock", "name": "Name (English)"}
        for key, value in fields.items():
            self.field(labels[key]).fill(value)
        self.button("Save product").click()
        expect(self.text("Product saved.")).to_be_visible()

    def upload_image(self, path: Path) -> None:
        with self.page.expect_file_chooser() as chooser:
            self.button("Choose images").click()
        chooser.value.set_files(str(path))
        expect(self.text(path.name)).to_be_visible()
        self.button("Add the chosen images").click()
        expect(self.text("Images added.")).to_be_visible()

    @property
    def images(self) -> Locator:
        return self.main.get_by_role("img", name=re.compile(".+"))
