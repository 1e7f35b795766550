"""What several browser tests do: make a customer in the shop's database, and sign in as a person would."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Page
from sqlalchemy.engine import Engine
from sqlmodel import Session

from shop.identity import sessions
from shop.merchants import accounts
from shop.models import Customer, MerchantRole
from shop.testing import fixtures
from tests.e2e.pages import AccountPage, AdminDashboardPage, AdminLoginPage, LoginPage

PASSWORD = fixtures.DEFAULT_PASSWORD


def unique_email(tag: str) -> str:
    return f"{tag}-{uuid.uuid4().hex[:10]}@example.com"


def create_customer(engine: Engine, tag: str = "customer", **values) -> Customer:
    """A customer written straight to the shop's database (the QA fixture), with a unique email; profile
    fields (phone, company) are set on the record too."""
    profile = {key: values.pop(key) for key in ("phone", "company") if key in values}
    with Session(engine, expire_on_commit=False) as db:
        customer = fixtures.create_customer(db, email=unique_email(tag), **values)
        for key, value in profile.items():
            setattr(customer, key, value)
        db.add(customer)
        db.commit()
        return customer


def session_token_for(engine: Engine, customer_id: int, *, user_agent: str = "") -> str:
    """A signed-in session made on the server, for socket tests that play a signed-in browser."""
    with Session(engine) as db:
        token = sessions.start_session(db, customer_id=customer_id, user_agent=user_agent)
        db.commit()
    return token


def sign_in(page: Page, email: str, password: str = PASSWORD, *, remember: bool = False,
            expect_success: bool = True) -> None:
    LoginPage(page).goto().sign_in(email, password, remember=remember)
    if expect_success:
        AccountPage(page).expect_open()


@contextmanager
def registration_mode(engine: Engine, mode: str) -> Iterator[None]:
    """The shop in `mode` ("members_only"...) for the block, then open again."""
    from shop.settings.store import get_store_settings

    def set_mode(value: str) -> None:
        with Session(engine) as db:
            settings = get_store_settings(db)
            settings.registration_mode = value
            db.add(settings)
            db.commit()

    set_mode(mode)
    try:
        yield
    finally:
        set_mode("open")


def create_merchant(engine: Engine, role: str = MerchantRole.OWNER.value, *, read_only: bool = False,
                    tag: str = "merchant") -> str:
    """A back-office user (an owner, or staff, maybe read-only) with PASSWORD; returns their email."""
    email = unique_email(tag)
    with Session(engine) as db:
        user = accounts.create_merchant(db, email, PASSWORD)
        user.role, user.read_only = role, read_only
        db.add(user)
        db.commit()
    return email


def sign_in_merchant(page: Page, email: str, password: str = PASSWORD) -> AdminDashboardPage:
    """Sign in to the back-office as a person would, and wait for the dashboard."""
    AdminLoginPage(page).goto().sign_in(email, password)
    dashboard = AdminDashboardPage(page)
    dashboard.expect_open()
    dashboard.wait_until_live()
    return dashboard


def create_buyer_with_orders(engine: Engine, *, in_store_status: str = "") -> dict:
    """Léa, with a paid online order (two mugs, with an address) and an in-store order (a bowl, moved to
    `in_store_status` when given). Returns her email and id and both order numbers."""
    from sqlmodel import select

    from shop.models import Product
    from shop.orders import orders

    customer = create_customer(engine, "buyer", first_name="Léa", last_name="Roux")
    with Session(engine) as db:
        mug = db.exec(select(Product).where(Product.slug == "stoneware-mug-sage")).one()
        bowl = db.exec(select(Product).where(Product.slug == "breakfast-bowl-oat")).one()
        address = {"name": "Léa Roux", "street_address": "12 rue Mercière", "postal_code": "69002",
                   "city": "LYON", "country_code": "FR"}
        online = orders.create_order(db, email=customer.email, customer_id=customer.id, lines=[(mug, 2, 2400)],
                                     shipping_cents=590, billing_address=address, shipping_address=address)
        orders.set_status(db, online, "paid")
        in_store = orders.create_order(db, email=customer.email, customer_id=customer.id, channel="in_store",
                                       lines=[(bowl, 1, 1900)])
        if in_store_status:
            orders.set_status(db, in_store, in_store_status)
        db.commit()
        return {"email": customer.email, "online": online.number, "in_store": in_store.number, "id": customer.id}
