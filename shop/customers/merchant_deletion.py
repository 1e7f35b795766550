"""A shop owner deletes a customer record: the orders stay, anonymised as when a customer closes their own
account, but the customer gets no email and the audit trail names the owner who did it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, func, select

from shop.common import audit
from shop.customers.deletion import erase_customer
from shop.models import Customer, Order


class CustomerNotFound(LookupError):
    """No customer has this id (a forged or stale link, or a record deleted meanwhile)."""


@dataclass(frozen=True)
class CustomerToDelete:
    """What the confirmation page names, so the owner knows exactly which record goes."""

    id: int
    name: str
    email: str
    customer_number: str
    orders_kept: int


def customer_id_from(raw: object) -> int:
    """A customer id from a URL or a browser payload: a positive integer within SQLite's range, or CustomerNotFound."""
    if isinstance(raw, bool):
        raise CustomerNotFound()
    if isinstance(raw, str):
        raw = raw.strip()
        if not raw.isdigit() or len(raw) > 18:
            raise CustomerNotFound()
        raw = int(raw)
    if not isinstance(raw, int) or not 0 < raw < 2**63:
        raise CustomerNotFound()
    return raw


def get_customer(db: Session, customer_id: object) -> Customer:
    customer = db.get(Customer, customer_id_from(customer_id))
    if customer is None:
        raise CustomerNotFound()
    return customer


def deletion_summary(db: Session, customer_id: object) -> CustomerToDelete:
    customer = get_customer(db, customer_id)
    orders = db.exec(select(func.count(Order.id)).where(Order.customer_id == customer.id)).one()
    return CustomerToDelete(id=customer.id, name=customer.full_name or customer.email, email=customer.email,
                            customer_number=customer.customer_number, orders_kept=orders)


def delete_customer(db: Session, customer_id: object, *, merchant_user_id: int) -> CustomerToDelete:
    """Delete the record and all it owns in the caller's transaction; its orders stay, anonymised.
    No email is sent. Returns what was deleted (for the owner's confirmation message)."""
    summary = deletion_summary(db, customer_id)
    customer = get_customer(db, summary.id)
    orders_kept = erase_customer(db, customer)
    audit.record(db, "customer.deleted_by_merchant", customer_id=summary.id, merchant_user_id=merchant_user_id,
                 detail=f"{summary.customer_number}; orders kept: {orders_kept}")
    return summary
