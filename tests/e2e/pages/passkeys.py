"""Passkeys in the browser: Chromium's virtual authenticator, and what a person does with passkeys on the
sign-in page and on the security page."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from tests.e2e.pages.account import AccountSecurityPage
from tests.e2e.pages.identity import LoginPage


def add_virtual_authenticator(page: Page) -> str:
    """A platform authenticator that keeps discoverable credentials and verifies its user (a fingerprint
    that always matches), through the DevTools protocol. Returns its id."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    answer = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True}})
    page._passkey_cdp = cdp  # kept alive with the page: the authenticator lives as long as the session
    return answer["authenticatorId"]


class PasskeyLoginPage(LoginPage):
    def sign_in_with_passkey(self) -> None:
        self.button("Sign in with a passkey").click()


class PasskeySecurityPage(AccountSecurityPage):
    def add_passkey(self, name: str, *, password: str | None = None) -> None:
        self.field("Name of the new passkey").fill(name)
        if password is not None:
            self.field("Your password").fill(password)
        self.button("Add a passkey").click()

    def expect_added(self) -> None:
        expect(self.text("Passkey added. Next time, choose “Sign in with a passkey”.")).to_be_visible()

    def passkey(self, name: str) -> Locator:
        return self.main.get_by_text(name, exact=True)

    def remove_passkey(self, name: str) -> None:
        self.button(f"Remove {name}").click()
        expect(self.text("Passkey removed. It can no longer sign in to your account.")).to_be_visible()
