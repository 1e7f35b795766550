"""Deleting an account: orders kept without personal data, everything else gone, the address free again."""

import json

import pytest
from sqlmodel import select

from shop.common.validation import FormErrors
from shop.customers import deletion, records
from shop.i18n import CATALOGUES
from shop.identity import codes, security, sessions, signin, tokens
from shop.identity.signin import SignInStatus
from shop.models import (
    Address,
    AuditEvent,
    CartItem,
    CodePurpose,
    Customer,
    CustomerPrice,
    OneTimeCode,
    Order,
    OrderLine,
    Product,
    SignInSession,
    SingleUseToken,
    TokenKind,
    WishlistItem,
)
from tests.helpers import code_in, count_rows

PASSWORD = "green tea and linen towels"
ADDRESS = {"name": "Ana Lopez", "street_address": "3 quai Saint-Antoine", "city": "Lyon", "postal_code": "69002",
           "country_code": "FR"}
OWNED = (Address, WishlistItem, CartItem, SignInSession, OneTimeCode, SingleUseToken, CustomerPrice)


@pytest.fixture
def pending_messages():
    """The messages of this feature live in en.py and fr.py."""
    return CATALOGUES


@pytest.fixture
def ana(db, make_customer, store_settings):
    """A customer with something in every table that belongs to her, and one order."""
    customer = make_customer("ana@example.com", first_name="Ana", last_name="Lopez")
    product = Product(slug="bowl", sku="CER-001", name="Stoneware bowl", price_cents=2400, stock=3)
    db.add(product)
    db.flush()
    db.add_all([
        Address(customer_id=customer.id, is_default_billing=True, **ADDRESS),
        WishlistItem(customer_id=customer.id, product_id=product.id),
        CartItem(customer_id=customer.id, product_id=product.id, quantity=2),
        CustomerPrice(customer_id=customer.id, product_id=product.id, price_cents=2000),
    ])
    order = Order(number="ML-1001", customer_id=customer.id, email=customer.email, total_cents=2400,
                  billing_address_json=json.dumps(ADDRESS), shipping_address_json=json.dumps(ADDRESS))
    db.add(order)
    db.flush()
    db.add(OrderLine(order_id=order.id, product_id=product.id, sku="CER-001", name="Stoneware bowl",
                     unit_price_cents=2400, quantity=1, line_total_cents=2400))
    sessions.start_session(db, customer_id=customer.id)
    codes.issue_code(db, customer.email, CodePurpose.SIGN_IN.value, customer_id=customer.id)
    codes.issue_code(db, customer.email, CodePurpose.VERIFY_EMAIL.value)  # no customer id: still hers
    tokens.issue_token(db, TokenKind.PASSWORD_RESET, customer)
    db.commit()
    return customer


def test_deletion_removes_everything_and_keeps_orders_anonymised(db, ana, make_customer, outbox):
    bob = make_customer("bob@example.com")
    sessions.start_session(db, customer_id=bob.id)
    db.commit()
    deletion.delete_account(db, ana.id, {"password": PASSWORD, "comment": "Moving abroad."})
    db.commit()
    assert db.get(Customer, ana.id) is None
    for table in OWNED:
        assert count_rows(db, table, table.customer_id == ana.id) == 0, table.__name__
    assert count_rows(db, OneTimeCode, OneTimeCode.email == "ana@example.com") == 0
    order = db.exec(select(Order).where(Order.number == "ML-1001")).one()
    assert order.customer_id is None and order.email == f"deleted-customer-{ana.id}@invalid"
    assert json.loads(order.billing_address_json) == {"country_code": "FR"}
    assert json.loads(order.shipping_address_json) == {"country_code": "FR"}
    assert order.total_cents == 2400 and count_rows(db, OrderLine) == 1
    # Bob is untouched.
    assert db.get(Customer, bob.id) is not None
    assert count_rows(db, SignInSession, SignInSession.customer_id == bob.id) == 1
    event = db.exec(select(AuditEvent).where(AuditEvent.kind == "customer.deleted")).one()
    assert event.customer_id == ana.id and "ana" not in event.detail.lower() and event.email == ""
    assert count_rows(db, AuditEvent, AuditEvent.email == "ana@example.com") == 0


def test_merchant_and_customer_are_emailed(db, ana, outbox, store_settings, pending_messages):
    deletion.delete_account(db, ana.id, {"password": PASSWORD,
                                                 "comment": "Too many emails.\n<b>Bye</b> & thanks"})
    db.commit()
    merchant, customer = outbox()
    assert (merchant.to_address, merchant.template) == (store_settings.contact_email, "account_deleted_merchant")
    assert ana.customer_number in merchant.text_body and "ana@example.com" in merchant.text_body
    assert "Ana Lopez" in merchant.text_body
    assert "Too many emails." in merchant.text_body and "<b>Bye</b> & thanks" in merchant.text_body
    assert "&lt;b&gt;Bye&lt;/b&gt; &amp; thanks" in merchant.html_body and "<b>Bye</b>" not in merchant.html_body
    assert (customer.to_address, customer.template) == ("ana@example.com", "account_deleted")


def test_the_same_address_can_sign_up_again_as_a_new_customer(db, ana):
    deletion.delete_account(db, ana.id, {"password": PASSWORD})
    db.commit()
    assert signin.sign_in_with_password(db, "ana@example.com", PASSWORD).status == SignInStatus.INVALID
    fresh = records.create_customer(db, email="ana@example.com", first_name="Ana")
    db.commit()
    # Nothing of the old account comes back with the address.
    assert fresh.password_hash is None and fresh.last_name == ""
    for table in (Address, WishlistItem, CartItem, CustomerPrice, Order):
        assert count_rows(db, table, table.customer_id == fresh.id) == 0, table.__name__


def test_wrong_password_deletes_nothing(db, ana, outbox):
    for form, errors in [
        ({"password": "not my password"}, {"password": "security.error.current_password_wrong"}),
        ({"password": ""}, {"password": "error.password_required"}),
        ({}, {"password": "error.password_required"}),
        ({"password": PASSWORD, "comment": "x" * 2001}, {"comment": "error.too_long"}),
        ({"password": PASSWORD, "comment": "x" * 1_000_000}, {"comment": "error.too_long"}),
        ({"password": PASSWORD, "comment": ["hello"]}, {"comment": "error.invalid"}),
        ({"password": PASSWORD, "comment": "bell\x07"}, {"comment": "error.invalid"}),
    ]:
        with pytest.raises(FormErrors) as refused:
            deletion.delete_account(db, ana.id, form)
        assert refused.value.errors == errors
        db.commit()
    for junk in [None, ["a"], {"a": 1}, 42, "x" * 1_000_000]:
        with pytest.raises(FormErrors):
            deletion.delete_account(db, ana.id, {"password": junk})
        with pytest.raises(FormErrors):
            deletion.delete_account(db, ana.id, junk)
        db.commit()
    assert db.get(Customer, ana.id) is not None
    for table in OWNED:
        assert count_rows(db, table, table.customer_id == ana.id) >= 1, table.__name__
    assert db.exec(select(Order)).one().customer_id == ana.id
    assert outbox() == []


def test_a_comment_may_span_lines_and_is_optional(db, ana, outbox, pending_messages):
    assert deletion.clean_comment("  first line\r\nsecond\tline  ") == "first line\nsecond\tline"
    assert deletion.clean_comment(None) == ""
    deletion.delete_account(db, ana.id, {"password": PASSWORD, "comment": ""})
    assert outbox()[0].template == "account_deleted_merchant"
    assert CATALOGUES["en"]["email.account_deleted_merchant.no_comment"] in outbox()[0].text_body


def test_passwordless_customer_deletes_with_a_code(db, make_customer, outbox, store_settings):
    customer = make_customer("ana@example.com", password=None)
    with pytest.raises(FormErrors) as refused:
        deletion.delete_account(db, customer.id, {"code": "000000"})
    assert refused.value.errors == {"code": "error.code_invalid"}
    security.send_confirmation_code(db, customer.id)
    code = code_in(outbox()[-1])
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(FormErrors) as refused:
        deletion.delete_account(db, customer.id, {"code": wrong})
    assert refused.value.errors == {"code": "error.code_invalid"}
    assert db.get(Customer, customer.id) is not None
    deletion.delete_account(db, customer.id, {"code": code})
    db.commit()
    assert db.get(Customer, customer.id) is None


def test_unknown_customer_is_a_lookup_error(db):
    for junk in [999, None, "1"]:
        with pytest.raises(LookupError):
            deletion.delete_account(db, junk, {"password": PASSWORD})
