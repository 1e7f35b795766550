"""A customer's order count, total spent and last order, stored on the record so the register can sort
and filter 100,000 customers by them. Recomputed from the orders whenever one is placed, cancelled,
claimed or moved: placed orders that are not cancelled, VAT included."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, func, select

from shop.models import Customer, Order, OrderStatus


def refresh_customer_totals(db: Session, customer_id: int | None) -> None:
    if customer_id is None:
        return
    db.flush()  # the order being placed or changed counts
    count, spent, last = db.exec(
        select(func.count(Order.id), func.coalesce(func.sum(Order.total_cents), 0), func.max(Order.placed_at))
        .where(Order.customer_id == customer_id, Order.status != OrderStatus.CANCELLED.value)
    ).one()
    db.exec(sa.update(Customer).where(Customer.id == customer_id)
            .values(order_count=count, total_spent_cents=int(spent), last_order_at=last))
