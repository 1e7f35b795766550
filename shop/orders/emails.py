"""The emails about an order after it was placed, in the order's language."""

from __future__ import annotations

from sqlmodel import Session

from shop.common.formatting import format_money
from shop.mail.outbox import queue_message
from shop.models import Order, StoreSettings


def send_order_expired(db: Session, order: Order, settings: StoreSettings) -> None:
    queue_message(db, to=order.email, template="order_expired", lang=order.language,
                  paragraphs=["email.order_expired.body", "email.order_expired.outro"],
                  params={"number": order.number, "days": settings.unpaid_order_days,
                          "total": format_money(order.total_cents, order.currency, order.language)})
