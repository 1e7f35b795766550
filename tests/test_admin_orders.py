"""The merchant's orders, email log, dashboard and the shop's own notifications: every rule and refusal."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlmodel import select

from shop.common.validation import FormErrors
from shop.mail import outbox as mail_outbox
from shop.merchants import dashboard, notifications
from shop.models import (
    AuditEvent,
    Customer,
    CustomerPrice,
    Order,
    OrderStatusEvent,
    OutboxEmail,
    Product,
    utcnow,
)
from shop.orders import admin
from shop.orders.checkout import next_order_number
from shop.orders.orders import create_order, set_status
from shop.settings.store import get_store_settings
from tests.helpers import code_in

MERCHANT = 1


@pytest.fixture
def order(db, make_customer, make_product):
    """A received online order of 2 mugs for a French-speaking customer."""
    customer = make_customer("lea@example.com", language="fr")
    mug = make_product("mug", price_cents=2400, stock=5)
    placed = create_order(db, email=customer.email, lines=[(mug, 2, 2400)], customer_id=customer.id)
    placed.language = "fr"
    db.add(placed)
    db.commit()
    return placed


def _status(db, number):
    return db.exec(select(Order).where(Order.number == number)).one().status


SHIP = {"carrier": "Colissimo", "tracking_number": "6A12345678901",
        "tracking_url": "https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901"}


# --- the list ------------------------------------------------------------------------------------------------------


def test_filters_from_the_url_drop_anything_unknown_or_malformed():
    filters = admin.read_filters({"status": "shipped", "channel": "in_store", "q": " ML-1 ", "from": "2026-01-02",
                                  "to": "2026-13-40", "customer": "12", "page": "3"})
    assert (filters.status, filters.channel, filters.search, filters.placed_from, filters.placed_to,
            filters.customer_id, filters.page) == ("shipped", "in_store", "ML-1", "2026-01-02", "", 12, 3)
    junk = admin.read_filters({"status": "lost", "channel": ["x"], "q": "x" * 500, "from": 20260102,
                               "customer": "-4", "page": "0"})
    assert junk == admin.OrderFilters()
    assert admin.read_filters("not a dict") == admin.OrderFilters()
    assert admin.read_filters({"customer": "99999999999"}).customer_id is None
    assert filters.as_query() == {"status": "shipped", "channel": "in_store", "q": "ML-1", "from": "2026-01-02",
                                  "customer": "12", "page": "3"}


def test_the_list_filters_by_status_channel_search_customer_and_dates(db, make_customer, make_product):
    ana, ben = make_customer("ana@example.com"), make_customer("ben@example.com")
    mug = make_product("mug", stock=50)
    old = create_order(db, email=ana.email, lines=[(mug, 1, 1000)], customer_id=ana.id,
                       placed_at=utcnow() - timedelta(days=40))
    shop = create_order(db, email=ben.email, lines=[(mug, 1, 1000)], customer_id=ben.id, channel="in_store")
    guest = create_order(db, email="walk-in_100%@example.com", lines=[(mug, 1, 1000)])
    set_status(db, guest, "paid")
    db.commit()

    def numbers(**params):
        return [o.number for o in admin.search_orders(db, admin.read_filters(params)).orders]

    assert numbers() == [guest.number, shop.number, old.number]
    assert numbers(status="paid") == [guest.number]
    assert numbers(channel="in_store") == [shop.number]
    assert numbers(q="BEN@") == [shop.number]
    assert numbers(q=old.number.lower()) == [old.number]
    assert numbers(q="100%") == [guest.number]  # % is a character, not a wildcard
    assert numbers(q="_") == [guest.number]
    found = admin.search_orders(db, admin.read_filters({"customer": str(ana.id)}))
    assert [o.number for o in found.orders] == [old.number] and found.customer.id == ana.id
    since = (utcnow() - timedelta(days=2)).date().isoformat()
    assert numbers(**{"from": since}) == [guest.number, shop.number]
    until = (utcnow() - timedelta(days=30)).date().isoformat()
    assert numbers(to=until) == [old.number]
    assert numbers(customer="424242") == []


def test_the_list_is_paginated_on_the_server(db, make_product):
    mug = make_product("mug", stock=100)
    for n in range(7):
        create_order(db, email=f"b{n}@example.com", lines=[(mug, 1, 1000)])
    db.commit()
    first = admin.search_orders(db, admin.OrderFilters(page=1), page_size=3)
    last = admin.search_orders(db, admin.OrderFilters(page=3), page_size=3)
    beyond = admin.search_orders(db, admin.OrderFilters(page=99), page_size=3)
    assert (first.total, first.pages, len(first.orders), len(last.orders)) == (7, 3, 3, 1)
    assert beyond.page == 3 and beyond.orders == last.orders
    assert not {o.id for o in first.orders} & {o.id for o in last.orders}


# --- status changes ------------------------------------------------------------------------------------------------


def test_allowed_transitions_and_refusals(db, order):
    assert admin.allowed_next("received") == ("paid", "processing", "cancelled")
    assert admin.allowed_next("delivered") == () and admin.allowed_next("bogus") == ()
    admin.change_status(db, order.number, "paid", merchant_user_id=MERCHANT)
    db.commit()
    assert _status(db, order.number) == "paid"
    for status, key in [("received", "admin.orders.bad_transition"), ("shipped", "admin.orders.ship_with_form"),
                        ("lost", "admin.orders.bad_status"), (None, "admin.orders.bad_status"),
                        (["paid"], "admin.orders.bad_status")]:
        with pytest.raises(admin.OrderRefused) as refused:
            admin.change_status(db, order.number, status, merchant_user_id=MERCHANT)
        assert refused.value.key == key
    for number in ["ML-999999", "", None, 42, "x" * 500]:
        with pytest.raises(admin.OrderRefused) as refused:
            admin.change_status(db, number, "paid", merchant_user_id=MERCHANT)
        assert refused.value.key == "admin.orders.not_found"
    audit = db.exec(select(AuditEvent).where(AuditEvent.kind == "order.status")).one()
    assert audit.merchant_user_id == MERCHANT and "received -> paid" in audit.detail


def test_cancelling_restocks_updates_totals_and_is_final(db, order):
    customer = db.get(Customer, order.customer_id)
    assert customer.order_count == 1
    admin.change_status(db, order.number, "cancelled", merchant_user_id=MERCHANT)
    db.commit()
    assert db.exec(select(Product)).one().stock == 7  # 5 + the 2 given back
    db.refresh(customer)
    assert customer.order_count == 0 and customer.total_spent_cents == 0
    for status in ["paid", "delivered", "cancelled"]:
        with pytest.raises(admin.OrderRefused):
            admin.change_status(db, order.number, status, merchant_user_id=MERCHANT)
    assert db.exec(select(Product)).one().stock == 7  # never restocked twice


# --- shipping ------------------------------------------------------------------------------------------------------


def test_mark_shipped_saves_tracking_emails_the_buyer_in_their_language_and_bumps_the_version(db, order, outbox):
    admin.change_status(db, order.number, "paid", merchant_user_id=MERCHANT)
    db.commit()
    before = order.updated_at
    admin.mark_shipped(db, order.number, {**SHIP, "carrier": "  Colissimo "}, merchant_user_id=MERCHANT)
    db.commit()
    shipped = db.exec(select(Order).where(Order.number == order.number)).one()
    assert (shipped.status, shipped.carrier, shipped.tracking_number) == ("shipped", "Colissimo", "6A12345678901")
    assert shipped.tracking_url == SHIP["tracking_url"]
    assert shipped.updated_at > before  # what the customer's open order page polls
    [email] = [e for e in outbox("lea@example.com") if e.template == "order_shipped"]
    assert email.language == "fr" and email.subject == f"Votre commande {order.number} est en route"
    assert "Colissimo" in email.text_body and SHIP["tracking_url"] in email.text_body
    assert f"/account/orders/{order.number}" in email.text_body
    events = db.exec(select(OrderStatusEvent.status).where(OrderStatusEvent.order_id == order.id)).all()
    assert events == ["received", "paid", "shipped"]
    assert db.exec(select(AuditEvent).where(AuditEvent.kind == "order.shipped")).one()


def test_a_guest_gets_the_shipping_email_in_english_without_an_account_link(db, make_product, outbox):
    mug = make_product("mug")
    guest = create_order(db, email="guest@example.com", lines=[(mug, 1, 1000)])
    set_status(db, guest, "paid")
    admin.mark_shipped(db, guest.number, SHIP, merchant_user_id=MERCHANT)
    db.commit()
    [email] = outbox("guest@example.com")
    assert email.subject == f"Your order {guest.number} is on its way" and "/account/orders" not in email.text_body


@pytest.mark.parametrize("url", [
    "http://tracking.example.com/6A1", "javascript:alert(1)", "https://", "https://localhost/x", "ftp://a.b/c",
    "https://user:pw@track.example.com/", "https://track.example.com/" + "x" * 500, "", None, 42,
    "https://track.example.com/a b",
])
def test_mark_shipped_refuses_a_tracking_link_that_is_not_https(db, order, url, outbox):
    admin.change_status(db, order.number, "paid", merchant_user_id=MERCHANT)
    db.commit()
    with pytest.raises(FormErrors) as refused:
        admin.mark_shipped(db, order.number, {**SHIP, "tracking_url": url}, merchant_user_id=MERCHANT)
    assert "tracking_url" in refused.value.errors
    db.rollback()
    assert _status(db, order.number) == "paid" and not [e for e in outbox() if e.template == "order_shipped"]


def test_mark_shipped_needs_carrier_and_number_and_a_shippable_order(db, order):
    with pytest.raises(admin.OrderRefused) as refused:  # received: not paid yet
        admin.mark_shipped(db, order.number, SHIP, merchant_user_id=MERCHANT)
    assert refused.value.key == "admin.orders.bad_transition"
    with pytest.raises(admin.OrderRefused):
        admin.mark_shipped(db, "ML-1", SHIP, merchant_user_id=MERCHANT)
    admin.change_status(db, order.number, "paid", merchant_user_id=MERCHANT)
    with pytest.raises(FormErrors) as refused:
        admin.mark_shipped(db, order.number, {"carrier": "", "tracking_number": "x" * 81,
                                              "tracking_url": SHIP["tracking_url"]}, merchant_user_id=MERCHANT)
    assert set(refused.value.errors) == {"carrier", "tracking_number"}
    with pytest.raises(FormErrors):
        admin.mark_shipped(db, order.number, "not a form", merchant_user_id=MERCHANT)


def test_the_order_for_the_merchant_has_lines_timeline_customer_and_addresses(db, order):
    detail = admin.order_for_merchant(db, order.number)
    assert [line.quantity for line in detail.lines] == [2] and detail.customer.email == "lea@example.com"
    assert [event.status for event in detail.events] == ["received"]
    assert admin.order_for_merchant(db, "ML-0") is None and admin.order_for_merchant(db, {"n": 1}) is None


# --- in-store orders -------------------------------------------------------------------------------------------------


def test_an_in_store_order_uses_the_customers_prices_takes_stock_and_the_checkout_numbering(db, make_customer,
                                                                                          make_product):
    customer = make_customer("pro@example.com", language="fr")
    mug, tea = make_product("mug", price_cents=2400, stock=5), make_product("tea", price_cents=1200, stock=3)
    db.add(CustomerPrice(customer_id=customer.id, product_id=mug.id, price_cents=1800))
    db.commit()
    before = next_order_number(db)
    created = admin.create_in_store_order(db, {
        "customer_id": customer.id, "payment_method": "card",
        "lines": [{"product_id": mug.id, "quantity": 2}, {"product_id": tea.id, "quantity": 1},
                  {"product_id": mug.id, "quantity": 1}]}, merchant_user_id=MERCHANT)
    db.commit()
    assert int(created.number.removeprefix("ML-")) == int(before.removeprefix("ML-")) + 1
    assert (created.channel, created.email, created.language, created.status) == ("in_store", "pro@example.com",
                                                                                  "fr", "paid")
    assert created.total_cents == 3 * 1800 + 1200 and created.shipping_cents == 0
    assert created.tax_cents == 900 + 200  # 20 % VAT inside 5400 and 1200
    assert db.get(Product, mug.id).stock == 2 and db.get(Product, tea.id).stock == 2
    db.refresh(customer)
    assert customer.order_count == 1 and customer.total_spent_cents == 6600
    events = db.exec(select(OrderStatusEvent.status).where(OrderStatusEvent.order_id == created.id)).all()
    assert events == ["received", "paid"]


def test_a_walk_in_buyer_needs_an_email_and_cannot_pay_on_invoice(db, make_product):
    mug = make_product("mug")
    lines = [{"product_id": mug.id, "quantity": 1}]
    with pytest.raises(FormErrors) as refused:
        admin.create_in_store_order(db, {"email": "", "payment_method": "invoice", "lines": lines},
                                    merchant_user_id=MERCHANT)
    assert refused.value.errors == {"email": "error.email_required",
                                    "payment_method": "admin.orders.error.invoice_needs_customer"}
    created = admin.create_in_store_order(db, {"email": "Walk.In@Example.com", "payment_method": "bank_transfer",
                                               "lines": lines}, merchant_user_id=MERCHANT)
    assert created.email == "walk.in@example.com" and created.customer_id is None and created.status == "received"


@pytest.mark.parametrize("form, field", [
    ({"customer_id": 999999}, "customer"), ({"customer_id": "1"}, "customer"), ({"customer_id": True}, "customer"),
    ({"payment_method": "bitcoin"}, "payment_method"), ({"payment_method": None}, "payment_method"),
    ({"lines": []}, "lines"), ({"lines": "mug"}, "lines"), ({"lines": [{"product_id": 1, "quantity": 0}]}, "lines"),
    ({"lines": [{"product_id": 1, "quantity": 1000}]}, "lines"),
    ({"lines": [{"product_id": "1", "quantity": 1}]}, "lines"),
    ({"lines": [{"product_id": 1, "quantity": 1.5}]}, "lines"),
    ({"lines": [{"product_id": 1, "quantity": 1}] * 51}, "lines"),
    ({"lines": [{"product_id": 424242, "quantity": 1}]}, "lines"),
])
def test_an_in_store_order_refuses_bad_input(db, make_product, form, field):
    make_product("mug")
    base = {"email": "a@example.com", "payment_method": "cash", "lines": [{"product_id": 1, "quantity": 1}]}
    with pytest.raises(FormErrors) as refused:
        admin.create_in_store_order(db, {**base, **form}, merchant_user_id=MERCHANT)
    assert field in refused.value.errors
    db.rollback()
    assert db.exec(select(Order)).first() is None


def test_an_in_store_order_refuses_a_blocked_customer_an_inactive_product_and_missing_stock(db, make_customer,
                                                                                          make_product):
    blocked = make_customer("blocked@example.com", is_blocked=True)
    mug, old = make_product("mug", stock=1), make_product("old", is_active=False)
    with pytest.raises(FormErrors) as refused:
        admin.create_in_store_order(db, {"customer_id": blocked.id, "payment_method": "cash",
                                         "lines": [{"product_id": mug.id, "quantity": 1}]}, merchant_user_id=MERCHANT)
    assert refused.value.errors == {"customer": "admin.orders.error.customer"}
    with pytest.raises(FormErrors) as refused:
        admin.create_in_store_order(db, {"email": "a@example.com", "payment_method": "cash",
                                         "lines": [{"product_id": old.id, "quantity": 1}]}, merchant_user_id=MERCHANT)
    assert refused.value.errors == {"lines": "admin.orders.error.product"}
    with pytest.raises(FormErrors) as refused:
        admin.create_in_store_order(db, {"email": "a@example.com", "payment_method": "cash",
                                         "lines": [{"product_id": mug.id, "quantity": 2}]}, merchant_user_id=MERCHANT)
    assert refused.value.errors == {"lines": "admin.orders.error.stock"}
    db.rollback()
    assert db.get(Product, mug.id).stock == 1 and db.exec(select(Order)).first() is None


def test_finding_a_customer_for_an_in_store_order(db, make_customer):
    ana = make_customer("ana.lopez@example.com", first_name="Ana", last_name="Lopez")
    make_customer("ben@example.com", first_name="Ben")
    assert admin.find_customers(db, "LOPEZ") == [ana]
    assert admin.find_customers(db, ana.customer_number) == [ana]
    assert admin.find_customers(db, "a") == [] and admin.find_customers(db, None) == []
    assert admin.find_customers(db, "%") == []


# --- the email log ---------------------------------------------------------------------------------------------------


def test_codes_and_links_with_tokens_are_masked():
    text = ("Your code: 482913.\nOr 1 234 567 and 12345678.\nReset: https://shop.example/reset/"
            "Zk3x9QpR2mN8vT4wY6aB1c\nOrder ML-100123, total 123456,00 € — https://shop.example/account/orders\n"
            "https://shop.example/orders/confirmation?token=ML-1.2.sig 000000")
    masked = dashboard.mask_secrets(text)
    assert "482913" not in masked and "Your code: ••••••." in masked
    assert "Zk3x9QpR2mN8vT4wY6aB1c" not in masked and "https://…/[link hidden]" in masked
    assert "token=" not in masked and "000000" not in masked
    assert "ML-100123" in masked and "12345678" in masked and "https://shop.example/account/orders" in masked


def test_the_email_log_shows_a_real_code_email_masked(db, cheap_bcrypt, outbox):
    from backoffice import views
    from shop.identity import signup

    signup.sign_up(db, {"email": "new@example.com", "password": "green tea and linen towels", "first_name": "Ana",
                        "last_name": "Lopez"}, lang="en")
    db.commit()
    [email] = outbox("new@example.com")
    shown = views.email_detail(dashboard.email_for_merchant(db, email.id), "en")
    assert code_in(email) not in shown["body"] and "••••••" in shown["body"]
    assert code_in(email) not in shown["subject"]
    assert dashboard.email_for_merchant(db, "1") is None and dashboard.email_for_merchant(db, -1) is None
    assert dashboard.email_for_merchant(db, 999) is None


def test_only_a_failed_email_can_be_sent_again(db):
    from shop.mail.outbox import queue_test_email

    email = queue_test_email(db, "a@example.com", "en")
    assert mail_outbox.send_again(db, email.id) is None  # pending
    email.status, email.attempts, email.last_error = "failed", 6, "422 invalid"
    db.add(email)
    again = mail_outbox.send_again(db, email.id)
    assert (again.status, again.attempts, again.next_attempt_at) == ("pending", 0, None)
    email.status = "sent"
    assert mail_outbox.send_again(db, email.id) is None and mail_outbox.send_again(db, 4242) is None


def test_the_email_log_is_paginated(db):
    from shop.mail.outbox import queue_test_email

    for n in range(5):
        queue_test_email(db, f"a{n}@example.com", "en")
    db.commit()
    page = dashboard.email_log(db, 2, page_size=2)
    assert (page.total, page.pages, page.page) == (5, 3, 2)
    assert [e.to_address for e in page.emails] == ["a2@example.com", "a1@example.com"]
    assert dashboard.email_log(db, 0, page_size=2).page == 1 and dashboard.email_log(db, 9, page_size=2).page == 3


# --- notifications to the shop ---------------------------------------------------------------------------------------


def _set(db, **values):
    settings = get_store_settings(db)
    for key, value in values.items():
        setattr(settings, key, value)
    db.add(settings)
    db.commit()


def _shop_emails(outbox):
    return [e for e in outbox("shop@example.com") if e.template == "merchant_new_account"]


def test_the_shop_hears_of_each_sign_up_only_when_it_asked(db, cheap_bcrypt, outbox):
    from shop.identity import signup

    form = {"email": "ana@example.com", "password": "green tea and linen towels", "first_name": "Ana",
            "last_name": "Lopez"}
    _set(db, contact_email="shop@example.com", email_verification="none", default_language="fr")
    signup.sign_up(db, form, lang="en")
    db.commit()
    assert _shop_emails(outbox) == []
    _set(db, notify_on_signup=True)
    signup.sign_up(db, {**form, "email": "ben@example.com"}, lang="en")
    db.commit()
    [notice] = _shop_emails(outbox)
    assert notice.language == "fr" and "ben@example.com" in notice.text_body
    assert notice.subject == "Nouveau compte client chez Maison Lumen"


def test_a_verified_sign_up_notifies_once_the_account_exists(db, cheap_bcrypt, outbox):
    from shop.identity import signup

    _set(db, contact_email="shop@example.com", notify_on_signup=True)
    pending = signup.sign_up(db, {"email": "cleo@example.com", "password": "green tea and linen towels",
                                  "first_name": "Cléo", "last_name": "Roy"}, lang="en").pending_sign_up_token
    db.commit()
    assert _shop_emails(outbox) == []  # no account yet: only a code was sent
    assert signup.verify_email(db, pending, code_in(outbox("cleo@example.com")[0])).ok
    db.commit()
    [notice] = _shop_emails(outbox)
    assert "cleo@example.com" in notice.text_body and "Cléo Roy" in notice.text_body


def test_the_shop_hears_of_a_deleted_account_with_the_comment(db, outbox):
    _set(db, contact_email="shop@example.com")
    notifications.notify_account_deleted(db, customer_number="C000042", name="Ana Lopez", email="ana@example.com",
                                         comment="Too many emails.\n<b>bye</b>")
    [notice] = outbox("shop@example.com")
    assert "Too many emails." in notice.text_body and "<b>bye</b>" in notice.text_body
    assert "&lt;b&gt;bye&lt;/b&gt;" in notice.html_body


def test_deleting_an_account_emails_the_shop(db, make_customer, outbox):
    from shop.customers import deletion

    _set(db, contact_email="shop@example.com")
    customer = make_customer("leaving@example.com")
    deletion.delete_account(db, customer.id, {"password": "green tea and linen towels",
                                              "comment": "Moving abroad"})
    db.commit()
    [notice] = outbox("shop@example.com")
    assert "Moving abroad" in notice.text_body and "leaving@example.com" in notice.text_body


# --- the dashboard ---------------------------------------------------------------------------------------------------


def test_dashboard_counts(db, make_customer, make_product):
    old = make_customer("old@example.com", verified=False)
    old.created_at = utcnow() - timedelta(days=30)
    db.add(old)
    make_customer("new1@example.com")
    make_customer("new2@example.com")
    mug = make_product("mug", stock=20)
    first = create_order(db, email="a@example.com", lines=[(mug, 1, 1000)])
    create_order(db, email="b@example.com", lines=[(mug, 1, 1000)])
    set_status(db, first, "paid")
    db.commit()
    figures = dashboard.dashboard_figures(db)
    assert (figures.customers, figures.new_this_week, figures.verified_percent) == (3, 2, 67)
    assert figures.orders_by_status["received"] == 1 and figures.orders_by_status["paid"] == 1
    assert figures.orders_by_status["cancelled"] == 0 and len(figures.orders_by_status) == 6
    assert figures.revenue_cents == 1000


def test_dashboard_with_nothing_yet(db):
    figures = dashboard.dashboard_figures(db)
    assert figures.customers == 0 and figures.verified_percent == 0


def test_the_90_day_series_counts_sign_ups_and_orders_per_day(db, make_customer, make_product):
    now = utcnow()
    for days_ago in (0, 0, 5, 120):
        customer = make_customer()
        customer.created_at = now - timedelta(days=days_ago)
        db.add(customer)
    mug = make_product("mug", stock=20)
    today = now.astimezone(dashboard.SHOP_TIMEZONE).date()
    for days_ago in (1, 89, 95):
        # At noon on the shop's clock: "now minus 89 days" falls on another shop day near midnight when a
        # daylight-saving change lies in between.
        noon = datetime.combine(today - timedelta(days=days_ago), time(12), tzinfo=dashboard.SHOP_TIMEZONE)
        create_order(db, email="a@example.com", lines=[(mug, 1, 1000)], placed_at=noon.astimezone(UTC))
    db.commit()
    series = dashboard.daily_series(db, now=now)
    assert len(series) == 90 and series[-1].day == now.astimezone(dashboard.SHOP_TIMEZONE).date()
    assert series[0].day == series[-1].day - timedelta(days=89)
    assert sum(d.sign_ups for d in series) == 3 and series[-1].sign_ups == 2
    assert sum(d.orders for d in series) == 2 and series[-2].orders == 1 and series[0].orders == 1

    from backoffice import views

    shown = views.series(series, "en")
    assert len(shown["points"]) == 90
    assert "3 new customers and 2 orders" in shown["summary"]


def test_the_views_format_an_order_for_both_languages(db, order):
    from backoffice import views

    detail = admin.order_for_merchant(db, order.number)
    shown = views.order_detail(detail, "fr")
    assert shown["customer_url"] == f"/admin/customers/{order.customer_id}"
    assert shown["url"] == f"/admin/orders/{order.number}" and shown["payment"] == "Virement bancaire"
    assert [line["quantity"] for line in shown["lines"]] == [2] and shown["timeline"][0]["status"] == "received"
    assert views.email_row(OutboxEmail(to_address="a@example.com", subject="x", text_body="", html_body="",
                                       idempotency_key="k", created_at=utcnow(), id=3), "en")["url"] == \
        "/admin/emails/3"


# --- the states: who may do what, and forged arguments ---------------------------------------------------------------


@pytest.fixture
def as_merchant(db, engine, monkeypatch, cheap_bcrypt):
    """as_merchant(State, role="staff", read_only=True) -> a State signed in as a new merchant user, whose
    handlers work on this test's database."""
    import storefront.state.app as app
    from shop.identity import sessions
    from shop.merchants import accounts

    monkeypatch.setattr(app, "get_engine", lambda: engine)
    counter = {"n": 0}

    def make(state_class, role: str = "owner", read_only: bool = False):
        counter["n"] += 1
        user = accounts.create_merchant(db, f"m{counter['n']}@example.com", "a long enough password")
        user.role, user.read_only = role, read_only
        db.add(user)
        token = sessions.start_session(db, merchant_user_id=user.id)
        db.commit()
        state = state_class(_reflex_internal_init=True)
        state.admin_token = token
        return state

    return make


def _paid_order(db, order):
    set_status(db, order, "paid")
    db.commit()
    return order


def test_read_only_staff_may_look_but_not_change_status_ship_or_resend(db, order, as_merchant, outbox):
    from backoffice.state.dashboard import EmailState
    from backoffice.state.orders import AdminOrderState, NewOrderState

    _paid_order(db, order)
    viewer = as_merchant(AdminOrderState, role="staff", read_only=True)
    viewer.number = order.number
    for call in (lambda: viewer.change_status({"status": "processing"}), lambda: viewer.mark_shipped(SHIP)):
        assert call() is not None  # a toast saying the role does not allow it
    db.expire_all()
    assert _status(db, order.number) == "paid" and not [e for e in outbox() if e.template == "order_shipped"]

    failed = mail_outbox.queue_test_email(db, "x@example.com", "en")
    failed.status = "failed"
    db.add(failed)
    db.commit()
    email_viewer = as_merchant(EmailState, role="staff", read_only=True)
    email_viewer._email_id = failed.id
    email_viewer.send_again()
    db.expire_all()
    assert db.get(OutboxEmail, failed.id).status == "failed"

    shop_viewer = as_merchant(NewOrderState, role="staff", read_only=True)
    shop_viewer._lines = [{"product_id": 1, "quantity": 1}]
    shop_viewer.place_order({"email": "a@example.com", "payment_method": "cash"})
    assert db.exec(select(Order).where(Order.channel == "in_store")).first() is None


def test_staff_who_may_edit_change_status_and_ship(db, order, as_merchant, outbox):
    from backoffice.state.orders import AdminOrderState

    _paid_order(db, order)
    staff = as_merchant(AdminOrderState, role="staff")
    staff.number = order.number
    staff.mark_shipped({**SHIP, "tracking_url": "http://not-secure.example.com"})
    assert "tracking_url" in staff._ship_errors
    staff.mark_shipped(SHIP)
    db.expire_all()
    assert _status(db, order.number) == "shipped" and staff.status == "shipped" and staff.found == "yes"
    assert staff.next_statuses == ["delivered"] and not staff.can_ship
    staff.change_status({"status": "delivered"})
    db.expire_all()
    assert _status(db, order.number) == "delivered"


def test_forged_arguments_change_nothing(db, order, as_merchant):
    from backoffice.state.dashboard import EmailState
    from backoffice.state.orders import AdminOrderState, NewOrderState

    owner = as_merchant(AdminOrderState)
    owner.number = order.number
    for junk in [None, "paid", 42, ["paid"], {"status": {"$ne": 1}}, {"status": "x" * 10_000}, {"status": "shipped"}]:
        owner.change_status(junk)
    for junk in [None, "form", {"carrier": 1}, {"carrier": "x" * 10_000}]:
        owner.mark_shipped(junk)
    db.expire_all()
    assert _status(db, order.number) == "received"
    shop = as_merchant(NewOrderState)
    for junk in [None, {"product_id": "1; drop", "quantity": "1"}, {"product_id": "1", "quantity": "-1"},
                 {"product_id": 1, "quantity": 1}, {"product_id": "99999", "quantity": "1"}]:
        shop.add_line(junk)
    assert shop._lines == []
    for junk in [None, "1", -1, 2**40, 1.5]:
        shop.pick_customer(junk)
        shop.remove_line(junk)
    assert shop._customer_id is None
    shop.place_order({"email": {"x": 1}, "payment_method": "cash"})
    shop.place_order(None)
    assert db.exec(select(Order).where(Order.channel == "in_store")).first() is None
    email = as_merchant(EmailState)
    email.send_again()  # nothing loaded: nothing to resend


def test_an_in_store_order_through_the_state(db, make_customer, make_product, as_merchant):
    from backoffice.state.orders import NewOrderState

    customer = make_customer("regular@example.com")
    mug = make_product("mug", price_cents=2400, stock=4)
    db.add(CustomerPrice(customer_id=customer.id, product_id=mug.id, price_cents=2000))
    db.commit()
    shop = as_merchant(NewOrderState, role="staff")
    shop.search_customers({"customer_search": "regular"})
    assert [m["id"] for m in shop.customer_matches] == [customer.id]
    shop.pick_customer(customer.id)
    shop.add_line({"product_id": str(mug.id), "quantity": "3"})
    assert shop.lines[0]["quantity"] == 3 and shop.lines[0]["unit"] == "€20.00"
    events = shop.place_order({"email": "", "payment_method": "card"})
    created = db.exec(select(Order).where(Order.channel == "in_store")).one()
    assert created.customer_id == customer.id and created.total_cents == 6000
    assert any(f"/admin/orders/{created.number}" in str(event) for event in events)
    db.expire_all()
    assert db.get(Product, mug.id).stock == 1


def test_an_in_store_order_paid_at_the_counter_says_so_to_the_customer():
    from shop.models import Order, StoreSettings
    from storefront import views

    for method, expected in (("card", "Paid in the shop. Thank you!"), ("cash", "Réglé en boutique. Merci !"),
                             ("invoice", "You pay on invoice: it comes with your parcel.")):
        order = Order(number="ML-1", email="a@example.com", payment_method=method, total_cents=1000)
        lang = "fr" if method == "cash" else "en"
        assert views.confirmation(order, StoreSettings(), lang)["payment"] == expected
