"""Figures for the back-office dashboard."""

from __future__ import annotations

from sqlmodel import Session, func, select

from shop.common.formatting import format_day, format_money
from shop.models import Customer, Order, OrderStatus, OutboxEmail, OutboxStatus, Product

PAID_OR_LATER = [OrderStatus.PAID.value, OrderStatus.PROCESSING.value, OrderStatus.SHIPPED.value,
                 OrderStatus.DELIVERED.value]
TO_HANDLE = [OrderStatus.RECEIVED.value, OrderStatus.PAID.value, OrderStatus.PROCESSING.value]


def _count(db: Session, model, *conditions) -> int:
    return db.exec(select(func.count()).select_from(model).where(*conditions)).one()


def dashboard_figures(db: Session, lang: str) -> dict:
    revenue = db.exec(
        select(func.coalesce(func.sum(Order.total_cents), 0)).where(Order.status.in_(PAID_OR_LATER))
    ).one()
    recent = db.exec(select(Order).order_by(Order.placed_at.desc()).limit(8)).all()
    return {
        "customers": _count(db, Customer),
        "orders": _count(db, Order),
        "open_orders": _count(db, Order, Order.status.in_(TO_HANDLE)),
        "products": _count(db, Product, Product.is_active),
        "pending_emails": _count(db, OutboxEmail, OutboxEmail.status.in_(
            [OutboxStatus.PENDING.value, OutboxStatus.SENDING.value])),
        "revenue": format_money(int(revenue), "EUR", lang),
        "recent_orders": [
            {
                "number": order.number,
                "email": order.email,
                "placed": format_day(order.placed_at, lang),
                "channel": order.channel,
                "status": order.status,
                "total": format_money(order.total_cents, order.currency, lang),
            }
            for order in recent
        ],
    }


def recent_emails(db: Session, lang: str, limit: int = 100) -> list[dict]:
    rows = db.exec(select(OutboxEmail).order_by(OutboxEmail.id.desc()).limit(limit)).all()
    return [
        {
            "id": row.id,
            "to": row.to_address,
            "subject": row.subject,
            "status": row.status,
            "attempts": row.attempts,
            "created": format_day(row.created_at, lang),
        }
        for row in rows
    ]
