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


def send_order_shipped(db: Session, order: Order) -> None:
    """The parcel left: carrier, tracking number and link, in the order's language. The link to the
    customer's order page is only useful with an account, so guests get the tracking link alone."""
    from shop import routes

    queue_message(db, to=order.email, template="order_shipped", lang=order.language,
                  subject_key="admin.email.order_shipped.subject",
                  paragraphs=["admin.email.order_shipped.body", "admin.email.order_shipped.tracking"],
                  extra=[order.tracking_url],
                  params={"number": order.number, "carrier": order.carrier, "tracking": order.tracking_number},
                  action_key="admin.email.order_shipped.action" if order.customer_id else None,
                  action_path=f"{routes.ACCOUNT_ORDERS}/{order.number}" if order.customer_id else None)
