"""The owner's actions on a customer, in a browser: delete through the confirmation page, merge two
records (preview, a chosen difference, orders moved), an own price the preview then shows; staff refused."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlmodel import Session, select

from shop import routes
from shop.models import Customer, MerchantRole, Order, Product
from shop.testing import fixtures
from tests.e2e.helpers import create_customer, create_merchant, sign_in_merchant
from tests.e2e.pages.admin_actions import (
    CustomerDeletePage,
    CustomerMergePage,
    CustomerPreviewPage,
    CustomerPricesPage,
)


def _exists(engine, customer_id: int) -> bool:
    with Session(engine) as db:
        return db.get(Customer, customer_id) is not None


def test_owner_deletes_a_customer_through_the_confirmation_page(page, shop_db):
    customer = create_customer(shop_db, "delete", first_name="Mila", last_name="Durand")
    sign_in_merchant(page, create_merchant(shop_db))
    delete = CustomerDeletePage(page).open(str(customer.id)).expect_open()
    expect(delete.main).to_contain_text(customer.email)
    expect(delete.main).to_contain_text(customer.customer_number)
    expect(delete.link("Back to the customer")).to_have_attribute("href", f"/admin/customers/{customer.id}")
    delete.confirm("Mila Durand")
    expect(page).to_have_url(re.compile(re.escape(routes.ADMIN_CUSTOMERS) + "$"))
    expect(page.get_by_text("Mila Durand was deleted.")).to_be_visible()
    assert not _exists(shop_db, customer.id)


def test_owner_merges_two_customers(page, shop_db):
    kept = create_customer(shop_db, "kept", first_name="Jules", last_name="Marchand")
    other = create_customer(shop_db, "other", first_name="Jules", last_name="Marchand")
    with Session(shop_db, expire_on_commit=False) as db:
        for customer, number in ((kept, "ACC-1"), (other, "ACC-2")):
            record = db.get(Customer, customer.id)
            record.own_number = f"{number}-{customer.id}"
            db.add(record)
        order = fixtures.create_order(db, db.get(Customer, other.id))
        db.commit()
    sign_in_merchant(page, create_merchant(shop_db))
    merge = CustomerMergePage(page).open(str(kept.id)).expect_open()
    merge.search(other.email)
    merge.choose(other.customer_number)
    expect(merge.main).to_contain_text("Orders: 1")
    merge.merge_into(kept.customer_number)  # the own numbers differ: the page asks first
    expect(merge.main.get_by_text("Choose which value to keep.")).to_be_visible()
    merge.pick(f"Take ACC-2-{other.id}")
    merge.merge_into(kept.customer_number)
    expect(page).to_have_url(re.compile(f"/admin/customers/{kept.id}$"))
    assert not _exists(shop_db, other.id)
    with Session(shop_db) as db:
        assert db.get(Order, order.id).customer_id == kept.id
        assert db.get(Customer, kept.id).own_number == f"ACC-2-{other.id}"


def test_owner_sets_an_own_price_and_the_preview_shows_it(page, shop_db):
    customer = create_customer(shop_db, "prices", first_name="Inès", last_name="Roux")
    with Session(shop_db) as db:
        product = db.exec(select(Product).where(Product.is_active).order_by(Product.name)).first()
        product_id, product_name = product.id, product.name
    sign_in_merchant(page, create_merchant(shop_db))
    prices = CustomerPricesPage(page).open(str(customer.id)).expect_open()
    prices.add_price(product_id, "-3")
    expect(prices.main.get_by_text("A price cannot be negative.")).to_be_visible()
    prices.add_price(product_id, "1,23")
    row = prices.row(product_name)
    expect(row.get_by_label("Own price")).to_have_value("1.23")
    preview = CustomerPreviewPage(page).open(str(customer.id)).expect_open()
    expect(preview.text("Preview: prices as Inès Roux sees them. Nothing can be bought here.")).to_be_visible()
    expect(preview.row(product_name)).to_contain_text("€1.23")
    expect(preview.row(product_name)).to_contain_text("Own price")


def test_staff_cannot_delete_a_customer(page, shop_db):
    customer = create_customer(shop_db, "kept-by-staff")
    sign_in_merchant(page, create_merchant(shop_db, role=MerchantRole.STAFF.value))
    delete = CustomerDeletePage(page).open(str(customer.id)).expect_open()
    delete.expect_refused()
    assert _exists(shop_db, customer.id)
