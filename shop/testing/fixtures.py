"""Data a test scenario starts from: a customer in a given state, an order in a given status, the demo shop."""

from __future__ import annotations

import uuid

from sqlmodel import Session, SQLModel, select

from shop.config import get_settings
from shop.customers import records
from shop.demo.seed import seed_demo_data
from shop.identity.passwords import hash_password
from shop.models import Address, Customer, CustomerGroup, Order, OrderStatus, Product, utcnow
from shop.orders import orders

DEFAULT_PASSWORD = "green tea and linen towels"
SAMPLE_ADDRESS = {"name": "", "street_address": "12 rue Mercière", "postal_code": "69002", "city": "LYON",
                  "country_code": "FR"}


class FixtureRefused(Exception):
    """A fixture that must not run here (resetting a production shop), or one that names what does not exist."""


def create_customer(db: Session, *, email: str | None = None, password: str | None = DEFAULT_PASSWORD,
                    first_name: str = "Ana", last_name: str = "Lopez", verified: bool = True, blocked: bool = False,
                    group: str | None = None, addresses: int = 0, language: str = "en") -> Customer:
    """A customer with a unique email unless one is given: verified or not, blocked, in a group, with addresses
    (the first one the default for delivery and billing)."""
    customer = records.create_customer(
        db, email=(email or f"qa-{uuid.uuid4().hex[:10]}@example.com").lower(), first_name=first_name,
        last_name=last_name, password_hash=hash_password(password) if password else None, source="fixture",
        language=language, verified=verified)
    customer.is_blocked = blocked
    if group:
        customer.group_id = _group(db, group).id
    db.add(customer)
    for index in range(addresses):
        db.add(Address(customer_id=customer.id, **{**SAMPLE_ADDRESS, "name": customer.full_name,
                                                   "street_address": f"{12 + index} rue Mercière"},
                       is_default_billing=index == 0, is_default_shipping=index == 0))
    db.flush()
    return customer


def _group(db: Session, name: str) -> CustomerGroup:
    """The group of that name, or the one group whose name starts with it ("Trade" for "Trade partners")."""
    groups = list(db.exec(select(CustomerGroup)))
    exact = [group for group in groups if group.name.lower() == name.lower()]
    starting = [group for group in groups if group.name.lower().startswith(name.lower())]
    found = exact or starting
    if len(found) != 1:
        names = ", ".join(group.name for group in groups) or "none"
        raise FixtureRefused(f"no single customer group named {name!r} (there are: {names})")
    return found[0]


def create_order(db: Session, customer: Customer, *, status: str = OrderStatus.RECEIVED.value,
                 product_slug: str | None = None, quantity: int = 1) -> Order:
    """An online order of one product (the first for sale unless named), moved to `status`."""
    query = select(Product).where(Product.is_active)
    product = db.exec(query.where(Product.slug == product_slug) if product_slug else query.order_by(Product.id)).first()
    if product is None:
        raise FixtureRefused(f"no product for sale named {product_slug!r}" if product_slug else "no product for sale")
    address = {**SAMPLE_ADDRESS, "name": customer.full_name}
    order = orders.create_order(db, email=customer.email, customer_id=customer.id,
                                lines=[(product, quantity, product.price_cents)], shipping_cents=590,
                                billing_address=address, shipping_address=address)
    if status != OrderStatus.RECEIVED.value:
        shipped = status in (OrderStatus.SHIPPED.value, OrderStatus.DELIVERED.value)
        orders.set_status(db, order, status, carrier="Colissimo" if shipped else "",
                          tracking_number="6A12345678901" if shipped else "",
                          tracking_url="https://www.laposte.fr/outils/suivre-vos-envois" if shipped else "",
                          at=utcnow())
    db.flush()
    return order


def find_customer(db: Session, email: str) -> Customer:
    customer = records.find_by_email(db, email)
    if customer is None:
        raise FixtureRefused(f"no customer with the email {email!r}")
    return customer


def reset_to_demo(db: Session) -> dict[str, int]:
    """Every row of every table goes, then the demo data comes back. Never on a production shop."""
    if get_settings().environment == "prod":
        raise FixtureRefused("STORE_ENV=prod: a production shop is never reset")
    for table in reversed(SQLModel.metadata.sorted_tables):
        db.exec(table.delete())
    db.flush()
    return seed_demo_data(db)
