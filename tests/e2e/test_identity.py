"""Customer identity in Chromium: sign-up with a code, remember me, reset, sign-in by code and by link."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests.e2e import helpers
from tests.e2e.helpers import PASSWORD, create_customer, unique_email
from tests.helpers import code_in, token_in


@pytest.fixture
def customer(shop_db):
    """A verified customer made straight in the shop's database."""
    return create_customer(shop_db, "ana").email


def sign_in(page, email: str, password: str = PASSWORD, remember: bool = False):
    helpers.sign_in(page, email, password, remember=remember, expect_success=False)


def test_sign_up_verify_sign_out_sign_in(page, outbox):
    email = unique_email("signup")
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")  # the new page is there
    page.get_by_label("First name").fill("Ana")
    page.get_by_label("Last name").fill("Lopez")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill("password123")
    page.get_by_role("button", name="Create account").last.click()
    expect(page.get_by_text("This password is too easy to guess.")).to_be_visible()
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create account").last.click()

    expect(page).to_have_url(re.compile(r"/verify-email$"))
    expect(page.get_by_text(f"We sent a 6-digit code to {email}")).to_be_visible()
    code = code_in(outbox.sent_to(email)[0])
    page.get_by_label("6-digit code").fill("000000" if code != "000000" else "111111")
    page.get_by_role("button", name="Verify my email").click()
    expect(page.get_by_text("That code is not right, or it is no longer valid.")).to_be_visible()
    page.get_by_label("6-digit code").fill(code)
    page.get_by_role("button", name="Verify my email").click()

    expect(page).to_have_url(re.compile(r"/account$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Ana")
    expect(page.get_by_role("banner").get_by_role("link", name="My account")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()

    sign_in(page, email, "not the password at all")
    expect(page.get_by_role("alert")).to_have_text("The email or password is incorrect.")
    sign_in(page, email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Ana")


def test_signing_up_twice_shows_the_same_screen_and_warns_the_owner(page, customer, outbox):
    page.goto("/signup")
    page.get_by_label("First name").fill("Someone")
    page.get_by_label("Last name").fill("Else")
    page.get_by_label("Email", exact=True).fill(customer)
    page.get_by_label("Password", exact=True).fill("another long passphrase here")
    page.get_by_role("button", name="Create account").last.click()
    expect(page).to_have_url(re.compile(r"/verify-email$"))
    expect(page.get_by_text(f"We sent a 6-digit code to {customer}")).to_be_visible()
    assert outbox.sent_to(customer)[0].template == "signup_attempt"


def _restart_browser(browser, context, base_url):
    """A new context from the stored state, as after closing the browser: session cookies are gone."""
    state = context.storage_state()
    state["cookies"] = [cookie for cookie in state["cookies"] if cookie.get("expires", -1) > 0]
    return browser.new_context(base_url=base_url, storage_state=state)


def test_remember_me_keeps_the_customer_signed_in(browser, shop, context, page, customer):
    sign_in(page, customer, remember=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Ana")
    restarted = _restart_browser(browser, context, shop["url"])
    again = restarted.new_page()
    again.goto("/account")
    expect(again.get_by_role("heading", level=1)).to_have_text("Hello, Ana")
    restarted.close()


def test_without_remember_me_the_session_ends_with_the_browser(browser, shop, context, page, customer):
    sign_in(page, customer)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Ana")
    restarted = _restart_browser(browser, context, shop["url"])
    again = restarted.new_page()
    again.goto("/account")
    expect(again).to_have_url(re.compile(r"/login\?next=/account$"))
    restarted.close()


def test_forgotten_password_then_reset_kills_the_old_session(browser, shop, page, customer, outbox):
    sign_in(page, customer)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Ana")

    other = browser.new_context(base_url=shop["url"])
    phone = other.new_page()
    phone.goto("/login")
    phone.get_by_role("link", name="Forgot your password?").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Forgotten password")
    phone.get_by_label("Email", exact=True).fill(customer)
    phone.get_by_role("button", name="Send the link").click()
    expect(phone.get_by_text(f"If {customer} has an account")).to_be_visible()
    token = token_in(outbox.sent_to(customer)[0])
    phone.goto(f"/reset-password/{token}")
    phone.get_by_label("New password").fill("copper kettle by the window")
    phone.get_by_label("Confirm the password").fill("copper kettle by the window")
    phone.get_by_role("button", name="Save the new password").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hello, Ana")
    assert outbox.sent_to(customer, count=2)[-1].template == "password_changed"

    page.goto("/account")  # the first browser's session is dead
    expect(page).to_have_url(re.compile(r"/login\?next=/account$"))
    phone.goto(f"/reset-password/{token}")  # and the link works once
    expect(phone.get_by_text("This link has expired or has already been used.")).to_be_visible()
    other.close()


def test_sign_in_by_code(page, customer, outbox):
    page.goto("/login")
    page.get_by_role("link", name="Sign in with an emailed code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in with a code")
    page.get_by_label("Email", exact=True).fill(customer)
    page.get_by_role("button", name="Email me a code").click()
    expect(page.get_by_text(f"If {customer} has an account, a code and a link are on their way.")).to_be_visible()
    page.get_by_label("6-digit code").fill(code_in(outbox.sent_to(customer)[0]))
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Ana")


def test_sign_in_by_link_needs_a_click(page, customer, outbox):
    page.goto("/login/code")
    page.get_by_label("Email", exact=True).fill(customer)
    page.get_by_role("button", name="Email me a code").click()
    expect(page.get_by_text(f"If {customer} has an account, a code and a link are on their way.")).to_be_visible()
    token = token_in(outbox.sent_to(customer)[0])
    page.goto(f"/login/link/{token}")
    # Opening the link signs nobody in (mail scanners open links): the visitor clicks.
    expect(page.get_by_role("button", name="Sign me in")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()
    page.get_by_role("button", name="Sign me in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Ana")
    page.goto(f"/login/link/{token}")
    expect(page.get_by_text("This link has expired or has already been used.")).to_be_visible()


def test_account_pages_send_visitors_to_sign_in_and_back(page, customer):
    page.goto("/account/orders")
    expect(page).to_have_url(re.compile(r"/login\?next=/account/orders$"))
    page.get_by_label("Email", exact=True).fill(customer)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/account/orders$"))


def test_members_only_shop_asks_visitors_to_sign_in(page, shop_db):
    from shop.settings.store import get_store_settings

    def set_mode(mode):
        with Session(shop_db) as db:
            settings = get_store_settings(db)
            settings.registration_mode = mode
            db.add(settings)
            db.commit()

    set_mode("members_only")
    try:
        page.goto("/products/stoneware-mug-sage")
        expect(page).to_have_url(re.compile(r"/login\?next=/products/stoneware-mug-sage$"))
        expect(page.get_by_text("This shop is open to members only.")).to_be_visible()
        expect(page.get_by_role("banner").get_by_role("link", name="Create account")).to_have_count(0)
        page.goto("/signup")
        expect(page.get_by_text("Accounts are created when you place your first order")).to_be_visible()
    finally:
        set_mode("open")
