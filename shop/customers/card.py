"""The customer card of the back-office: the record, its addresses, orders, notes, and a timeline of what happened."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, func, select

from shop.customers.notes import list_notes
from shop.customers.profile import own_customer
from shop.models import Address, AuditEvent, Customer, CustomerGroup, CustomerNote, Order, OutboxEmail

MAX_ORDERS = 100
MAX_EVENTS = 200
MAX_EMAILS = 100
NOT_IN_TIMELINE = {"customer.note_added"}


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline. `kind` is account, order, email or note; `code` the audit kind or the order
    status; `text` a subject, a note, or an order number (never a code or a token)."""

    at: datetime
    kind: str
    code: str = ""
    text: str = ""
    author: str = ""
    amount_cents: int = 0
    currency: str = "EUR"


@dataclass(frozen=True)
class CustomerCard:
    customer: Customer
    addresses: list[Address]
    orders: list[Order]
    notes: list[CustomerNote]
    groups: list[CustomerGroup]
    timeline: list[TimelineEntry] = field(default_factory=list)


def group_choices(db: Session) -> list[CustomerGroup]:
    return list(db.exec(select(CustomerGroup).order_by(CustomerGroup.name)))


def customer_card(db: Session, customer_id: object) -> CustomerCard:
    """Everything the card shows; LookupError for an unknown id."""
    customer = own_customer(db, customer_id)
    addresses = list(db.exec(select(Address).where(Address.customer_id == customer.id)
                             .order_by(Address.is_default_billing.desc(), Address.id)))
    orders = list(db.exec(select(Order).where(Order.customer_id == customer.id)
                          .order_by(Order.placed_at.desc(), Order.id.desc()).limit(MAX_ORDERS)))
    notes = list_notes(db, customer.id)
    events = list(db.exec(select(AuditEvent).where(AuditEvent.customer_id == customer.id)
                          .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()).limit(MAX_EVENTS)))
    emails = list(db.exec(select(OutboxEmail).where(func.lower(OutboxEmail.to_address) == customer.email.lower())
                          .order_by(OutboxEmail.created_at.desc(), OutboxEmail.id.desc()).limit(MAX_EMAILS)))
    # A note shows as itself; its audit row would only say it twice.
    timeline = [TimelineEntry(at=event.created_at, kind="account", code=event.kind) for event in events
                if event.kind not in NOT_IN_TIMELINE]
    timeline += [TimelineEntry(at=order.placed_at, kind="order", code=order.status, text=order.number,
                               amount_cents=order.total_cents, currency=order.currency) for order in orders]
    timeline += [TimelineEntry(at=email.created_at, kind="email", text=email.subject) for email in emails]
    timeline += [TimelineEntry(at=note.created_at, kind="note", text=note.body, author=note.author) for note in notes]
    timeline.sort(key=lambda entry: entry.at, reverse=True)
    return CustomerCard(customer=customer, addresses=addresses, orders=orders, notes=notes,
                        groups=group_choices(db), timeline=timeline)
