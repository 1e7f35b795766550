"""A script that fills a form and clicks straight after page.goto() must never lose the submit.

Every page object here opens its page with wait_until_live=False: the hurried script a QA engineer might write.

The page is on screen before React hydrates it; a click in that gap used to be a native submit that
reloaded the page and dropped the input. Each form is tried 8 times, each time from a fresh page load.
"""

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from shop.identity import tokens
from shop.models import Customer, TokenKind
from tests.e2e.helpers import PASSWORD, create_customer, session_token_for, unique_email
from tests.e2e.pages import (
    AccountAddressesPage,
    AccountPage,
    AccountProfilePage,
    AccountSecurityPage,
    AdminDashboardPage,
    AdminLoginPage,
    CodeLoginPage,
    ForgotPasswordPage,
    LoginPage,
    ResetPasswordPage,
    SignUpPage,
    VerifyEmailPage,
)

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
        SignUpPage(page).goto(wait_until_live=False).create_account(unique_email("early"), PASSWORD)
        VerifyEmailPage(page).expect_open()


def test_sign_in(fresh_context, new_customer):
    email = new_customer("early")
    for _ in range(TRIES):
        page = fresh_context().new_page()
        LoginPage(page).goto(wait_until_live=False).sign_in(email, PASSWORD)
        AccountPage(page).expect_open("Hello, Ana")


def test_code_request(fresh_context):
    page = fresh_context().new_page()
    for _ in range(TRIES):
        CodeLoginPage(page).goto(wait_until_live=False).request_code(unique_email("early"))


def test_forgotten_password(fresh_context):
    page = fresh_context().new_page()
    for _ in range(TRIES):
        ForgotPasswordPage(page).goto(wait_until_live=False).request_link(unique_email("early"))


def test_reset_password(fresh_context, shop_db):
    customer = create_customer(shop_db, "early")
    for attempt in range(TRIES):
        with Session(shop_db) as db:  # read afresh: each reset changes the password the link is tied to
            token = tokens.issue_token(db, TokenKind.PASSWORD_RESET, db.get(Customer, customer.id))
            db.commit()
        page = fresh_context().new_page()
        ResetPasswordPage(page).goto(f"/reset-password/{token}", wait_until_live=False) \
            .choose_password(f"{NEW_PASSWORD} {attempt}")
        AccountPage(page).expect_open("Hello, Ana")


def test_profile(fresh_context, shop, shop_db):
    customer = create_customer(shop_db, "early")
    profile = AccountProfilePage(signed_in_page(fresh_context, shop, shop_db, customer.id))
    for attempt in range(TRIES):
        profile.goto(wait_until_live=False).save(company=f"Atelier {attempt}")
        profile.expect_saved()
        expect(profile.value_of("Company (optional)")).to_have_value(f"Atelier {attempt}")


def test_password_change(fresh_context, shop, shop_db):
    customer = create_customer(shop_db, "early")
    security = AccountSecurityPage(signed_in_page(fresh_context, shop, shop_db, customer.id))
    current = PASSWORD
    for attempt in range(TRIES):
        new = f"{NEW_PASSWORD} {attempt}"
        security.goto(wait_until_live=False).change_password(current, new)
        security.expect_password_changed()
        current = new


def test_new_address(fresh_context, shop, shop_db):
    customer = create_customer(shop_db, "early")
    addresses = AccountAddressesPage(signed_in_page(fresh_context, shop, shop_db, customer.id))
    for attempt in range(TRIES):
        addresses.goto(wait_until_live=False).add(name="Ana Lopez", street=f"{attempt + 1} rue Mercière",
                                                  postal_code="69002", city="Lyon")
        expect(addresses.text(f"{attempt + 1} rue Mercière")).to_be_visible()


def test_merchant_sign_in(fresh_context):
    for _ in range(TRIES):
        page = fresh_context().new_page()
        AdminLoginPage(page).goto(wait_until_live=False).sign_in("merchant@maison-lumen.example", "lumen-demo-2026")
        AdminDashboardPage(page).expect_open()
