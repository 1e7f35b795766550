"""What the back-office pages show, formatted for one language from the data the domain core returns."""

from __future__ import annotations

from shop.common.formatting import format_day, format_money
from shop.merchants.dashboard import Figures
from shop.models import OutboxEmail


def dashboard(figures: Figures, lang: str) -> dict:
    return {
        "customers": figures.customers,
        "orders": figures.orders,
        "open_orders": figures.open_orders,
        "products": figures.products,
        "pending_emails": figures.pending_emails,
        "revenue": format_money(figures.revenue_cents, figures.currency, lang),
        "recent_orders": [
            {
                "number": order.number,
                "email": order.email,
                "placed": format_day(order.placed_at, lang),
                "channel": order.channel,
                "status": order.status,
                "total": format_money(order.total_cents, order.currency, lang),
            }
            for order in figures.recent_orders
        ],
    }


def email_row(row: OutboxEmail, lang: str) -> dict:
    return {
        "id": row.id,
        "to": row.to_address,
        "subject": row.subject,
        "status": row.status,
        "attempts": row.attempts,
        "created": format_day(row.created_at, lang),
    }
