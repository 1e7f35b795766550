"""What the back-office pages show, formatted for one language from the data the domain core returns."""

from __future__ import annotations

from babel.dates import format_date

from shop import routes
from shop.common.formatting import format_day, format_moment, format_money
from shop.i18n import babel_locale, translate
from shop.merchants.dashboard import DayCount, Figures, mask_secrets
from shop.models import OrderStatus, OutboxEmail
from shop.orders import admin as order_admin
from shop.orders.history import address_lines


def dashboard(figures: Figures, lang: str) -> dict:
    return {
        "customers": figures.customers,
        "new_this_week": figures.new_this_week,
        "verified": f"{figures.verified_percent}\u00a0%",
        "orders": figures.orders,
        "open_orders": figures.open_orders,
        "products": figures.products,
        "pending_emails": figures.pending_emails,
        "revenue": format_money(figures.revenue_cents, figures.currency, lang),
        "by_status": [{"status": status, "count": count, "url": f"{routes.ADMIN_ORDERS}?status={status}"}
                      for status, count in figures.orders_by_status.items()],
        "recent_orders": [
            {
                "number": order.number,
                "url": routes.with_id(routes.ADMIN_ORDER, order.number),
                "email": order.email,
                "placed": format_day(order.placed_at, lang),
                "channel": order.channel,
                "status": order.status,
                "total": format_money(order.total_cents, order.currency, lang),
            }
            for order in figures.recent_orders
        ],
    }


def series(days: list[DayCount], lang: str) -> dict:
    """The chart's points, and the same figures in a sentence for screen readers (and anyone)."""
    points = [{"day": format_date(d.day, format="d MMM", locale=babel_locale(lang)), "sign_ups": d.sign_ups,
               "orders": d.orders} for d in days]
    busiest = max(days, key=lambda d: d.orders, default=None)
    summary = translate(lang, "admin.dashboard.series_summary", days=len(days),
                        sign_ups=sum(d.sign_ups for d in days), orders=sum(d.orders for d in days),
                        busiest=format_date(busiest.day, format="long", locale=babel_locale(lang))
                        if busiest and busiest.orders else "-",
                        most=busiest.orders if busiest else 0)
    return {"points": points, "summary": summary}


def email_row(row: OutboxEmail, lang: str) -> dict:
    return {
        "id": row.id,
        "url": routes.with_id(routes.ADMIN_EMAIL, row.id),
        "to": row.to_address,
        "subject": mask_secrets(row.subject),
        "status": row.status,
        "attempts": row.attempts,
        "created": format_moment(row.created_at, lang),
    }


def email_detail(row: OutboxEmail, lang: str) -> dict:
    return {
        **email_row(row, lang),
        "body": mask_secrets(row.text_body),
        "sent": format_moment(row.sent_at, lang) if row.sent_at else "",
        "last_error": row.last_error,
        "language": row.language,
    }


def order_row(order, lang: str) -> dict:
    return {
        "number": order.number,
        "url": routes.with_id(routes.ADMIN_ORDER, order.number),
        "email": order.email,
        "placed": format_moment(order.placed_at, lang),
        "channel": order.channel,
        "status": order.status,
        "total": format_money(order.total_cents, order.currency, lang),
    }


def order_detail(detail: order_admin.AdminOrder, lang: str) -> dict:
    order = detail.order
    money = lambda cents: format_money(cents, order.currency, lang)  # noqa: E731
    customer = detail.customer
    payment_key = f"admin.payment.{order.payment_method}"
    return {
        **order_row(order, lang),
        "customer_url": routes.with_id(routes.ADMIN_CUSTOMER, customer.id) if customer else "",
        "customer_name": (customer.full_name or customer.email) if customer else "",
        "customer_number": customer.customer_number if customer else "",
        "payment": translate(lang, payment_key) if payment_key in _payment_keys(lang) else order.payment_method,
        "language": order.language,
        "subtotal": money(order.subtotal_cents),
        "shipping": money(order.shipping_cents),
        "vat": money(order.tax_cents),
        "vat_note": translate(lang, "admin.orders.reverse_charge") if order.reverse_charge else (
            translate(lang, "admin.orders.tax_exempt") if order.tax_exempt else ""),
        "vat_number": order.vat_number,
        "billing": address_lines(order.billing_address_json),
        "shipping_address": address_lines(order.shipping_address_json),
        "carrier": order.carrier,
        "tracking_number": order.tracking_number,
        "tracking_url": order.tracking_url if order.tracking_url.startswith("https://") else "",
        "lines": [{"sku": line.sku, "name": line.name, "quantity": line.quantity,
                   "unit": money(line.unit_price_cents), "total": money(line.line_total_cents),
                   "vat_rate": f"{line.vat_rate_bp / 100:g}\u00a0%"} for line in detail.lines],
        "timeline": [{"status": event.status, "at": format_moment(event.created_at, lang)}
                     for event in detail.events],
    }


def _payment_keys(lang: str) -> set[str]:
    return {f"admin.payment.{method}" for method in order_admin.IN_STORE_PAYMENTS}


STATUS_ORDER = [status.value for status in OrderStatus]
