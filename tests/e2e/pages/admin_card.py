"""The customer card (/admin/customers/<id>) and the new-customer page, as a merchant uses them."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from tests.e2e.pages.admin import AdminCustomerPage, AdminNewCustomerPage


class CustomerCard(AdminCustomerPage):
    def expect_customer(self, name_or_email: str) -> CustomerCard:
        self.expect_open()
        expect(self.main.get_by_text(name_or_email, exact=True).first).to_be_visible()
        return self

    def fill(self, **values: str) -> CustomerCard:
        """fill(company="Atelier Roux", phone="06 12 34 56 78"): by the fields' English labels."""
        labels = {"own_number": "Own customer number", "email": "Email", "first_name": "First name",
                  "last_name": "Last name", "company": "Company", "vat_number": "VAT number", "phone": "Phone"}
        for name, value in values.items():
            self.field(labels[name]).fill(value)
        return self

    @property
    def save_button(self) -> Locator:
        return self.button("Save changes")

    def save(self) -> CustomerCard:
        self.save_button.click()
        self.expect_toast("Customer saved.")
        return self

    def expect_toast(self, text: str) -> None:
        expect(self.page.get_by_text(text, exact=True).first).to_be_visible()

    def expect_field_error(self, text: str) -> None:
        expect(self.main.get_by_role("alert").filter(has_text=text)).to_be_visible()

    @property
    def timeline(self) -> Locator:
        return self.page.get_by_role("list", name="Timeline")

    def add_note(self, text: str) -> CustomerCard:
        self.field("New note").fill(text)
        self.button("Add note").click()
        self.expect_toast("Note added.")
        return self

    def block(self) -> CustomerCard:
        self.button("Block customer").click()
        self.expect_toast("Customer blocked: every session has ended.")
        expect(self.button("Unblock customer")).to_be_visible()
        return self

    def unblock(self) -> CustomerCard:
        self.button("Unblock customer").click()
        self.expect_toast("Customer unblocked: they can sign in again.")
        expect(self.button("Block customer")).to_be_visible()
        return self

    def send_password_reset(self) -> CustomerCard:
        self.button("Send a password reset email").click()
        self.expect_toast("Password reset email sent.")
        return self

    def invite(self, message: str) -> CustomerCard:
        self.button("Invite to set a password").click()
        dialog = self.page.get_by_role("dialog")
        expect(dialog.get_by_label("Message")).not_to_have_value("")
        dialog.get_by_label("Message").fill(message)
        dialog.get_by_role("button", name="Send the invitation").click()
        self.expect_toast("Invitation sent.")
        expect(dialog).to_be_hidden()
        return self

    # --- the address book ---

    ADDRESS_LABELS = {"name": "Full name", "street": "Street address", "postal_code": "Postcode", "city": "City"}

    def address(self, text: str) -> Locator:
        """The card of the address whose lines hold `text` (e.g. "69002 LYON")."""
        return self.main.get_by_role("group", name=re.compile(re.escape(text)))

    @property
    def address_form(self) -> Locator:
        return self.main.get_by_role("form", name=re.compile(r"^(New address|Edit the address)$"))

    def open_new_address(self) -> CustomerCard:
        self.button("Add an address").click()
        expect(self.address_form).to_be_visible()
        return self

    def fill_address(self, **values: str) -> CustomerCard:
        """fill_address(name=..., street=..., postal_code=..., city=...): by the fields' English labels."""
        for name, value in values.items():
            self.address_form.get_by_label(self.ADDRESS_LABELS[name], exact=True).fill(value)
        return self

    def save_address(self) -> None:
        self.address_form.get_by_role("button", name="Save the address").click()

    def edit_address(self, text: str) -> CustomerCard:
        self.address(text).get_by_role("button", name="Edit").click()
        expect(self.address_form).to_have_accessible_name("Edit the address")
        return self

    def delete_address(self, text: str) -> CustomerCard:
        self.address(text).get_by_role("button", name="Delete").click()
        self.expect_toast("Address deleted.")
        expect(self.address(text)).to_have_count(0)
        return self


class NewCustomer(AdminNewCustomerPage):
    def create(self, email: str, *, first_name: str = "", last_name: str = "", invite: bool = True) -> CustomerCard:
        self.field("Email").fill(email)
        if first_name:
            self.field("First name").fill(first_name)
        if last_name:
            self.field("Last name").fill(last_name)
        checkbox = self.page.get_by_role("checkbox", name="Send an email to set a password")
        expect(checkbox).to_be_checked()
        if not invite:
            checkbox.click()
            expect(self.text("The customer can still use “Forgot password”", )).to_be_visible()
        self.button("Create customer").click()
        card = CustomerCard(self.page)
        card.expect_open()
        return card
