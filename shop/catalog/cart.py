"""The persisted cart: counts for the header (the full cart comes with the shop issue)."""

from __future__ import annotations

from sqlmodel import Session, func, select

from shop.models import CartItem


def count_items(db: Session, *, customer_id: int | None = None, guest_cart_key: str | None = None) -> int:
    if customer_id is None and not guest_cart_key:
        return 0
    query = select(func.coalesce(func.sum(CartItem.quantity), 0))
    if customer_id is not None:
        query = query.where(CartItem.customer_id == customer_id)
    else:
        query = query.where(CartItem.guest_cart_key == guest_cart_key)
    return int(db.exec(query).one())
