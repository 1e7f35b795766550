"""A script that fills a form and clicks straight after page.goto() must never lose the submit.

The page is on screen before React hydrates it; a click in that gap used to be a native submit that
reloaded the page and dropped the input. Each form is tried 8 times, each time from a fresh page load.
"""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from shop.identity import tokens
from shop.models import Customer, TokenKind
from tests.e2e.helpers import PASSWORD, create_customer, session_token_for, unique_email

TRIES = 8
NEW_PASSWORD = "copper kettle by the window"


@pytest.fixture
def fresh_context(browser, shop):
    """A new browser (no cookies) per call, closed after the test."""
    opened = []

    def open_one():
        context = browser.new_context(base_url=shop["url"])
        opened.append(context)
        return context

    yield open_one
    for context in opened:
        context.close()


def signed_in_page(fresh_context, shop, engine, customer_id: int):
    context = fresh_context()
    context.add_cookies([{"name": "ml_session_tmp", "value": session_token_for(engine, customer_id),
                          "url": shop["url"]}])
    return context.new_page()


def test_sign_up(fresh_context):
    page = fresh_context().new_page()
    for _ in range(TRIES):
        page.goto("/signup")
        page.get_by_label("First name").fill("Ana")
        page.get_by_label("Last name").fill("Lopez")
        page.get_by_label("Email", exact=True).fill(unique_email("early"))
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Create account").last.click()
        expect(page).to_have_url(re.compile(r"/verify-email$"))


def test_sign_in(fresh_context, shop_db):
    email = create_customer(shop_db, "early").email
    for _ in range(TRIES):
        page = fresh_context().new_page()
        page.goto("/login")
        page.get_by_label("Email", exact=True).fill(email)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("main").get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Ana")


def test_code_request(fresh_context):
    page = fresh_context().new_page()
    for _ in range(TRIES):
        email = unique_email("early")
        page.goto("/login/code")
        page.get_by_label("Email", exact=True).fill(email)
        page.get_by_role("button", name="Email me a code").click()
        expect(page.get_by_text(f"If {email} has an account")).to_be_visible()


def test_forgotten_password(fresh_context):
    page = fresh_context().new_page()
    for _ in range(TRIES):
        email = unique_email("early")
        page.goto("/forgot-password")
        page.get_by_label("Email", exact=True).fill(email)
        page.get_by_role("button", name="Send the link").click()
        expect(page.get_by_text(f"If {email} has an account")).to_be_visible()


def test_reset_password(fresh_context, shop_db):
    customer = create_customer(shop_db, "early")
    for attempt in range(TRIES):
        with Session(shop_db) as db:  # read afresh: each reset changes the password the link is tied to
            token = tokens.issue_token(db, TokenKind.PASSWORD_RESET, db.get(Customer, customer.id))
            db.commit()
        page = fresh_context().new_page()
        page.goto(f"/reset-password/{token}")
        password = f"{NEW_PASSWORD} {attempt}"
        page.get_by_label("New password").fill(password)
        page.get_by_label("Confirm the password").fill(password)
        page.get_by_role("button", name="Save the new password").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Ana")


def test_profile(fresh_context, shop, shop_db):
    customer = create_customer(shop_db, "early")
    page = signed_in_page(fresh_context, shop, shop_db, customer.id)
    for attempt in range(TRIES):
        page.goto("/account/profile")
        page.get_by_label("Company (optional)").fill(f"Atelier {attempt}")
        page.get_by_role("button", name="Save my details").click()
        expect(page.get_by_text("Your details are saved.")).to_be_visible()
        expect(page.get_by_label("Company (optional)")).to_have_value(f"Atelier {attempt}")


def test_password_change(fresh_context, shop, shop_db):
    customer = create_customer(shop_db, "early")
    page = signed_in_page(fresh_context, shop, shop_db, customer.id)
    current = PASSWORD
    for attempt in range(TRIES):
        new = f"{NEW_PASSWORD} {attempt}"
        page.goto("/account/security")
        page.get_by_label("Current password").first.fill(current)  # the password section comes first
        page.get_by_label("New password", exact=True).fill(new)
        page.get_by_label("Confirm the password").fill(new)
        page.get_by_role("button", name="Change my password").click()
        expect(page.get_by_text("Your password is changed.")).to_be_visible()
        current = new


def test_new_address(fresh_context, shop, shop_db):
    customer = create_customer(shop_db, "early")
    page = signed_in_page(fresh_context, shop, shop_db, customer.id)
    for attempt in range(TRIES):
        page.goto("/account/addresses")
        page.get_by_role("button", name="Add an address").click()
        page.get_by_label("Full name").fill("Ana Lopez")
        page.get_by_label("Street address").fill(f"{attempt + 1} rue Mercière")
        page.get_by_label("Postcode").fill("69002")
        page.get_by_label("City").fill("Lyon")
        page.get_by_role("button", name="Save the address").click()
        expect(page.get_by_text(f"{attempt + 1} rue Mercière")).to_be_visible()


def test_merchant_sign_in(fresh_context):
    for _ in range(TRIES):
        page = fresh_context().new_page()
        page.goto("/admin/login")
        page.get_by_label("Email").fill("merchant@maison-lumen.example")
        page.get_by_label("Password").fill("lumen-demo-2026")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
