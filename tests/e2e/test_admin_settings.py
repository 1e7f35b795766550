"""The back-office settings, staff and two-factor sign-in, driven as an owner and a staff member would."""

from __future__ import annotations

import re
import time
from urllib.parse import urlparse

import pyotp
from playwright.sync_api import expect
from sqlmodel import Session, select

from shop.models import ShippingRate
from shop.settings.store import get_store_settings
from tests.e2e.helpers import PASSWORD, create_merchant, sign_in_merchant, unique_email
from tests.e2e.pages import AdminDashboardPage, AdminLoginPage, CheckoutPage, ProductPage
from tests.e2e.pages.admin_settings import InvitePage, SecurityPage, SettingsPage, StaffPage, TwoStepLoginPage

NEW_PASSWORD = "copper kettle under autumn rain"


def _restore_settings(shop_db, **values) -> None:
    with Session(shop_db) as db:
        settings = get_store_settings(db)
        for name, value in values.items():
            setattr(settings, name, value)
        db.add(settings)
        db.commit()


def test_owner_turns_the_wishlist_off_and_the_shop_follows(page, shop_db):
    sign_in_merchant(page, create_merchant(shop_db))
    settings = SettingsPage(page).goto().expect_open()
    expect(page.get_by_text("VAT rate included in prices: 20 %")).to_be_visible()
    try:
        wishlist = settings.switch("Wishlist")
        expect(wishlist).to_be_checked()
        wishlist.uncheck()
        settings.save()
        settings.expect_saved()
        product = ProductPage(page, "fig-leaf-candle").goto()
        expect(product.button("Add to cart")).to_be_visible()
        expect(product.button("Add to my wishlist")).to_have_count(0)
        settings = SettingsPage(page).goto().expect_open()
        expect(settings.switch("Wishlist")).not_to_be_checked()
    finally:
        _restore_settings(shop_db, wishlist_enabled=True)


def test_a_bad_value_is_refused_next_to_its_field(page, shop_db):
    sign_in_merchant(page, create_merchant(shop_db))
    settings = SettingsPage(page).goto().expect_open()
    settings.field("Unpaid orders expire after (days)").fill("400")
    settings.save()
    expect(page.get_by_text("Enter a whole number of days from 1 to 90.")).to_be_visible()
    with Session(shop_db) as db:
        assert get_store_settings(db).unpaid_order_days != 400


def test_owner_prices_shipping_for_a_country_and_the_checkout_charges_it(page, shop_db, browser, shop):
    sign_in_merchant(page, create_merchant(shop_db))
    SettingsPage(page).goto().expect_open()
    rates = page.get_by_role("form", name="Shipping by country")
    shopper = browser.new_context(base_url=shop["url"])
    try:
        rates.get_by_label("Country").select_option(label="Belgium")
        rates.get_by_label("Price (€)").fill("free")
        rates.get_by_role("button", name="Save the rate").click()
        expect(rates.get_by_text("Enter an amount in euros, like 5.90.")).to_be_visible()

        rates.get_by_label("Price (€)").fill("12,50")
        rates.get_by_label("Country").select_option(label="Austria")
        rates.get_by_role("button", name="Save the rate").click()
        expect(page.get_by_text("Shipping to Austria now costs €12.50.")).to_be_visible()
        expect(page.get_by_role("row", name=re.compile("Austria"))).to_contain_text("€12.50")

        # A shopper elsewhere: Austria pays its own price (its VAT is France's 20 %), France the shop's rate.
        buyer = shopper.new_page()
        ProductPage(buyer, "stoneware-mug-sage").goto().add_to_cart()
        checkout = CheckoutPage(buyer).goto().expect_open()
        buyer.get_by_label("Country", exact=True).select_option(label="Austria")
        expect(checkout.main.get_by_text("€12.50", exact=True)).to_be_visible()
        buyer.get_by_label("Country", exact=True).select_option(label="France")
        expect(checkout.main.get_by_text("€5.90", exact=True)).to_be_visible()

        page.get_by_role("button", name="Remove the rate of Austria").click()
        expect(page.get_by_text("Austria pays the shop's flat rate again.")).to_be_visible()
        expect(page.get_by_role("row", name=re.compile("Austria"))).to_have_count(0)
    finally:
        shopper.close()
        with Session(shop_db) as db:
            for rate in db.exec(select(ShippingRate)):
                db.delete(rate)
            db.commit()


def test_owner_invites_staff_who_sets_a_password_signs_in_and_cannot_change_settings(page, shop_db, mailbox):
    sign_in_merchant(page, create_merchant(shop_db))
    staff_page = StaffPage(page).goto().expect_open()
    email = unique_email("staff")
    staff_page.invite(email, "Noa Hire")
    expect(staff_page.member(email)).to_be_visible()
    expect(staff_page.member(email).get_by_text("Invited", exact=True)).to_be_visible()
    link = mailbox.wait_for(email).links[0]
    staff_page.sign_out()

    invite = InvitePage(page)
    invite.goto(urlparse(link).path)
    invite.expect_open()
    invite.set_password(NEW_PASSWORD)
    InvitePage(page).goto(urlparse(link).path)  # the link works once
    expect(page.get_by_role("alert")).to_contain_text("has expired or has already been used")

    sign_in_merchant(page, email, NEW_PASSWORD)
    settings = SettingsPage(page).goto().expect_open()
    settings.expect_owner_only_note()
    expect(settings.button("Save settings")).to_have_count(0)
    expect(settings.field("Shop name")).to_be_disabled()
    StaffPage(page).goto().expect_open()
    expect(page.get_by_text("Only a shop owner can manage staff.")).to_be_visible()


def test_owner_makes_staff_read_only_then_deactivates_them(page, shop_db, browser, shop):
    staff_email = create_merchant(shop_db, role="staff", tag="clerk")
    other = browser.new_context(base_url=shop["url"])
    try:
        staff_tab = other.new_page()
        sign_in_merchant(staff_tab, staff_email)

        sign_in_merchant(page, create_merchant(shop_db))
        staff_page = StaffPage(page).goto().expect_open()
        card = staff_page.member(staff_email)
        card.get_by_role("checkbox", name="Read-only").check()
        card.get_by_role("button", name="Save access").click()
        expect(page.get_by_text("Access saved.")).to_be_visible()
        expect(card.get_by_text("Read-only", exact=True)).to_have_count(2)  # the badge and the box
        staff_page.deactivate(staff_email)

        AdminDashboardPage(staff_tab).goto(wait_until_live=False)  # their session ended at once
        expect(staff_tab).to_have_url(re.compile(r"/admin/login"))
        login = AdminLoginPage(staff_tab)
        login.sign_in(staff_email, PASSWORD)
        login.expect_alert("The email or password is incorrect.")
    finally:
        other.close()


def test_owner_sets_up_two_factor_signs_in_with_a_code_and_a_replayed_code_is_refused(page, shop_db):
    email = create_merchant(shop_db, tag="2fa")
    sign_in_merchant(page, email)
    security = SecurityPage(page).goto().expect_open()
    secret = security.start_two_factor()
    totp = pyotp.TOTP(secret)
    recovery = security.confirm_two_factor(totp.now())
    security.sign_out()

    login = TwoStepLoginPage(page).goto()
    login.sign_in(email, PASSWORD)
    code = totp.at(time.time() + 30)  # a step the setup did not use
    login.enter_code(code)
    AdminDashboardPage(page).expect_open().sign_out()

    login = TwoStepLoginPage(page).goto()
    login.sign_in(email, PASSWORD)
    login.enter_code(code)
    login.expect_alert("That code is not right, or it has been used already.")
    login.enter_code(recovery[0])
    AdminDashboardPage(page).expect_open()


def test_a_shop_that_requires_two_factor_sends_a_user_to_set_it_up(page, shop_db):
    email = create_merchant(shop_db, tag="gate")
    _restore_settings(shop_db, require_two_factor=True)
    try:
        AdminLoginPage(page).goto().sign_in(email, PASSWORD)
        security = SecurityPage(page).expect_open()
        expect(page.get_by_text("The shop requires two-factor sign-in")).to_be_visible()
        SettingsPage(page).goto(wait_until_live=False)
        SecurityPage(page).expect_open()
        expect(page).to_have_url(re.compile(r"/admin/security$"))
        security.wait_until_live()
        secret = security.start_two_factor()
        security.confirm_two_factor(pyotp.TOTP(secret).now())
        SettingsPage(page).goto().expect_open()
    finally:
        _restore_settings(shop_db, require_two_factor=False)


def test_an_owner_who_must_set_up_two_factor_cannot_export_over_the_socket(shop, shop_db):
    """The export runs in a worker of its own: it checks the two-factor rule as every handler does."""
    from backoffice.state.auth import AdminState
    from backoffice.state.transfer import TransferState
    from shop.merchants import accounts
    from shop.models import AuditEvent
    from tests.support.reflex_socket import ReflexSocket

    email = create_merchant(shop_db, tag="export-gate")
    with Session(shop_db) as db:
        signed_in = accounts.sign_in(db, email, PASSWORD)
        db.commit()
    _restore_settings(shop_db, require_two_factor=True)
    try:
        cookie = {f"{AdminState.get_full_name()}.admin_token_rx_state_": signed_in.token}
        socket = ReflexSocket(shop["url"], client_vars=cookie, path="/admin/security")
        socket.send(f"{TransferState.get_full_name()}.start_export", path="/admin/customers/import")
        links, redirects = [], []
        while not redirects and not any(links):  # refused, or (the defect) a link to the file
            update = socket.next_update()
            links.append(update.get("delta", {}).get(TransferState.get_full_name(), {}).get("export_link_rx_state_"))
            redirects = [e["payload"]["path"] for e in update.get("events", []) if e["name"] == "_redirect"]
        socket.close()
        assert redirects == ["/admin/security"] and not any(links)
        with Session(shop_db) as db:
            assert db.exec(select(AuditEvent).where(AuditEvent.kind == "customers.exported",
                                                    AuditEvent.merchant_user_id == signed_in.user_id)).all() == []
    finally:
        _restore_settings(shop_db, require_two_factor=False)


def test_a_merchant_changes_their_own_password(page, shop_db):
    email = create_merchant(shop_db, role="staff", tag="pw")
    sign_in_merchant(page, email)
    security = SecurityPage(page).goto().expect_open()
    security.field("Current password").fill("not my password")
    security.field("New password").fill(NEW_PASSWORD)
    security.field("Confirm new password").fill(NEW_PASSWORD)
    security.button("Change password").click()
    expect(page.get_by_text("Your current password is not right.")).to_be_visible()
    security.field("Current password").fill(PASSWORD)
    security.field("New password").fill(NEW_PASSWORD)
    security.field("Confirm new password").fill(NEW_PASSWORD)
    security.button("Change password").click()
    expect(page.get_by_text("Password changed.")).to_be_visible()
    security.sign_out()
    sign_in_merchant(page, email, NEW_PASSWORD)
