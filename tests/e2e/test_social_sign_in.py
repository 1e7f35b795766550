"""Social sign-in in Chromium against our own OpenID provider (served on loopback by the test process and
offered by the shop as "Google"): a new account, linking from the account page, unlinking, the proof by
code when the provider does not vouch for the address, and the buttons of providers that are not set up."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import PASSWORD, sign_in, unique_email
from tests.e2e.pages import AccountPage, AccountSecurityPage, LoginPage, SignUpPage
from tests.e2e.pages.social import ProviderSignInPage, SocialCallbackPage, continue_with


@pytest.fixture
def oidc(shop):
    if shop["oidc"] is None:
        pytest.skip("needs our test OpenID provider, which only a local shop is set up with")
    return shop["oidc"]


def linked_rows(page):
    return page.get_by_role("main").get_by_role("button", name=re.compile(r"^Unlink "))


def test_sign_in_with_the_provider_creates_an_account_then_unlink_is_refused(page, oidc):
    email = unique_email("social")
    LoginPage(page).goto()
    continue_with(page).sign_in_as(email)
    AccountPage(page).expect_open("Hello, Alex")
    security = AccountSecurityPage(page).goto()
    expect(security.text(email).first).to_be_visible()
    expect(security.text("Your account has no password")).to_be_visible()
    # The provider is this account's only way to sign in: unlinking it is refused.
    page.get_by_role("button", name="Unlink Google").click()
    expect(page.get_by_text("This is your last way to sign in.")).to_be_visible()
    expect(linked_rows(page)).to_have_count(1)
    # Signing out and in again with the provider finds the same account.
    AccountPage(page).goto().sign_out()
    LoginPage(page).goto()
    continue_with(page).sign_in_as(email)
    AccountPage(page).expect_open("Hello, Alex")


def test_a_customer_links_a_provider_from_the_account_page_and_unlinks_it(page, oidc, new_customer):
    email = new_customer("linker")
    sign_in(page, email, PASSWORD)
    security = AccountSecurityPage(page).goto()
    expect(security.text("No account linked yet.")).to_be_visible()
    security.button("Link Google").click()
    # Another address at the provider: being signed in to the shop account is the proof.
    ProviderSignInPage(page).sign_in_as(unique_email("elsewhere"))
    security.expect_open()
    expect(page.get_by_text("Your Google account is linked.")).to_be_visible()
    expect(linked_rows(page)).to_have_count(1)
    page.get_by_role("button", name="Unlink Google").click()
    expect(page.get_by_text("The account is unlinked.")).to_be_visible()
    expect(security.text("No account linked yet.")).to_be_visible()


def test_an_unverified_provider_email_meeting_an_account_must_enter_the_emailed_code(page, oidc, new_customer,
                                                                                     mailbox):
    email = new_customer("unverified")
    oidc.add_user(email, email_verified=False)
    LoginPage(page).goto()
    continue_with(page).sign_in_as(email)
    callback = SocialCallbackPage(page)
    callback.expect_open()
    expect(callback.text(f"enter the code we sent to {email}")).to_be_visible()
    callback.enter_code(mailbox.wait_for(email).code)
    AccountPage(page).expect_open("Hello, Ana")


def test_a_cancelled_or_replayed_callback_shows_a_message_on_the_login_page(page, oidc):
    login = LoginPage(page).goto()
    continue_with(page).cancel()
    login.expect_open()
    login.expect_alert("The sign-in was cancelled at the provider.")
    # The same callback again (the back button, a shared link): the flow is used up.
    page.go_back()
    login.expect_open()
    login.expect_alert("This sign-in link is no longer valid")


def test_only_configured_providers_are_offered(page, oidc):
    for path in (LoginPage, SignUpPage):
        path(page).goto()
        main = page.get_by_role("main")
        expect(main.get_by_role("button", name="Continue with Google")).to_be_visible()
        for absent in ("Microsoft", "Apple", "LinkedIn", "Facebook", "Amazon"):
            expect(main.get_by_role("button", name=f"Continue with {absent}")).to_have_count(0)
