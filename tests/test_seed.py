"""Demo data: idempotent, complete (every status, both channels), and the demo merchant can sign in."""

from sqlmodel import func, select

from shop.demo.seed import DEMO_MERCHANT_EMAIL, demo_password, seed_demo_data
from shop.merchants import accounts
from shop.models import Customer, CustomerGroup, Order, OrderStatus, Product, ProductImage


def test_seed_is_complete_and_idempotent(db):
    first = seed_demo_data(db)
    db.commit()
    assert first["products"] == 24 and first["groups"] == 2 and first["customers"] == 20
    assert first["merchants"] == 1 and first["orders"] > 20
    second = seed_demo_data(db)
    db.commit()
    assert all(count == 0 for count in second.values()), second
    assert db.exec(select(func.count()).select_from(ProductImage)).one() == 24
    assert db.exec(select(func.count()).select_from(CustomerGroup)).one() == 2


def test_orders_cover_every_status_and_both_channels(db):
    seed_demo_data(db)
    db.commit()
    statuses = set(db.exec(select(Order.status)).all())
    assert statuses == {status.value for status in OrderStatus}
    assert set(db.exec(select(Order.channel)).all()) == {"online", "in_store"}
    shipped = db.exec(select(Order).where(Order.status == "shipped", Order.channel == "online")).all()
    assert shipped and all(order.carrier and order.tracking_number for order in shipped)


def test_demo_merchant_signs_in(db):
    seed_demo_data(db)
    db.commit()
    assert accounts.sign_in(db, DEMO_MERCHANT_EMAIL, demo_password()).token


def test_every_product_image_ships_in_assets(db):
    from shop.config import PROJECT_ROOT

    seed_demo_data(db)
    db.commit()
    for image in db.exec(select(ProductImage)):
        assert (PROJECT_ROOT / "assets" / image.path).is_file(), image.path
    assert db.exec(select(func.count()).select_from(Product)).one() == 24


def test_customers_have_unique_numbers_and_lower_case_emails(db):
    seed_demo_data(db)
    db.commit()
    customers = db.exec(select(Customer)).all()
    assert len({c.customer_number for c in customers}) == len(customers)
    assert all(c.email == c.email.lower() for c in customers)
