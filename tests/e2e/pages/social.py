"""Social sign-in: the provider's own sign-in page (our test OpenID provider) and the shop's callback page."""

from __future__ import annotations

from playwright.sync_api import expect

from shop import routes
from tests.e2e.pages.base import PageObject


class ProviderSignInPage(PageObject):
    """The test provider's page (tests/support/oidc_provider.py): whoever types an address is that user."""

    title = "Test identity provider"

    def sign_in_as(self, email: str) -> None:
        self.expect_open()
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_role("button", name="Continue").click()

    def cancel(self) -> None:
        self.expect_open()
        self.page.get_by_role("button", name="Cancel").click()


class SocialCallbackPage(PageObject):
    route = routes.LOGIN_SOCIAL_CALLBACK
    title = "Signing you in"

    def enter_code(self, code: str) -> None:
        self.field("6-digit code").fill(code)
        self.button("Confirm and sign in").click()


def continue_with(page, provider: str = "Google") -> ProviderSignInPage:
    """Click "Continue with Google" on /login or /signup; the browser goes to the provider."""
    button = page.get_by_role("main").get_by_role("button", name=f"Continue with {provider}")
    expect(button).to_be_enabled()
    button.click()
    return ProviderSignInPage(page)
