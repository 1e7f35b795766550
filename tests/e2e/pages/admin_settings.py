"""The back-office's settings, staff and security pages, the invitation page and the sign-in's second step."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from tests.e2e.pages.admin import (
    AdminInvitePage,
    AdminLoginPage,
    AdminSecurityPage,
    AdminSettingsPage,
    AdminStaffPage,
)


class SettingsPage(AdminSettingsPage):
    def switch(self, label: str) -> Locator:
        return self.page.get_by_role("checkbox", name=label, exact=True)

    def save(self) -> None:
        self.button("Save settings").click()

    def expect_saved(self) -> None:
        expect(self.page.get_by_text("Settings saved.")).to_be_visible()

    def expect_owner_only_note(self) -> None:
        expect(self.text("Only a shop owner can change these settings. You can look at them.")).to_be_visible()


class StaffPage(AdminStaffPage):
    def invite(self, email: str, name: str, *, role: str = "Staff", read_only: bool = False) -> None:
        self.field("Email").fill(email)
        self.field("Name").fill(name)
        self.main.get_by_label("Role", exact=True).first.select_option(label=role)
        if read_only:
            self.main.get_by_role("checkbox", name="Read-only").first.check()
        self.button("Send invitation").click()

    def member(self, email: str) -> Locator:
        return self.main.get_by_role("region", name=email)

    def deactivate(self, email: str) -> None:
        self.member(email).get_by_role("button", name="Deactivate").click()
        expect(self.member(email).get_by_text("Deactivated", exact=True)).to_be_visible()


class InvitePage(AdminInvitePage):
    def set_password(self, password: str) -> None:
        self.field("New password").fill(password)
        self.field("Confirm password").fill(password)
        self.page.get_by_role("button", name="Set password").click()  # a public page: no <main>
        expect(self.text("Your password is set.")).to_be_visible()


class SecurityPage(AdminSecurityPage):
    def start_two_factor(self) -> str:
        """Start the setup; returns the secret the page shows as text."""
        self.button("Set up two-factor sign-in").click()
        expect(self.page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
        secret = self.page.locator("#totp-secret")
        expect(secret).to_have_text(re.compile(r"^[A-Z2-7]{16,}$"))
        return secret.inner_text()

    def confirm_two_factor(self, code: str) -> list[str]:
        self.field("Code from the app").fill(code)
        self.button("Turn on").click()
        expect(self.text("Two-factor sign-in is on.").first).to_be_visible()
        codes = self.main.get_by_label("Your recovery codes").locator("code")
        expect(codes).to_have_count(10)
        return codes.all_inner_texts()


class TwoStepLoginPage(AdminLoginPage):
    def enter_code(self, code: str) -> None:
        self.page.get_by_label("Authentication code").fill(code)
        self.page.get_by_role("button", name="Verify").click()
