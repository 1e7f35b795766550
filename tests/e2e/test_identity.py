"""Customer identity in Chromium: sign-up with a code, remember me, reset, sign-in by code and by link."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import PASSWORD, registration_mode, sign_in, unique_email
from tests.e2e.pages import (
    AccountPage,
    CodeLoginPage,
    HomePage,
    LinkLoginPage,
    LoginPage,
    ProductPage,
    ResetPasswordPage,
    SignUpPage,
    VerifyEmailPage,
)
from tests.e2e.pages.base import path_pattern
from tests.helpers import wrong_code_for


@pytest.fixture
def customer(new_customer):
    """The email of a verified customer (Ana), with PASSWORD."""
    return new_customer("ana")


def test_sign_up_verify_sign_out_sign_in(page, mailbox):
    email = unique_email("signup")
    home = HomePage(page).goto()
    home.header.get_by_role("link", name="Create account").click()
    signup = SignUpPage(page).expect_open()  # the new page is there
    signup.wait_until_live()
    signup.create_account(email, "password123")
    expect(signup.text("This password is too easy to guess.")).to_be_visible()
    signup.create_account(email, PASSWORD)

    verify = VerifyEmailPage(page)
    expect(page).to_have_url(path_pattern("/verify-email"))
    expect(verify.text(f"We sent a 6-digit code to {email}")).to_be_visible()
    code = mailbox.wait_for(email, "verification code").code
    verify.enter_code(wrong_code_for(code))
    expect(verify.text("That code is not right, or it is no longer valid.")).to_be_visible()
    verify.enter_code(code)

    account = AccountPage(page)
    expect(page).to_have_url(path_pattern("/account"))
    account.expect_open("Hello, Ana")
    expect(account.header.get_by_role("link", name="My account")).to_be_visible()
    account.sign_out()

    login = LoginPage(page).goto()
    login.sign_in(email, "not the password at all")
    login.expect_refused()
    sign_in(page, email)
    account.expect_open("Hello, Ana")


def test_signing_up_twice_shows_the_same_screen_and_warns_the_owner(page, customer, mailbox):
    SignUpPage(page).goto().create_account(customer, "another long passphrase here", first_name="Someone",
                                           last_name="Else")
    expect(page).to_have_url(path_pattern("/verify-email"))
    expect(VerifyEmailPage(page).text(f"We sent a 6-digit code to {customer}")).to_be_visible()
    assert mailbox.wait_for(customer).template == "signup_attempt"


def _restart_browser(browser, context, base_url):
    """A new context from the stored state, as after closing the browser: session cookies are gone."""
    state = context.storage_state()
    state["cookies"] = [cookie for cookie in state["cookies"] if cookie.get("expires", -1) > 0]
    return browser.new_context(base_url=base_url, storage_state=state)


def test_remember_me_keeps_the_customer_signed_in(browser, shop, context, page, customer):
    sign_in(page, customer, remember=True)
    restarted = _restart_browser(browser, context, shop["url"])
    AccountPage(restarted.new_page()).goto().expect_open("Hello, Ana")
    restarted.close()


def test_without_remember_me_the_session_ends_with_the_browser(browser, shop, context, page, customer):
    sign_in(page, customer)
    restarted = _restart_browser(browser, context, shop["url"])
    again = restarted.new_page()
    AccountPage(again).goto()
    expect(again).to_have_url(path_pattern("/login?next=/account"))
    restarted.close()


def test_forgotten_password_then_reset_kills_the_old_session(browser, shop, page, customer, mailbox):
    sign_in(page, customer)

    other = browser.new_context(base_url=shop["url"])
    phone = other.new_page()
    LoginPage(phone).goto().forgot_password().request_link(customer)
    token = mailbox.wait_for(customer, "new password").token
    reset = ResetPasswordPage(phone).open(token)
    reset.choose_password("copper kettle by the window")
    AccountPage(phone).expect_open("Hello, Ana")
    assert mailbox.wait_for(customer, count=2).template == "password_changed"

    AccountPage(page).goto()  # the first browser's session is dead
    expect(page).to_have_url(path_pattern("/login?next=/account"))
    reset.open(token).expect_link_refused()  # and the link works once
    other.close()


def test_sign_in_by_code(page, customer, mailbox):
    codes = LoginPage(page).goto().with_a_code()
    codes.wait_until_live()
    codes.request_code(customer)
    codes.enter_code(mailbox.wait_for(customer, "sign-in code").code)
    AccountPage(page).expect_open("Hello, Ana")


def test_sign_in_by_link_needs_a_click(page, customer, mailbox):
    CodeLoginPage(page).goto().request_code(customer)
    token = mailbox.wait_for(customer, "sign-in code").token
    link_page = LinkLoginPage(page).open(token)
    # Opening the link signs nobody in (mail scanners open links): the visitor clicks.
    expect(link_page.button("Sign me in")).to_be_visible()
    expect(link_page.header.get_by_role("link", name="Sign in")).to_be_visible()
    link_page.confirm()
    AccountPage(page).expect_open("Hello, Ana")
    link_page.open(token)
    expect(link_page.text("This link has expired or has already been used.")).to_be_visible()


def test_account_pages_send_visitors_to_sign_in_and_back(page, customer):
    page.goto("/account/orders")
    expect(page).to_have_url(path_pattern("/login?next=/account/orders"))
    login = LoginPage(page)
    login.wait_until_live()
    login.sign_in(customer, PASSWORD)
    expect(page).to_have_url(path_pattern("/account/orders"))


def test_members_only_shop_asks_visitors_to_sign_in(page, shop_db):
    with registration_mode(shop_db, "members_only"):
        ProductPage(page, "stoneware-mug-sage").goto(wait_until_live=False)
        expect(page).to_have_url(path_pattern("/login?next=/products/stoneware-mug-sage"))
        login = LoginPage(page)
        expect(login.text("This shop is open to members only.")).to_be_visible()
        expect(login.header.get_by_role("link", name="Create account")).to_have_count(0)
        signup = SignUpPage(page).goto()
        expect(signup.text("Accounts are created when you place your first order")).to_be_visible()


def test_the_test_mailbox_reads_a_deployment_through_its_test_endpoint(shop, page, mailbox):
    """What a QA script does against a staging shop started with STORE_TEST_MODE=1."""
    from tests.e2e.mailbox import Mailbox

    remote = Mailbox(base_url=shop["url"])
    email = unique_email("remote")
    CodeLoginPage(page).goto().request_code(email)
    message = remote.wait_for(email, "No Maison Lumen account")
    assert message.template == "no_account" and message.links and re.search(r"/signup$", message.links[0])
