"""The customer portal in Chromium: profile, password, email change, addresses, wishlist, deletion, axe."""

import json
import uuid
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.helpers import PASSWORD, sign_in
from tests.e2e.pages import (
    AccountAddressesPage,
    AccountPage,
    AccountProfilePage,
    AccountSecurityPage,
    AccountWishlistPage,
    DeleteAccountPage,
    HomePage,
    LoginPage,
    ProductPage,
)


@pytest.fixture
def member(new_customer):
    return new_customer("member", first_name="Jules", last_name="Petit")


def test_profile_is_saved_and_shown_after_a_reload(page, member):
    sign_in(page, member)
    profile = AccountProfilePage(page).goto().expect_open()
    profile.save(company="Atelier Petit", phone="06 12 34 56 78")
    profile.expect_saved()
    profile.goto()
    expect(profile.value_of("Company (optional)")).to_have_value("Atelier Petit")
    expect(profile.value_of("Phone (optional)")).to_have_value("+33612345678")
    profile.save(vat_number="FR00000000000")
    profile.expect_alert()


def test_a_customers_language_is_kept_on_their_record_and_comes_back_at_sign_in(page, browser, shop, member):
    """The header's switch is kept for a signed-in customer; the profile's language changes it too."""
    sign_in(page, member)
    page.get_by_role("button", name="Français").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour, Jules")

    elsewhere = browser.new_context(base_url=shop["url"])  # another computer: no language cookie
    try:
        other = elsewhere.new_page()
        login = LoginPage(other).goto()
        login.sign_in(member, PASSWORD)
        expect(other.get_by_role("heading", level=1)).to_have_text("Bonjour, Jules")
    finally:
        elsewhere.close()

    profile = AccountProfilePage(page).goto()
    expect(page.get_by_role("heading", level=1)).to_have_text("Profil")
    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="Enregistrer mes informations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Profile")
    profile.expect_saved()


def test_password_change_then_the_old_password_fails(page, member):
    sign_in(page, member)
    security = AccountSecurityPage(page).goto().expect_open()
    security.change_password("not my password at all", "copper kettle by the window")
    security.expect_alert()
    security.change_password(PASSWORD, "copper kettle by the window")
    security.expect_password_changed()
    page.get_by_role("button", name="Sign out").first.click()
    expect(HomePage(page).sign_in_link()).to_be_visible()
    sign_in(page, member, expect_success=False)
    LoginPage(page).expect_refused()
    sign_in(page, member, "copper kettle by the window")


def test_email_change_is_confirmed_with_the_code(page, member, mailbox):
    new_email = f"new-{uuid.uuid4().hex[:10]}@example.com"
    sign_in(page, member)
    security = AccountSecurityPage(page).goto().expect_open()
    security.change_email(new_email, PASSWORD)
    security.confirm_email(mailbox.wait_for(new_email).code)
    expect(security.text("Your email address is changed.").first).to_be_visible()
    assert mailbox.wait_for(member).template == "email_changed_notice"
    AccountPage(page).sign_out()
    sign_in(page, new_email)  # the account answers to its new address, and no longer to the old one
    AccountPage(page).sign_out()
    sign_in(page, member, expect_success=False)
    LoginPage(page).expect_refused()


def test_addresses_fr_and_us_valid_bad_postal_code_refused_and_defaults_switch(page, member):
    sign_in(page, member)
    book = AccountAddressesPage(page).goto().expect_open()
    book.add(name="Jules Petit", street="12 rue Mercière", postal_code="ABCDE", city="Lyon")
    book.expect_alert()  # next to the postal code
    book.fill(postal_code="69002")
    book.save()
    expect(book.address("69002 LYON")).to_be_visible()

    book.open_new()
    book.fill(country="US")
    expect(book.field("State")).to_be_visible()
    book.fill(name="Jules Petit", street="500 Market Street", city="San Francisco")
    expect(book.field("State")).to_have_value("")  # a required list starts empty, never on Alabama
    expect(book.field("State").get_by_role("option").first).to_have_text("Choose a state")
    book.fill(state="AL", postal_code="94103", postal_label="ZIP code")
    book.save()
    expect(book.text("This ZIP code is not in Alabama.")).to_be_visible()
    book.fill(state="CA")
    book.save()
    expect(book.address("SAN FRANCISCO")).to_be_visible()
    book.use_for_delivery("SAN FRANCISCO")
    expect(book.address("SAN FRANCISCO").get_by_text("Default delivery")).to_be_visible()
    expect(book.address("69002 LYON").get_by_text("Default delivery")).to_have_count(0)
    expect(book.address("69002 LYON").get_by_text("Default billing")).to_be_visible()


def test_wishlist_add_and_remove(page, member):
    sign_in(page, member)
    ProductPage(page, "fig-leaf-candle").goto().add_to_wishlist()
    wishlist = AccountWishlistPage(page).goto().expect_open()
    expect(wishlist.item("Fig Leaf")).to_contain_text("€32.00")
    wishlist.remove("Fig Leaf")
    expect(wishlist.text("Your wishlist is empty.")).to_be_visible()


def test_data_download_is_one_json_file(page, member):
    sign_in(page, member)
    download = AccountProfilePage(page).goto().download_data()
    data = json.loads(Path(download.path()).read_text())
    assert data["profile"]["email"] == member and "password_hash" not in json.dumps(data)


def test_delete_account_then_sign_in_fails_and_the_merchant_is_told(page, member, mailbox):
    sign_in(page, member)
    deletion = DeleteAccountPage(page).goto().expect_open()
    deletion.delete("wrong password here")
    deletion.expect_alert()
    deletion.delete(PASSWORD, comment="Moving abroad, thank you!")
    HomePage(page).expect_open()
    merchant_mail = [m for m in mailbox.emails() if m.template == "account_deleted_merchant"]
    assert merchant_mail and "Moving abroad, thank you!" in merchant_mail[0].text
    sign_in(page, member, expect_success=False)
    LoginPage(page).expect_refused()


@pytest.mark.parametrize("path", ["/account", "/account/profile", "/account/addresses", "/account/orders",
                                  "/account/wishlist", "/account/security", "/account/delete"])
def test_account_pages_have_no_serious_accessibility_violation(page, member, path):
    sign_in(page, member)
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    results = Axe().run(page)
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
