"""The signed-in customer's pages under /account."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from shop import routes
from tests.e2e.pages.base import PageObject


class AccountPage(PageObject):
    """The overview; its heading greets the customer ("Hello, Ana")."""

    route = routes.ACCOUNT
    title = re.compile(r"^Hello, ")

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Sign out").first.click()
        expect(self.page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()


class AccountProfilePage(PageObject):
    route = routes.ACCOUNT_PROFILE
    title = "Profile"

    def save(self, **fields: str) -> None:
        """save(company="Atelier Petit", phone="06 12 34 56 78", vat_number="...")"""
        labels = {"first_name": "First name", "last_name": "Last name", "company": "Company (optional)",
                  "phone": "Phone (optional)", "vat_number": "VAT number (optional)"}
        for name, value in fields.items():
            self.page.get_by_label(labels[name]).fill(value)
        self.button("Save my details").click()

    def expect_saved(self) -> None:
        expect(self.text("Your details are saved.")).to_be_visible()

    def value_of(self, label: str) -> Locator:
        return self.page.get_by_label(label)

    def download_data(self):
        """The "Download my data" file, as a Playwright download."""
        with self.page.expect_download() as download:
            self.button("Download my data").click()
        return download.value


class AccountAddressesPage(PageObject):
    route = routes.ACCOUNT_ADDRESSES
    title = "Addresses"

    def open_new(self) -> None:
        self.button("Add an address").click()
        expect(self.page.get_by_role("heading", name="New address")).to_be_visible()

    def fill(self, *, country: str | None = None, name: str = "", street: str = "", city: str = "",
             postal_code: str = "", state: str | None = None, postal_label: str = "Postcode") -> None:
        if country:
            self.field("Country").select_option(country)
        if name:
            self.field("Full name").fill(name)
        if street:
            self.field("Street address").fill(street)
        if city:
            self.field("City").fill(city)
        if state is not None:
            self.field("State").select_option(state)
        if postal_code:
            self.field(postal_label).fill(postal_code)

    def save(self) -> None:
        self.button("Save the address").click()

    def add(self, *, country: str | None = None, name: str, street: str, city: str, postal_code: str,
            state: str | None = None, postal_label: str = "Postcode") -> None:
        """addresses.add(country="FR", name=..., street=..., postal_code=..., city=...)"""
        self.open_new()
        self.fill(country=country, name=name, street=street, city=city, postal_code=postal_code, state=state,
                  postal_label=postal_label)
        self.save()

    def address(self, text: str) -> Locator:
        """The card of the address whose lines hold `text` (e.g. "69002 LYON")."""
        return self.page.get_by_role("group", name=re.compile(re.escape(text)))

    def use_for_delivery(self, text: str) -> None:
        self.address(text).get_by_role("button", name="Use for delivery").click()


class AccountOrdersPage(PageObject):
    route = routes.ACCOUNT_ORDERS_PAGE  # the list, or one order: AccountOrdersPage(page).open("ML-100001")
    title = "Orders"

    def order_link(self, number: str) -> Locator:
        return self.link(re.compile(f"Order {re.escape(number)}"))

    def claim_guest_orders(self) -> None:
        """Add the orders placed as a guest with this account's address."""
        self.button("Add them to my account").click()

    def open_order(self, number: str) -> None:
        self.order_link(number).click()
        expect(self.heading).to_have_text(f"Order {number}")

    def status(self, text: str) -> Locator:
        """The order's status as the page announces it (role "status")."""
        return self.page.get_by_role("status").filter(has_text=text)

    def back_to_list(self) -> None:
        self.link("All my orders").click()
        expect(self.heading).to_have_text(self.title)

    def order_again(self) -> None:
        self.button("Order again").click()


class AccountWishlistPage(PageObject):
    route = routes.ACCOUNT_WISHLIST
    title = "Wishlist"

    def item(self, name: str) -> Locator:
        return self.page.get_by_role("group", name=re.compile(re.escape(name)))

    def remove(self, name: str) -> None:
        self.item(name).get_by_role("button", name="Remove").click()


class AccountSecurityPage(PageObject):
    route = routes.ACCOUNT_SECURITY
    title = "Sign-in and security"

    def change_password(self, current: str, new: str) -> None:
        self.page.get_by_label("Current password").first.fill(current)  # the password section comes first
        self.page.get_by_label("New password", exact=True).fill(new)
        self.field("Confirm the password").fill(new)
        self.button("Change my password").click()

    def expect_password_changed(self) -> None:
        expect(self.text("Your password is changed.")).to_be_visible()

    def change_email(self, new_email: str, password: str) -> None:
        self.field("New email address").fill(new_email)
        self.field("Password").fill(password)
        self.button("Send a confirmation code").click()
        expect(self.text(f"We sent a code and a link to {new_email}.")).to_be_visible()

    def confirm_email(self, code: str) -> None:
        self.field("6-digit code").fill(code)
        self.button("Confirm the new address").click()

    def sign_out_other_devices(self) -> None:
        self.button("Sign out of all other devices").click()


class ConfirmEmailPage(PageObject):
    route = routes.ACCOUNT_CONFIRM_EMAIL
    title = "Confirm your new email address"

    def confirm(self) -> None:
        self.button("Confirm the new address").click()


class DeleteAccountPage(PageObject):
    route = routes.ACCOUNT_DELETE
    title = "Delete my account"

    def delete(self, password: str, comment: str = "") -> None:
        self.field("Password").fill(password)
        if comment:
            self.page.get_by_label("Anything you would like to tell us? (optional)").fill(comment)
        self.button("Delete my account").click()
