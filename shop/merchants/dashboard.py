"""Figures for the back-office dashboard, and the email log."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, func, select

from shop.models import Customer, Order, OrderStatus, OutboxEmail, OutboxStatus, Product

PAID_OR_LATER = [OrderStatus.PAID.value, OrderStatus.PROCESSING.value, OrderStatus.SHIPPED.value,
                 OrderStatus.DELIVERED.value]
TO_HANDLE = [OrderStatus.RECEIVED.value, OrderStatus.PAID.value, OrderStatus.PROCESSING.value]
RECENT_ORDERS = 8


@dataclass(frozen=True)
class Figures:
    customers: int
    orders: int
    open_orders: int
    products: int
    pending_emails: int
    revenue_cents: int
    currency: str
    recent_orders: list[Order]


def _count(db: Session, model, *conditions) -> int:
    return db.exec(select(func.count()).select_from(model).where(*conditions)).one()


def dashboard_figures(db: Session) -> Figures:
    revenue = db.exec(
        select(func.coalesce(func.sum(Order.total_cents), 0)).where(Order.status.in_(PAID_OR_LATER))
    ).one()
    return Figures(
        customers=_count(db, Customer),
        orders=_count(db, Order),
        open_orders=_count(db, Order, Order.status.in_(TO_HANDLE)),
        products=_count(db, Product, Product.is_active),
        pending_emails=_count(db, OutboxEmail, OutboxEmail.status.in_(
            [OutboxStatus.PENDING.value, OutboxStatus.SENDING.value])),
        revenue_cents=int(revenue),
        currency="EUR",
        recent_orders=list(db.exec(select(Order).order_by(Order.placed_at.desc()).limit(RECENT_ORDERS))),
    )


def recent_emails(db: Session, limit: int = 100) -> list[OutboxEmail]:
    return list(db.exec(select(OutboxEmail).order_by(OutboxEmail.id.desc()).limit(limit)))
