"""Creating orders and moving them through their statuses."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from shop.catalog.tax import vat_in
from shop.customers.totals import refresh_customer_totals
from shop.models import Order, OrderLine, OrderStatus, OrderStatusEvent, PaymentMethod, Product, utcnow
from shop.orders.checkout import next_order_number
from shop.orders.emails import send_order_expired
from shop.settings.store import get_store_settings

DEMO_VAT_BP = 2000  # orders made here (demo, fixtures, in-store) carry French VAT


def create_order(
    db: Session,
    *,
    email: str,
    lines: list[tuple[Product, int, int]],  # (product, quantity, unit price in cents)
    customer_id: int | None = None,
    channel: str = "online",
    shipping_cents: int = 0,
    billing_address: dict | None = None,
    shipping_address: dict | None = None,
    placed_at: datetime | None = None,
) -> Order:
    placed_at = placed_at or utcnow()
    subtotal = sum(quantity * unit for _, quantity, unit in lines)
    order = Order(
        number=next_order_number(db),
        customer_id=customer_id,
        email=email,
        channel=channel,
        subtotal_cents=subtotal,
        shipping_cents=shipping_cents,
        # Prices include 20 % VAT; the tax share is shown, not added.
        tax_cents=sum(vat_in(quantity * unit, DEMO_VAT_BP) for _, quantity, unit in lines)
        + vat_in(shipping_cents, DEMO_VAT_BP),
        total_cents=subtotal + shipping_cents,
        billing_address_json=json.dumps(billing_address or {}),
        shipping_address_json=json.dumps(shipping_address or {}),
        placed_at=placed_at,
        updated_at=placed_at,
    )
    db.add(order)
    db.flush()
    for product, quantity, unit in lines:
        db.add(OrderLine(order_id=order.id, product_id=product.id, sku=product.sku, name=product.name,
                         unit_price_cents=unit, quantity=quantity, line_total_cents=unit * quantity,
                         vat_rate_bp=DEMO_VAT_BP, vat_cents=vat_in(unit * quantity, DEMO_VAT_BP)))
    db.add(OrderStatusEvent(order_id=order.id, status=OrderStatus.RECEIVED.value, created_at=placed_at))
    refresh_customer_totals(db, order.customer_id)
    return order


class StatusMoved(Exception):
    """Another transaction (a merchant, another worker's housekeeping) changed the order's status first."""


def set_status(db: Session, order: Order, status: str, *, carrier: str = "", tracking_number: str = "",
               tracking_url: str = "", at: datetime | None = None) -> Order:
    """Move an order to a new status and add the step to its timeline. The move is one conditional write
    from the status this transaction read: if someone else moved the order first, StatusMoved, and nothing
    (stock, timeline, email) happens twice or over a payment."""
    status = OrderStatus(status).value  # refuses anything that is not a status
    at = at or utcnow()
    previous = order.status
    moved = db.exec(sa.update(Order).where(Order.id == order.id, Order.status == previous)
                    .values(status=status, updated_at=at).execution_options(synchronize_session=False))
    if moved.rowcount != 1:
        db.expire(order)  # read again when next used: it shows the status the other transaction left
        raise StatusMoved(order.number)
    # Set on the object too: the flush writes the same values again, and the order counts as changed for
    # what follows every changed order (shop/orders/live.py's NOTIFY to the pages that watch it).
    order.status, order.updated_at = status, at
    if status == OrderStatus.CANCELLED.value and previous != status:
        restock(db, order)
    cancelled_changes = OrderStatus.CANCELLED.value in (status, previous) and status != previous
    if status == OrderStatus.SHIPPED.value:
        order.carrier, order.tracking_number, order.tracking_url = carrier, tracking_number, tracking_url
    db.add(order)
    db.add(OrderStatusEvent(order_id=order.id, status=status, created_at=at))
    if cancelled_changes:
        refresh_customer_totals(db, order.customer_id)
    return order


def restock(db: Session, order: Order) -> None:
    """A cancelled (or expired) order gives its items back to the stock."""
    for line in db.exec(select(OrderLine).where(OrderLine.order_id == order.id)):
        if line.product_id is not None:
            db.exec(sa.update(Product).where(Product.id == line.product_id)
                    .values(stock=Product.stock + line.quantity))


def expire_unpaid_orders(db: Session, *, now: datetime | None = None) -> list[str]:
    """Cancel bank-transfer orders still unpaid after the shop's delay, put their stock back and tell the
    buyer. Returns the numbers expired."""
    now = now or utcnow()
    settings = get_store_settings(db)
    due = db.exec(select(Order).where(Order.status == OrderStatus.RECEIVED.value,
                                      Order.channel == "online",
                                      Order.payment_method == PaymentMethod.BANK_TRANSFER.value,
                                      Order.placed_at < now - timedelta(days=settings.unpaid_order_days))).all()
    expired = []
    for order in due:
        try:
            set_status(db, order, OrderStatus.CANCELLED.value, at=now)
        except StatusMoved:  # paid or cancelled meanwhile (a merchant, another worker's pass)
            continue
        send_order_expired(db, order, settings)
        expired.append(order.number)
    return expired
