"""The data export: everything about the customer, as JSON, and never a secret."""

import json
from datetime import date

import pytest

from shop.customers import data_export
from shop.identity import codes, sessions, tokens
from shop.models import Address, CodePurpose, Customer, Order, OrderLine, Product, TokenKind, WishlistItem

ADDRESS = {"name": "Ana Lopez", "street_address": "3 quai Saint-Antoine", "city": "Lyon", "postal_code": "69002",
           "country_code": "FR"}


@pytest.fixture
def ana(db, make_customer):
    customer = make_customer("ana@example.com", first_name="Ana", last_name="Lopez", newsletter_opt_in=True,
                             notes="Merchant-only note")
    product = Product(slug="bowl", sku="CER-001", name="Stoneware bowl", price_cents=2400, stock=3)
    db.add(product)
    db.flush()
    db.add(Address(customer_id=customer.id, is_default_billing=True, **ADDRESS))
    db.add(WishlistItem(customer_id=customer.id, product_id=product.id))
    order = Order(number="ML-1001", customer_id=customer.id, email=customer.email, subtotal_cents=2400,
                  shipping_cents=590, total_cents=2990, carrier="Colissimo", tracking_number="6A123",
                  billing_address_json=json.dumps(ADDRESS), shipping_address_json="not json")
    db.add(order)
    db.flush()
    db.add(OrderLine(order_id=order.id, product_id=product.id, sku="CER-001", name="Stoneware bowl",
                     unit_price_cents=2400, quantity=1, line_total_cents=2400))
    db.add(Order(number="ML-2002", customer_id=None, email="someone@example.com", total_cents=100))
    sessions.start_session(db, customer_id=customer.id, user_agent="Firefox", ip_address="203.0.113.5")
    codes.issue_code(db, customer.email, CodePurpose.SIGN_IN.value, customer_id=customer.id)
    tokens.issue_token(db, TokenKind.PASSWORD_RESET, customer)
    db.commit()
    return customer


def test_export_holds_profile_addresses_orders_and_wishlist(db, ana):
    data = data_export.export_customer_data(db, ana.id)
    json.dumps(data)  # serialisable as it is
    assert data["profile"]["email"] == "ana@example.com" and data["profile"]["customer_number"] == ana.customer_number
    assert data["newsletter_opt_in"] is True and data["exported_at"]
    assert data["addresses"][0]["street_address"] == "3 quai Saint-Antoine"
    [order] = data["orders"]  # only her own
    assert order["number"] == "ML-1001" and order["total_cents"] == 2990 and order["currency"] == "EUR"
    assert order["lines"] == [{"sku": "CER-001", "name": "Stoneware bowl", "quantity": 1,
                               "unit_price_cents": 2400, "line_total_cents": 2400}]
    assert order["billing_address"]["city"] == "Lyon" and order["shipping_address"] == {}
    assert (order["carrier"], order["tracking_number"]) == ("Colissimo", "6A123")
    assert data["wishlist"][0]["slug"] == "bowl"
    assert data["sessions"][0]["ip_address"] == "203.0.113.5"


def test_export_never_holds_secrets(db, ana):
    text = json.dumps(data_export.export_customer_data(db, ana.id))
    customer = db.get(Customer, ana.id)
    assert customer.password_hash and customer.password_hash not in text
    assert "password_hash" not in text and "token" not in text and "code_hmac" not in text
    assert "Merchant-only note" not in text


def test_export_filename():
    customer = Customer(customer_number="C00012", email="a@example.com")
    assert data_export.export_filename(customer, today=date(2026, 11, 23)) == (
        "maison-lumen-data-C00012-2026-11-23.json")
    assert data_export.export_filename(customer, shop_name="Maison Lumière", today=date(2026, 1, 2)) == (
        "maison-lumiere-data-C00012-2026-01-02.json")
    assert data_export.export_filename(Customer(customer_number='C1"\r\n/..', email="x")).startswith(
        "maison-lumen-data-C1-")


def test_unknown_customer_is_a_lookup_error(db):
    for junk in [999, None, "1", [1]]:
        with pytest.raises(LookupError):
            data_export.export_customer_data(db, junk)
