"""What several browser tests do: make a customer in the shop's database, and sign in as a person would."""

from __future__ import annotations

import uuid

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
