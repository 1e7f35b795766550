"""A customer's orders: only their own, the timeline, live-tracking stamps and order again."""

import pytest
from sqlmodel import select

from shop.models import CartItem, Product
from shop.orders import history, orders
from storefront import views


def order_rows(db, customer_id, lang):
    return [views.order_row(summary, lang) for summary in history.list_orders(db, customer_id)]


def order_page(db, customer_id, number, lang):
    detail = history.order_detail(db, customer_id, number)
    return views.order_page(detail, lang) if detail else None


@pytest.fixture
def products(db):
    made = []
    for index, stock in enumerate([5, 0, 3]):
        product = Product(slug=f"p{index}", sku=f"S{index}", name=f"Product {index}", name_fr=f"Produit {index}",
                          price_cents=1000 * (index + 1), stock=stock)
        db.add(product)
        made.append(product)
    db.commit()
    return made


def _order(db, customer, products, status=None):
    order = orders.create_order(db, email=customer.email, customer_id=customer.id,
                                lines=[(p, 2, p.price_cents) for p in products], shipping_cents=590,
                                billing_address={"name": "Ana Lopez", "street_address": "1 rue de Rivoli",
                                                 "postal_code": "75001", "city": "PARIS", "country_code": "FR"})
    if status:
        orders.set_status(db, order, status, carrier="Colissimo", tracking_number="6A123",
                          tracking_url="https://www.laposte.fr/outils/suivre-vos-envois")
    db.commit()
    return order


def test_list_holds_only_this_customers_orders(db, make_customer, products):
    ana, bob = make_customer("ana@example.com"), make_customer("bob@example.com")
    mine = _order(db, ana, products)
    _order(db, bob, products)
    listed = order_rows(db, ana.id, "en")
    assert [o["number"] for o in listed] == [mine.number]
    assert listed[0]["items"] == 6 and listed[0]["total"] == "€125.90"


def test_the_latest_orders_come_newest_first_with_their_own_item_counts(db, make_customer, products):
    ana = make_customer("ana@example.com")
    older = _order(db, ana, products[:1])  # 2 articles
    newer = _order(db, ana, products)  # 6 articles
    assert [(s.number, s.items) for s in history.list_orders(db, ana.id)] == [(newer.number, 6), (older.number, 2)]
    assert [s.number for s in history.list_orders(db, ana.id, limit=1)] == [newer.number]
    assert history.list_orders(db, ana.id + 1000) == []


def test_detail_of_another_customers_order_is_not_found(db, make_customer, products):
    ana, bob = make_customer("ana@example.com"), make_customer("bob@example.com")
    theirs = _order(db, bob, products)
    assert order_page(db, ana.id, theirs.number, "en") is None
    assert history.order_version(db, ana.id, theirs.number) is None
    assert history.order_again(db, ana.id, theirs.number) is None
    assert db.exec(select(CartItem)).first() is None


@pytest.mark.parametrize("number", [None, "", 42, ["ML-100001"], "x" * 1_000_000, "ML-999999"])
def test_junk_order_numbers_are_not_found(db, make_customer, number):
    ana = make_customer("ana@example.com")
    assert order_page(db, ana.id, number, "en") is None


def test_detail_has_lines_totals_addresses_and_timeline(db, make_customer, products):
    ana = make_customer("ana@example.com")
    order = _order(db, ana, products, status="shipped")
    detail = order_page(db, ana.id, order.number, "fr")
    assert [line["name"] for line in detail["lines"]] == ["Produit 0", "Produit 1", "Produit 2"]
    assert detail["billing_address"][0] == "Ana Lopez" and "75001 PARIS" in detail["billing_address"]
    assert detail["carrier"] == "Colissimo" and detail["tracking_url"].startswith("https://")
    steps = {step["status"]: step for step in detail["timeline"]}
    assert steps["received"]["done"] and steps["shipped"]["current"] and not steps["delivered"]["done"]


def test_cancelled_order_timeline_ends_with_cancelled(db, make_customer, products):
    ana = make_customer("ana@example.com")
    order = _order(db, ana, products, status="cancelled")
    timeline = order_page(db, ana.id, order.number, "en")["timeline"]
    assert [step["status"] for step in timeline] == ["received", "cancelled"]


def test_version_changes_when_the_status_changes(db, make_customer, products):
    ana = make_customer("ana@example.com")
    order = _order(db, ana, products)
    before = history.order_version(db, ana.id, order.number)
    orders.set_status(db, order, "shipped")
    db.commit()
    assert history.order_version(db, ana.id, order.number) != before


def test_order_again_adds_what_is_still_for_sale(db, make_customer, products):
    ana = make_customer("ana@example.com")
    order = _order(db, ana, products)
    assert history.order_again(db, ana.id, order.number) == (2, 1)  # product 1 is out of stock
    assert history.order_again(db, ana.id, order.number) == (2, 1)
    db.commit()
    quantities = {item.product_id: item.quantity for item in db.exec(select(CartItem))}
    assert quantities == {products[0].id: 4, products[2].id: 3}  # capped by stock
