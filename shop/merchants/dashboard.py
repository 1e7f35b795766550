"""Figures for the back-office dashboard, and the email log."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, func, select

from shop.models import Customer, Order, OrderStatus, OutboxEmail, OutboxStatus, Product, utcnow

PAID_OR_LATER = [OrderStatus.PAID.value, OrderStatus.PROCESSING.value, OrderStatus.SHIPPED.value,
                 OrderStatus.DELIVERED.value]
TO_HANDLE = [OrderStatus.RECEIVED.value, OrderStatus.PAID.value, OrderStatus.PROCESSING.value]
RECENT_ORDERS = 8
SERIES_DAYS = 90
SHOP_TIMEZONE = ZoneInfo("Europe/Paris")  # days are the shop's days
EMAIL_PAGE_SIZE = 50


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
    new_this_week: int = 0  # accounts created in the last 7 days
    verified_percent: int = 0  # share of customers whose address is proven, rounded
    orders_by_status: dict[str, int] = field(default_factory=dict)


def _count(db: Session, model, *conditions) -> int:
    return db.exec(select(func.count()).select_from(model).where(*conditions)).one()


def dashboard_figures(db: Session, *, now: datetime | None = None) -> Figures:
    now = now or utcnow()
    customers = _count(db, Customer)
    verified = _count(db, Customer, Customer.email_verified_at.is_not(None))
    by_status = dict(db.exec(select(Order.status, func.count()).group_by(Order.status)).all())
    revenue = db.exec(
        select(func.coalesce(func.sum(Order.total_cents), 0)).where(Order.status.in_(PAID_OR_LATER))
    ).one()
    return Figures(
        customers=customers,
        orders=_count(db, Order),
        open_orders=_count(db, Order, Order.status.in_(TO_HANDLE)),
        products=_count(db, Product, Product.is_active),
        pending_emails=_count(db, OutboxEmail, OutboxEmail.status.in_(
            [OutboxStatus.PENDING.value, OutboxStatus.SENDING.value])),
        revenue_cents=int(revenue),
        currency="EUR",
        recent_orders=list(db.exec(select(Order).order_by(Order.placed_at.desc()).limit(RECENT_ORDERS))),
        new_this_week=_count(db, Customer, Customer.created_at >= now - timedelta(days=7)),
        verified_percent=round(100 * verified / customers) if customers else 0,
        orders_by_status={status.value: int(by_status.get(status.value, 0)) for status in OrderStatus},
    )


@dataclass(frozen=True)
class DayCount:
    day: date
    sign_ups: int
    orders: int


def daily_series(db: Session, *, days: int = SERIES_DAYS, now: datetime | None = None) -> list[DayCount]:
    """Sign-ups and orders per day (the shop's days) over the last `days` days, today included, zeros kept."""
    today = (now or utcnow()).astimezone(SHOP_TIMEZONE).date()
    first = today - timedelta(days=days - 1)
    since = datetime.combine(first, datetime.min.time(), tzinfo=SHOP_TIMEZONE)
    counts = {first + timedelta(days=n): [0, 0] for n in range(days)}
    for index, column in enumerate((Customer.created_at, Order.placed_at)):
        for moment in db.exec(select(column).where(column >= since)).all():
            day = moment.astimezone(SHOP_TIMEZONE).date()
            if day in counts:
                counts[day][index] += 1
    return [DayCount(day, sign_ups, orders) for day, (sign_ups, orders) in counts.items()]


def recent_emails(db: Session, limit: int = 100) -> list[OutboxEmail]:
    return list(db.exec(select(OutboxEmail).order_by(OutboxEmail.id.desc()).limit(limit)))


@dataclass(frozen=True)
class EmailPage:
    emails: list[OutboxEmail]
    total: int
    page: int
    pages: int


def email_log(db: Session, page: int = 1, *, page_size: int = EMAIL_PAGE_SIZE) -> EmailPage:
    total = _count(db, OutboxEmail)
    pages = max(1, math.ceil(total / page_size))
    page = min(max(page, 1), pages)
    rows = db.exec(select(OutboxEmail).order_by(OutboxEmail.id.desc()).offset((page - 1) * page_size)
                   .limit(page_size)).all()
    return EmailPage(list(rows), total, page, pages)


# A code a person types (sign-in, verification): six digits standing alone.
CODE = re.compile(r"(?<![\w.,-])\d{6}(?![\w-]|[.,]\d)")
URL = re.compile(r"https?://[^\s<>\"']+")
# A path segment or parameter value that looks like a secret: long, and not a plain word.
TOKEN_LIKE = re.compile(r"[A-Za-z0-9_\-.~%]{16,}")
HIDDEN_CODE = "••••••"


def _mask_url(match: re.Match) -> str:
    url = match.group(0)
    rest = url.split("://", 1)[1]
    host, _, tail = rest.partition("/")
    if TOKEN_LIKE.search(tail) or "token" in tail.lower() or "?" in url:
        return f"{url.split('://', 1)[0]}://…/[link hidden]"
    return url


def mask_secrets(text: str) -> str:
    """An email's text as the back-office may show it: codes and links that carry a token are hidden, so
    a merchant (or someone behind them) cannot sign in as the customer with what the log shows."""
    return CODE.sub(HIDDEN_CODE, URL.sub(_mask_url, text or ""))


def email_for_merchant(db: Session, email_id: object) -> OutboxEmail | None:
    if type(email_id) is not int or not (0 < email_id < 2**63):
        return None
    return db.get(OutboxEmail, email_id)
