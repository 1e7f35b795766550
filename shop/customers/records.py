"""Customer records: lookup by email, creation with a customer number, blocking."""

from __future__ import annotations

import uuid

from sqlmodel import Session, func, select, update

from shop.common import audit
from shop.identity import sessions
from shop.models import Customer, utcnow
from shop.settings.store import get_store_settings


def find_by_email(db: Session, email: str) -> Customer | None:
    return db.exec(select(Customer).where(func.lower(Customer.email) == email.lower())).first()


def create_customer(db: Session, *, email: str, first_name: str = "", last_name: str = "",
                    password_hash: str | None = None, source: str = "signup", language: str = "en",
                    newsletter_opt_in: bool = False, verified: bool = False,
                    approved_buyer: bool | None = None) -> Customer:
    """Insert a customer; the number is derived from the row id, so two inserts never race for it.
    While the shop sells to approved buyers only, a new customer waits for the merchant's approval
    unless the caller (the merchant) says otherwise."""
    now = utcnow()
    if approved_buyer is None:
        approved_buyer = not get_store_settings(db).approved_buyers_only
    customer = Customer(
        customer_number=f"tmp-{uuid.uuid4().hex[:12]}", email=email, first_name=first_name, last_name=last_name,
        password_hash=password_hash, source=source, language=language, newsletter_opt_in=newsletter_opt_in,
        email_verified_at=now if verified else None, created_at=now, updated_at=now, approved_buyer=approved_buyer,
    )
    db.add(customer)
    db.flush()
    customer.customer_number = f"C{customer.id:05d}"
    db.add(customer)
    db.flush()
    return customer


def block_customer(db: Session, customer_id: int, *, merchant_user_id: int | None = None) -> bool:
    """Deny the customer: every session ends at once and sign-in is refused with a clear message."""
    changed = db.exec(update(Customer).where(Customer.id == customer_id)
                      .values(is_blocked=True, updated_at=utcnow())).rowcount
    if not changed:
        return False
    sessions.end_all_sessions(db, customer_id=customer_id)
    audit.record(db, "customer.blocked", customer_id=customer_id, merchant_user_id=merchant_user_id)
    return True


def unblock_customer(db: Session, customer_id: int, *, merchant_user_id: int | None = None) -> bool:
    changed = db.exec(update(Customer).where(Customer.id == customer_id)
                      .values(is_blocked=False, updated_at=utcnow())).rowcount
    if changed:
        audit.record(db, "customer.unblocked", customer_id=customer_id, merchant_user_id=merchant_user_id)
    return bool(changed)
