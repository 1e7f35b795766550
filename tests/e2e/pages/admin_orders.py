"""Page objects of the orders screens, the email log and the dashboard's order rows."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from tests.e2e.pages.admin import (
    AdminDashboardPage,
    AdminEmailPage,
    AdminEmailsPage,
    AdminNewOrderPage,
    AdminOrderPage,
    AdminOrdersPage,
)


class OrdersList(AdminOrdersPage):
    def order_link(self, number: str) -> Locator:
        return self.main.get_by_role("link", name=number, exact=True)

    def filter(self, *, search: str | None = None, status: str | None = None, channel: str | None = None) -> None:
        if search is not None:
            self.field("Number or email").fill(search)
        if status is not None:
            self.field("Status").select_option(label=status)
        if channel is not None:
            self.field("Channel").select_option(label=channel)
        self.button("Filter").click()

    def open_order(self, number: str) -> OrderDetail:
        self.order_link(number).click()
        detail = OrderDetail(self.page)
        detail.expect_open()
        expect(detail.main.get_by_role("heading", name=number)).to_be_visible()
        return detail


class OrderDetail(AdminOrderPage):
    def status_badge(self, text: str) -> Locator:
        return self.main.get_by_text(text, exact=True).first

    def change_status(self, status: str) -> None:
        self.field("New status").select_option(label=status)
        self.button("Change status").click()

    def mark_shipped(self, carrier: str, number: str, url: str) -> None:
        self.field("Carrier").fill(carrier)
        self.field("Tracking number").fill(number)
        self.field("Tracking link").fill(url)
        self.button("Mark shipped").click()


class NewOrder(AdminNewOrderPage):
    def pick_customer(self, search: str, label: str | re.Pattern) -> None:
        self.field("Find a customer (email, number or name)").fill(search)
        self.button("Search").click()
        self.main.get_by_role("button", name=label).click()
        expect(self.button("Change customer")).to_be_visible()

    def add_product(self, product: str | re.Pattern, quantity: int) -> None:
        field = self.field("Product")
        option = field.locator("option").filter(has_text=product).first
        field.select_option(value=option.get_attribute("value"))
        self.field("Quantity").fill(str(quantity))
        self.button("Add").click()

    def create(self, payment: str) -> OrderDetail:
        self.field("Payment").select_option(label=payment)
        self.button("Create the order").click()
        detail = OrderDetail(self.page)
        detail.expect_open()
        return detail


class EmailLog(AdminEmailsPage):
    def open_email(self, subject: str | re.Pattern) -> EmailDetail:
        self.main.get_by_role("link", name=subject).first.click()
        detail = EmailDetail(self.page)
        detail.expect_open()
        return detail


class EmailDetail(AdminEmailPage):
    @property
    def body(self) -> Locator:
        return self.main.locator("pre")

    def send_again(self) -> None:
        self.button("Send again").click()


class Dashboard(AdminDashboardPage):
    def open_recent_order(self, number: str) -> OrderDetail:
        self.main.get_by_role("link", name=number, exact=True).first.click()
        detail = OrderDetail(self.page)
        detail.expect_open()
        expect(detail.main.get_by_role("heading", name=number)).to_be_visible()
        return detail
