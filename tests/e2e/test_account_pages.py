"""The customer portal in Chromium: profile, password, email change, addresses, wishlist, deletion, axe."""

import json
import uuid
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlmodel import Session, select

from shop.models import Customer
from tests.e2e.helpers import PASSWORD, create_customer, sign_in
from tests.helpers import code_in


@pytest.fixture
def member(shop_db):
    return create_customer(shop_db, "member", first_name="Jules", last_name="Petit").email


def open_section(page, path: str, heading: str):
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def test_profile_is_saved_and_shown_after_a_reload(page, member):
    sign_in(page, member)
    open_section(page, "/account/profile", "Profile")
    page.get_by_label("Company (optional)").fill("Atelier Petit")
    page.get_by_label("Phone (optional)").fill("06 12 34 56 78")
    page.get_by_role("button", name="Save my details").click()
    expect(page.get_by_text("Your details are saved.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Company (optional)")).to_have_value("Atelier Petit")
    expect(page.get_by_label("Phone (optional)")).to_have_value("+33612345678")
    page.get_by_label("VAT number (optional)").fill("FR00000000000")
    page.get_by_role("button", name="Save my details").click()
    expect(page.get_by_role("alert")).to_be_visible()


def test_password_change_then_the_old_password_fails(page, member):
    sign_in(page, member)
    open_section(page, "/account/security", "Sign-in and security")
    page.get_by_label("Current password").fill("not my password at all")
    page.get_by_label("New password").fill("copper kettle by the window")
    page.get_by_label("Confirm the password").fill("copper kettle by the window")
    page.get_by_role("button", name="Change my password").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill("copper kettle by the window")
    page.get_by_label("Confirm the password").fill("copper kettle by the window")
    page.get_by_role("button", name="Change my password").click()
    expect(page.get_by_text("Your password is changed.")).to_be_visible()
    page.get_by_role("button", name="Sign out").first.click()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()
    sign_in(page, member, expect_success=False)
    expect(page.get_by_role("alert")).to_have_text("The email or password is incorrect.")
    sign_in(page, member, "copper kettle by the window")


def test_email_change_is_confirmed_with_the_code(page, member, outbox, shop_db):
    new_email = f"new-{uuid.uuid4().hex[:10]}@example.com"
    sign_in(page, member)
    open_section(page, "/account/security", "Sign-in and security")
    page.get_by_label("New email address").fill(new_email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Send a confirmation code").click()
    expect(page.get_by_text(f"We sent a code and a link to {new_email}.")).to_be_visible()
    page.get_by_label("6-digit code").fill(code_in(outbox.sent_to(new_email)[0]))
    page.get_by_role("button", name="Confirm the new address").click()
    expect(page.get_by_text("Your email address is changed.").first).to_be_visible()
    with Session(shop_db) as db:
        assert db.exec(select(Customer).where(Customer.email == new_email)).first() is not None
    assert outbox.sent_to(member)[-1].template == "email_changed_notice"


def test_addresses_fr_and_us_valid_bad_postal_code_refused_and_defaults_switch(page, member):
    sign_in(page, member)
    open_section(page, "/account/addresses", "Addresses")
    page.get_by_role("button", name="Add an address").click()
    page.get_by_label("Full name").fill("Jules Petit")
    page.get_by_label("Street address").fill("12 rue Mercière")
    page.get_by_label("Postcode").fill("ABCDE")
    page.get_by_label("City").fill("Lyon")
    page.get_by_role("button", name="Save the address").click()
    expect(page.get_by_role("alert").first).to_be_visible()  # next to the postal code
    page.get_by_label("Postcode").fill("69002")
    page.get_by_role("button", name="Save the address").click()
    expect(page.get_by_text("69002 LYON")).to_be_visible()

    page.get_by_role("button", name="Add an address").click()
    page.get_by_label("Country").select_option("US")
    expect(page.get_by_label("State")).to_be_visible()
    page.get_by_label("Full name").fill("Jules Petit")
    page.get_by_label("Street address").fill("500 Market Street")
    page.get_by_label("City").fill("San Francisco")
    expect(page.get_by_label("State")).to_have_value("")  # a required list starts empty, never on Alabama
    expect(page.get_by_label("State").locator("option").first).to_have_text("Choose a state")
    page.get_by_label("State").select_option("AL")
    page.get_by_label("ZIP code").fill("94103")
    page.get_by_role("button", name="Save the address").click()
    expect(page.get_by_text("This ZIP code is not in Alabama.")).to_be_visible()
    page.get_by_label("State").select_option("CA")
    page.get_by_role("button", name="Save the address").click()
    us_card = page.locator(".rt-Card").filter(has_text="SAN FRANCISCO")
    expect(us_card).to_be_visible()
    us_card.get_by_role("button", name="Use for delivery").click()
    expect(us_card.get_by_text("Default delivery")).to_be_visible()
    lyon_card = page.locator(".rt-Card").filter(has_text="69002 LYON")
    expect(lyon_card.get_by_text("Default delivery")).to_have_count(0)
    expect(lyon_card.get_by_text("Default billing")).to_be_visible()


def test_wishlist_add_and_remove(page, member):
    sign_in(page, member)
    page.goto("/products/fig-leaf-candle")
    page.get_by_role("button", name="Add to my wishlist").click()
    expect(page.get_by_role("button", name="Remove from my wishlist")).to_be_visible()
    open_section(page, "/account/wishlist", "Wishlist")
    item = page.locator(".rt-Card").filter(has_text="Fig Leaf")
    expect(item).to_contain_text("€32.00")
    item.get_by_role("button", name="Remove").click()
    expect(page.get_by_text("Your wishlist is empty.")).to_be_visible()


def test_data_download_is_one_json_file(page, member):
    sign_in(page, member)
    open_section(page, "/account/profile", "Profile")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()
    data = json.loads(Path(download.value.path()).read_text())
    assert data["profile"]["email"] == member and "password_hash" not in json.dumps(data)


def test_delete_account_then_sign_in_fails_and_the_merchant_is_told(page, member, outbox):
    sign_in(page, member)
    open_section(page, "/account/delete", "Delete my account")
    page.get_by_label("Password", exact=True).fill("wrong password here")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Anything you would like to tell us? (optional)").fill("Moving abroad, thank you!")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Things made to last")
    merchant_mail = [m for m in outbox.emails() if m.template == "account_deleted_merchant"]
    assert merchant_mail and "Moving abroad, thank you!" in merchant_mail[0].text_body
    sign_in(page, member, expect_success=False)
    expect(page.get_by_role("alert")).to_have_text("The email or password is incorrect.")


@pytest.mark.parametrize("path", ["/account", "/account/profile", "/account/addresses", "/account/orders",
                                  "/account/wishlist", "/account/security", "/account/delete"])
def test_account_pages_have_no_serious_accessibility_violation(page, member, path):
    sign_in(page, member)
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    results = Axe().run(page)
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
