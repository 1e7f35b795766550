"""What several browser tests do: make a customer in the shop's database, and sign in as a person would."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect
from sqlalchemy.engine import Engine
from sqlmodel import Session

from shop.customers import records
from shop.identity import sessions
from shop.identity.passwords import hash_password
from shop.models import Customer

PASSWORD = "green tea and linen towels"


def unique_email(tag: str) -> str:
    return f"{tag}-{uuid.uuid4().hex[:10]}@example.com"


def create_customer(engine: Engine, tag: str = "customer", *, first_name: str = "Ana", last_name: str = "Lopez",
                    password: str | None = PASSWORD, verified: bool = True, **values) -> Customer:
    """A customer written straight to the shop's database, with a unique email."""
    with Session(engine, expire_on_commit=False) as db:
        customer = records.create_customer(
            db, email=unique_email(tag), first_name=first_name, last_name=last_name,
            password_hash=hash_password(password) if password else None, verified=verified)
        for key, value in values.items():
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
    page.goto("/login")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    if remember:
        page.get_by_label("Keep me signed in for 30 days").check()
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    if expect_success:
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Hello"))
