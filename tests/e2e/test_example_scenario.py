"""The ten-line scenario of tests/e2e/README.md, run as it is written there so the example never goes stale."""

from playwright.sync_api import expect

from tests.e2e.helpers import PASSWORD, unique_email
from tests.e2e.pages import AccountAddressesPage, AccountPage, SignUpPage


def test_a_new_customer_saves_an_address(page, mailbox):
    email = unique_email("lou")
    verify = SignUpPage(page).goto().create_account(email, PASSWORD, first_name="Lou")
    verify.enter_code(mailbox.wait_for(email, subject="verification code").code)
    AccountPage(page).expect_open("Hello, Lou")
    addresses = AccountAddressesPage(page).goto()
    addresses.add(country="FR", name="Lou Martin", street="5 rue Mercière", postal_code="69002", city="Lyon")
    expect(addresses.text("5 rue Mercière")).to_be_visible()
