"""Demo data: products, groups, customers with addresses and orders, a merchant. Safe to run twice."""

from __future__ import annotations

import os
import random
from datetime import timedelta

from faker import Faker
from sqlmodel import Session, func, select

from shop.config import get_settings
from shop.demo.catalogue import DEMO_PRODUCTS
from shop.identity.passwords import hash_password
from shop.merchants import accounts
from shop.models import (
    Address,
    Customer,
    CustomerGroup,
    GroupPrice,
    MerchantUser,
    Order,
    OrderStatus,
    Product,
    ProductImage,
    utcnow,
)
from shop.orders import orders
from shop.settings.store import get_store_settings

FAKER_SEED = 2026
DEMO_MERCHANT_EMAIL = "merchant@maison-lumen.example"
DEMO_CUSTOMER_EMAIL = "camille.martin@example.com"
DEMO_PASSWORD_DEFAULT = accounts.PUBLISHED_DEMO_PASSWORD
CUSTOMER_COUNT = 20
# The demo shows every path through an order's life.
STATUS_PATHS = {
    OrderStatus.RECEIVED: [],
    OrderStatus.PAID: [OrderStatus.PAID],
    OrderStatus.PROCESSING: [OrderStatus.PAID, OrderStatus.PROCESSING],
    OrderStatus.SHIPPED: [OrderStatus.PAID, OrderStatus.PROCESSING, OrderStatus.SHIPPED],
    OrderStatus.DELIVERED: [OrderStatus.PAID, OrderStatus.PROCESSING, OrderStatus.SHIPPED, OrderStatus.DELIVERED],
    OrderStatus.CANCELLED: [OrderStatus.CANCELLED],
}
LOCALES = [("fr_FR", "FR", "fr"), ("en_GB", "GB", "en"), ("de_DE", "DE", "en"), ("fr_BE", "BE", "fr")]


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)


def published_password_refused() -> bool:
    """In production no account is ever created with the password printed in the README."""
    return get_settings().environment == "prod" and demo_password() == DEMO_PASSWORD_DEFAULT


def seed_demo_data(db: Session) -> dict[str, int]:
    """Create what is missing and return how many rows of each kind were added."""
    added = {"products": 0, "groups": 0, "customers": 0, "orders": 0, "merchants": 0}
    get_store_settings(db)
    added["products"] = _seed_products(db)
    groups = _seed_groups(db, added)
    added["customers"] = _seed_customers(db, groups)
    if db.exec(select(func.count()).select_from(Order)).one() == 0:
        added["orders"] = _seed_orders(db)
    if published_password_refused():
        return added  # create the shop's own merchant with `shop.cli create-merchant`
    if db.exec(select(MerchantUser).where(MerchantUser.email == DEMO_MERCHANT_EMAIL)).first() is None:
        accounts.create_merchant(db, DEMO_MERCHANT_EMAIL, demo_password(), name="Demo merchant")
        added["merchants"] = 1
    return added


def _seed_products(db: Session) -> int:
    existing = set(db.exec(select(Product.slug)).all())
    count = 0
    for item in DEMO_PRODUCTS:
        if item["slug"] in existing:
            continue
        product = Product(**{key: item[key] for key in (
            "slug", "sku", "category", "name", "name_fr", "description", "description_fr", "price_cents", "stock")})
        db.add(product)
        db.flush()
        db.add(ProductImage(product_id=product.id, path=item["image"], alt=item["name"]))
        count += 1
    return count


def _seed_groups(db: Session, added: dict[str, int]) -> dict[str, CustomerGroup]:
    wanted = {
        "Trade partners": dict(description="Cafés, hotels and shops buying for resale, with trade prices.",
                               price_adjustment_bp=0, tax_exempt=False),
        "Friends of the shop": dict(description="Loyal customers: 10 % off everything.",
                                    price_adjustment_bp=-1000, tax_exempt=False),
    }
    groups = {}
    for name, values in wanted.items():
        group = db.exec(select(CustomerGroup).where(CustomerGroup.name == name)).first()
        if group is None:
            group = CustomerGroup(name=name, **values)
            db.add(group)
            db.flush()
            added["groups"] += 1
            if name == "Trade partners":  # a trade price list on the coffee
                for product in db.exec(select(Product).where(Product.category == "coffee")):
                    db.add(GroupPrice(group_id=group.id, product_id=product.id,
                                      price_cents=round(product.price_cents * 0.7)))
        groups[name] = group
    return groups


def _seed_customers(db: Session, groups: dict[str, CustomerGroup]) -> int:
    rng = random.Random(FAKER_SEED)
    # bcrypt once, shared by the demo accounts; none with the published password in production.
    password_hash = None if published_password_refused() else hash_password(demo_password())
    existing = set(db.exec(select(Customer.email)).all())
    next_number = db.exec(select(func.count()).select_from(Customer)).one() + 1
    count = 0
    for index in range(CUSTOMER_COUNT):
        locale, country, language = LOCALES[index % len(LOCALES)]
        local = Faker(locale)
        local.seed_instance(FAKER_SEED + index)  # the same person for the same index, run after run
        first, last = local.first_name(), local.last_name()
        if index == 0:
            first, last = "Camille", "Martin"
        email = DEMO_CUSTOMER_EMAIL if index == 0 else f"{_ascii(first)}.{_ascii(last)}{index}@example.com"
        company = local.company() if index % 5 == 3 else ""
        created = utcnow() - timedelta(days=rng.randint(30, 400))
        if email in existing:
            continue
        customer = Customer(
            customer_number=f"C{next_number:05d}",
            email=email,
            # Some customers exist only through in-store orders and have no password.
            password_hash=password_hash if index % 4 != 2 else None,
            first_name=first,
            last_name=last,
            company=company,
            language=language,
            newsletter_opt_in=index % 3 == 0,
            email_verified_at=created if index % 4 != 2 else None,
            source="signup" if index % 4 != 2 else "checkout",
            group_id=groups["Trade partners"].id if company else (
                groups["Friends of the shop"].id if index % 6 == 1 else None),
            created_at=created,
            updated_at=created,
        )
        db.add(customer)
        db.flush()
        next_number += 1
        db.add(Address(
            customer_id=customer.id, name=customer.full_name, company_name=company,
            street_address=local.street_address(), city=local.city(), postal_code=local.postcode(),
            country_code=country, is_default_billing=True, is_default_shipping=True,
        ))
        count += 1
    return count


def _seed_orders(db: Session) -> int:
    rng = random.Random(FAKER_SEED)
    products = list(db.exec(select(Product).where(Product.stock > 0)))
    customers = list(db.exec(select(Customer).order_by(Customer.id)))
    statuses = list(STATUS_PATHS)
    count = 0
    for index, customer in enumerate(customers):
        for order_index in range(1 + index % 3):
            status = statuses[(index + order_index) % len(statuses)]
            channel = "in_store" if (index + order_index) % 4 == 3 else "online"
            picks = rng.sample(products, k=rng.randint(1, 3))
            address = db.exec(select(Address).where(Address.customer_id == customer.id)).first()
            snapshot = _address_snapshot(address)
            placed = utcnow() - timedelta(days=rng.randint(1, 120), hours=rng.randint(0, 23))
            order = orders.create_order(
                db, email=customer.email, customer_id=customer.id, channel=channel,
                lines=[(p, rng.randint(1, 2), p.price_cents) for p in picks],
                shipping_cents=0 if channel == "in_store" else 590,
                billing_address=snapshot, shipping_address=snapshot if channel == "online" else {},
                placed_at=placed,
            )
            for step, next_status in enumerate(STATUS_PATHS[status], start=1):
                shipped = next_status == OrderStatus.SHIPPED and channel == "online"
                orders.set_status(
                    db, order, next_status.value, at=placed + timedelta(hours=20 * step),
                    carrier="Colissimo" if shipped else "",
                    tracking_number=f"6A{rng.randint(10**9, 10**10 - 1)}" if shipped else "",
                    tracking_url="https://www.laposte.fr/outils/suivre-vos-envois" if shipped else "",
                )
            count += 1
    return count


def _address_snapshot(address: Address | None) -> dict:
    if address is None:
        return {}
    return {key: getattr(address, key) for key in (
        "name", "company_name", "street_address", "city", "postal_code", "country_area", "country_code")}


def _ascii(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in plain.lower() if ch.isalnum()) or "customer"
