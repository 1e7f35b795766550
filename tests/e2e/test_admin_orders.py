"""The orders back-office in Chromium: filters, status, shipping seen live by the customer, in-store orders,
the email log (masked codes, send again), the dashboard's rows, and phone-width screenshots."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from shop.identity import emails as identity_emails
from shop.mail.outbox import queue_test_email
from shop.models import Order, OutboxEmail, Product
from tests.e2e.helpers import create_buyer_with_orders, create_merchant, sign_in, sign_in_merchant
from tests.e2e.pages import AccountOrdersPage
from tests.e2e.pages.admin_orders import Dashboard, EmailDetail, EmailLog, NewOrder, OrderDetail, OrdersList

TRACKING = "https://www.laposte.fr/outils/suivre-vos-envois"


@pytest.fixture
def buyer(shop_db):
    """A customer with a paid online order (with an address) and an in-store order."""
    return create_buyer_with_orders(shop_db)


@pytest.fixture
def owner(page, shop_db):
    sign_in_merchant(page, create_merchant(shop_db))
    return page


def _order(shop_db, number: str) -> Order:
    with Session(shop_db) as db:
        return db.exec(select(Order).where(Order.number == number)).one()


def test_owner_filters_the_orders_of_one_customer(owner, buyer):
    listing = OrdersList(owner).goto(f"/admin/orders?customer={buyer['id']}").expect_open()
    expect(listing.text("Orders of Léa Roux")).to_be_visible()
    expect(listing.order_link(buyer["online"])).to_be_visible()
    expect(listing.order_link(buyer["in_store"])).to_be_visible()
    listing.filter(channel="In store")
    expect(owner).to_have_url(re.compile(r"channel=in_store"))
    expect(owner).to_have_url(re.compile(rf"customer={buyer['id']}"))  # the URL keeps every filter
    expect(listing.order_link(buyer["online"])).to_have_count(0)
    expect(listing.order_link(buyer["in_store"])).to_be_visible()
    listing.link("Show every customer's orders").click()
    expect(listing.text("Orders of Léa Roux")).to_have_count(0)
    listing.filter(search=buyer["online"], channel="Online and in store")
    expect(listing.order_link(buyer["online"])).to_be_visible()
    expect(listing.order_link(buyer["in_store"])).to_have_count(0)


def test_clearing_the_filters_clears_the_form_too(owner, buyer):
    """The form follows the address: a cleared status does not come back with the next search."""
    listing = OrdersList(owner).goto().expect_open()
    listing.filter(status="Paid")
    expect(owner).to_have_url(re.compile(r"status=paid"))
    listing.link("Clear filters").click()
    expect(owner).to_have_url(re.compile(r"/admin/orders$"))
    expect(listing.field("Status")).to_have_value("")
    listing.filter(search=buyer["in_store"])
    expect(listing.order_link(buyer["in_store"])).to_be_visible()
    expect(owner).not_to_have_url(re.compile(r"status="))
    owner.go_back()
    owner.go_back()
    expect(owner).to_have_url(re.compile(r"status=paid"))
    expect(listing.field("Status")).to_have_value("paid")


def test_owner_changes_a_status(owner, buyer, shop_db):
    detail = OrderDetail(owner, buyer["in_store"]).goto().expect_open()
    expect(detail.main.get_by_role("heading", name=buyer["in_store"])).to_be_visible()
    detail.change_status("Paid")
    expect(detail.text("Status changed.")).to_be_visible()
    expect(detail.field("New status").locator("option", has_text="Paid")).to_have_count(0)
    assert _order(shop_db, buyer["in_store"]).status == "paid"


def test_owner_marks_shipped_and_the_customers_open_page_follows(owner, buyer, shop_db, browser, shop, mailbox):
    # The customer has their order open in a browser of their own.
    customer_context = browser.new_context(base_url=shop["url"])
    try:
        customer_page = customer_context.new_page()
        sign_in(customer_page, buyer["email"])
        customer_order = AccountOrdersPage(customer_page).open(buyer["online"])
        expect(customer_order.status("Paid")).to_be_visible()

        detail = OrderDetail(owner, buyer["online"]).goto().expect_open()
        expect(detail.text("12 rue Mercière").first).to_be_visible()
        detail.mark_shipped("Colissimo", "6A9876543210", "http://tracking.example.com/6A9876543210")
        expect(detail.text("Enter the full tracking link, starting with https://")).to_be_visible()
        assert _order(shop_db, buyer["online"]).status == "paid"
        detail.field("Tracking link").fill(TRACKING)
        detail.button("Mark shipped").click()
        expect(detail.text("Marked shipped. The customer has been emailed.")).to_be_visible()
        expect(detail.link("Track the parcel")).to_have_attribute("href", TRACKING)

        email = mailbox.wait_for(buyer["email"], "is on its way")
        assert "Colissimo" in email.text and "6A9876543210" in email.text

        # No reload on the customer's side.
        expect(customer_order.status("Shipped")).to_be_visible(timeout=20_000)
        expect(customer_order.text("Shipped with Colissimo, tracking number 6A9876543210.")).to_be_visible()
        expect(customer_order.link("Track the parcel")).to_have_attribute("href", TRACKING)
    finally:
        customer_context.close()


def test_owner_creates_an_in_store_order(owner, buyer, shop_db):
    with Session(shop_db) as db:
        stock = db.exec(select(Product.stock).where(Product.slug == "stoneware-mug-sage")).one()
    new = NewOrder(owner).goto().expect_open()
    new.pick_customer(buyer["email"], re.compile(re.escape(buyer["email"])))
    new.add_product("Stoneware Mug, Sage", 2)
    expect(new.main.get_by_role("row").filter(has_text="Stoneware Mug, Sage")).to_be_visible()
    detail = new.create("Card, in the shop")
    expect(detail.main.get_by_text("In store", exact=True)).to_be_visible()
    expect(detail.link(re.compile("Léa Roux"))).to_be_visible()
    number = re.search(r"/admin/orders/(ML-\d+)", owner.url).group(1)
    created = _order(shop_db, number)
    assert (created.channel, created.customer_id, created.status) == ("in_store", buyer["id"], "paid")
    with Session(shop_db) as db:
        assert db.exec(select(Product.stock).where(Product.slug == "stoneware-mug-sage")).one() == stock - 2


def test_owner_opens_an_email_and_its_code_is_masked(owner, shop_db):
    with Session(shop_db) as db:
        identity_emails.send_verification_code(db, "masked@example.com", "en", "Ana", "493817")
        db.commit()
    log = EmailLog(owner).goto().expect_open()
    detail = log.open_email(re.compile("masked@example.com"))
    expect(detail.body).to_contain_text("••••••")
    expect(detail.body).not_to_contain_text("493817")
    expect(detail.main).not_to_contain_text("493817")


def test_owner_sends_a_failed_email_again(owner, shop_db):
    with Session(shop_db) as db:
        email = queue_test_email(db, "bounced@example.com", "en")
        email.status, email.attempts, email.last_error = "failed", 6, "422 The to address is invalid"
        db.add(email)
        db.commit()
        email_id = email.id
    detail = EmailDetail(owner, str(email_id)).goto().expect_open()
    expect(detail.text("422 The to address is invalid")).to_be_visible()
    detail.send_again()
    expect(detail.text("The email is back in the queue and will be sent in a moment.")).to_be_visible()
    expect(detail.button("Send again")).to_have_count(0)
    with Session(shop_db) as db:
        assert db.get(OutboxEmail, email_id).status != "failed"


def test_dashboard_rows_open_their_order(owner, buyer):
    dashboard = Dashboard(owner).goto().expect_open()
    expect(dashboard.text("Sign-ups and orders, last 90 days")).to_be_visible()
    dashboard.open_recent_order(buyer["in_store"])


def test_read_only_staff_see_an_order_but_cannot_change_it(page, shop_db, buyer):
    sign_in_merchant(page, create_merchant(shop_db, "staff", read_only=True))
    detail = OrderDetail(page, buyer["online"]).goto().expect_open()
    expect(detail.main.get_by_role("heading", name=buyer["online"])).to_be_visible()
    expect(detail.button("Mark shipped")).to_have_count(0)
    expect(detail.button("Change status")).to_have_count(0)
    OrdersList(page).goto().expect_open()
    expect(page.get_by_role("link", name="New in-store order")).to_have_count(0)


def test_the_screens_at_phone_width(owner, buyer, shop_db):
    with Session(shop_db) as db:
        email_id = queue_test_email(db, "a-very-long-address-for-the-phone-layout@example.com", "fr").id
        db.commit()
    owner.set_viewport_size({"width": 375, "height": 800})
    for name, target in [("dashboard", Dashboard(owner)), ("orders", OrdersList(owner)),
                         ("order", OrderDetail(owner, buyer["online"])), ("new", NewOrder(owner)),
                         ("emails", EmailLog(owner)), ("email", EmailDetail(owner, str(email_id)))]:
        target.goto().expect_open()
        owner.screenshot(path=f"/tmp/orders-375-{name}.png", full_page=True)
        width = owner.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (name, width)
    owner.set_viewport_size({"width": 1280, "height": 900})
    for name, target in [("dashboard", Dashboard(owner)), ("order", OrderDetail(owner, buyer["online"])),
                         ("emails", EmailLog(owner)), ("email", EmailDetail(owner, str(email_id)))]:
        target.goto().expect_open()
        owner.screenshot(path=f"/tmp/orders-1280-{name}.png", full_page=True)
