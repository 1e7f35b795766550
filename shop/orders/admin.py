"""The merchant's side of orders: the filtered list, one order, status changes, shipping and in-store orders."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlmodel import Session, func, or_, select

from shop.catalog import pricing, tax
from shop.common import audit
from shop.common.validation import FieldError, FormErrors, clean_text, normalize_email
from shop.customers.totals import refresh_customer_totals
from shop.models import (
    Customer,
    Order,
    OrderChannel,
    OrderLine,
    OrderStatus,
    OrderStatusEvent,
    PaymentMethod,
    Product,
    utcnow,
)
from shop.orders.checkout import next_order_number
from shop.orders.emails import send_order_shipped
from shop.orders.orders import StatusMoved, set_status
from shop.settings.store import get_store_settings

PAGE_SIZE = 25
MAX_NUMBER = 20
MAX_SEARCH = 100
MAX_LINES = 50
MAX_QUANTITY = 999
DEFAULT_TIMEZONE = "Europe/Paris"

# Where an order may go from each status. "shipped" needs a carrier and tracking: `mark_shipped` only.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    OrderStatus.RECEIVED.value: (OrderStatus.PAID.value, OrderStatus.PROCESSING.value, OrderStatus.CANCELLED.value),
    OrderStatus.PAID.value: (OrderStatus.PROCESSING.value, OrderStatus.SHIPPED.value, OrderStatus.DELIVERED.value,
                             OrderStatus.CANCELLED.value),
    OrderStatus.PROCESSING.value: (OrderStatus.SHIPPED.value, OrderStatus.DELIVERED.value,
                                   OrderStatus.CANCELLED.value),
    OrderStatus.SHIPPED.value: (OrderStatus.DELIVERED.value,),
    OrderStatus.DELIVERED.value: (),
    OrderStatus.CANCELLED.value: (),
}
# Taken in the shop: paid at the counter (card, cash), or later (transfer, invoice).
IN_STORE_PAYMENTS = ("card", "cash", PaymentMethod.BANK_TRANSFER.value, PaymentMethod.INVOICE.value)
PAID_AT_COUNTER = ("card", "cash")
STATUSES = tuple(status.value for status in OrderStatus)
CHANNELS = tuple(channel.value for channel in OrderChannel)


class OrderRefused(Exception):
    """A change the order's state does not allow; `key` is the message to show."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def allowed_next(status: str) -> tuple[str, ...]:
    """The statuses a merchant may pick from a select (shipped goes through `mark_shipped`)."""
    return tuple(s for s in TRANSITIONS.get(status, ()) if s != OrderStatus.SHIPPED.value)


def can_ship(status: str) -> bool:
    return OrderStatus.SHIPPED.value in TRANSITIONS.get(status, ())


# --- the list -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderFilters:
    status: str = ""
    channel: str = ""
    search: str = ""
    placed_from: str = ""  # YYYY-MM-DD, inclusive
    placed_to: str = ""  # YYYY-MM-DD, inclusive
    customer_id: int | None = None
    page: int = 1

    def as_query(self) -> dict[str, str]:
        """The filters as URL parameters (empty ones left out)."""
        values = {"status": self.status, "channel": self.channel, "q": self.search, "from": self.placed_from,
                  "to": self.placed_to, "customer": str(self.customer_id or ""),
                  "page": str(self.page) if self.page > 1 else ""}
        return {key: value for key, value in values.items() if value}


def _day(raw: object) -> str:
    if not isinstance(raw, str) or len(raw) != 10:
        return ""
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        return ""


def read_filters(params: object) -> OrderFilters:
    """Filters from URL parameters or a form: anything unknown, too long or malformed is dropped."""
    params = params if isinstance(params, dict) else {}

    def text(name: str) -> str:
        value = params.get(name)
        return value.strip() if isinstance(value, str) and len(value) <= MAX_SEARCH else ""

    status, channel = text("status"), text("channel")
    customer, page = text("customer"), text("page")
    return OrderFilters(
        status=status if status in STATUSES else "",
        channel=channel if channel in CHANNELS else "",
        search=text("q"),
        placed_from=_day(params.get("from")),
        placed_to=_day(params.get("to")),
        customer_id=int(customer) if customer.isdigit() and 0 < int(customer) < 2**31 else None,
        page=int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1,
    )


def _local_midnight(day: str) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime.combine(date.fromisoformat(day), time(0), tzinfo=ZoneInfo(DEFAULT_TIMEZONE))


@dataclass(frozen=True)
class OrderPage:
    orders: list[Order]
    total: int
    page: int
    pages: int
    customer: Customer | None  # when the list is one customer's


def search_orders(db: Session, filters: OrderFilters, *, page_size: int = PAGE_SIZE) -> OrderPage:
    conditions = []
    if filters.status:
        conditions.append(Order.status == filters.status)
    if filters.channel:
        conditions.append(Order.channel == filters.channel)
    if filters.search:
        needle = filters.search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(or_(func.lower(Order.number).like(f"%{needle}%", escape="\\"),
                              func.lower(Order.email).like(f"%{needle}%", escape="\\")))
    if filters.placed_from:
        conditions.append(Order.placed_at >= _local_midnight(filters.placed_from))
    if filters.placed_to:
        conditions.append(Order.placed_at < _local_midnight(filters.placed_to) + timedelta(days=1))
    customer = None
    if filters.customer_id is not None:
        customer = db.get(Customer, filters.customer_id)
        conditions.append(Order.customer_id == filters.customer_id)
    total = db.exec(select(func.count()).select_from(Order).where(*conditions)).one()
    pages = max(1, math.ceil(total / page_size))
    page = min(filters.page, pages)
    orders = db.exec(select(Order).where(*conditions).order_by(Order.placed_at.desc(), Order.id.desc())
                     .offset((page - 1) * page_size).limit(page_size)).all()
    return OrderPage(list(orders), total, page, pages, customer)


# --- one order ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdminOrder:
    order: Order
    lines: list[OrderLine]
    events: list[OrderStatusEvent]
    customer: Customer | None
    billing_address: dict = field(default_factory=dict)
    shipping_address: dict = field(default_factory=dict)


def _find(db: Session, number: object) -> Order | None:
    if not isinstance(number, str) or not (0 < len(number) <= MAX_NUMBER):
        return None
    return db.exec(select(Order).where(Order.number == number)).first()


def _address(raw: str) -> dict:
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def order_for_merchant(db: Session, number: object) -> AdminOrder | None:
    order = _find(db, number)
    if order is None:
        return None
    lines = db.exec(select(OrderLine).where(OrderLine.order_id == order.id).order_by(OrderLine.id)).all()
    events = db.exec(select(OrderStatusEvent).where(OrderStatusEvent.order_id == order.id)
                     .order_by(OrderStatusEvent.created_at, OrderStatusEvent.id)).all()
    customer = db.get(Customer, order.customer_id) if order.customer_id is not None else None
    return AdminOrder(order, list(lines), list(events), customer, _address(order.billing_address_json),
                      _address(order.shipping_address_json))


def change_status(db: Session, number: object, status: object, *, merchant_user_id: int) -> Order:
    """Move an order along the allowed transitions (cancelling puts the stock back)."""
    order = _find(db, number)
    if order is None:
        raise OrderRefused("admin.orders.not_found")
    if not isinstance(status, str) or status not in STATUSES:
        raise OrderRefused("admin.orders.bad_status")
    if status == OrderStatus.SHIPPED.value:
        raise OrderRefused("admin.orders.ship_with_form")
    if status not in TRANSITIONS[order.status]:
        raise OrderRefused("admin.orders.bad_transition")
    previous = order.status
    try:
        set_status(db, order, status)
    except StatusMoved as moved:
        raise OrderRefused("admin.orders.changed_meanwhile") from moved
    audit.record(db, "order.status", merchant_user_id=merchant_user_id, customer_id=order.customer_id,
                 detail=f"{order.number}: {previous} -> {status}")
    return order


def clean_tracking_url(raw: object) -> str:
    """An https link to the carrier's tracking page, or FieldError."""
    url = clean_text(raw, "tracking_url", max_length=500, required=True)
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise FieldError("tracking_url", "admin.orders.error.tracking_url") from error
    host = parts.hostname or ""
    if parts.scheme != "https" or "." not in host or " " in url or parts.username or parts.password:
        raise FieldError("tracking_url", "admin.orders.error.tracking_url")
    return url


def mark_shipped(db: Session, number: object, form: object, *, merchant_user_id: int) -> Order:
    """Carrier, tracking number and link; the order becomes shipped and the buyer gets an email.
    Raises OrderRefused or FormErrors (nothing written then)."""
    order = _find(db, number)
    if order is None:
        raise OrderRefused("admin.orders.not_found")
    if not can_ship(order.status):
        raise OrderRefused("admin.orders.bad_transition")
    form = form if isinstance(form, dict) else {}
    errors, values = {}, {}
    for name, max_length in (("carrier", 60), ("tracking_number", 80)):
        try:
            values[name] = clean_text(form.get(name), name, max_length=max_length, required=True)
        except FieldError as error:
            errors[error.field] = error.key
    try:
        values["tracking_url"] = clean_tracking_url(form.get("tracking_url"))
    except FieldError as error:
        errors[error.field] = error.key
    if errors:
        raise FormErrors(errors)
    try:
        set_status(db, order, OrderStatus.SHIPPED.value, **values)
    except StatusMoved as moved:
        raise OrderRefused("admin.orders.changed_meanwhile") from moved
    send_order_shipped(db, order)
    audit.record(db, "order.shipped", merchant_user_id=merchant_user_id, customer_id=order.customer_id,
                 detail=f"{order.number}: {values['carrier']} {values['tracking_number']}")
    return order


# --- in-store orders ------------------------------------------------------------------------------------------


def find_customers(db: Session, raw: object, limit: int = 8) -> list[Customer]:
    """Customers whose email, customer number or name contains the search (for picking a buyer)."""
    if not isinstance(raw, str) or not (2 <= len(raw.strip()) <= MAX_SEARCH):
        return []
    needle = raw.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{needle}%"
    return list(db.exec(select(Customer).where(or_(
        func.lower(Customer.email).like(pattern, escape="\\"),
        func.lower(Customer.customer_number).like(pattern, escape="\\"),
        func.lower(Customer.first_name + " " + Customer.last_name).like(pattern, escape="\\"),
    )).order_by(Customer.email).limit(limit)).all())


def products_for_sale(db: Session) -> list[Product]:
    return list(db.exec(select(Product).where(Product.is_active).order_by(Product.name)).all())


@dataclass(frozen=True)
class InStoreLine:
    product: Product
    quantity: int
    unit_cents: int


def quote_in_store(db: Session, customer: Customer | None, wanted: list[tuple[int, int]]) -> list[InStoreLine]:
    """The lines at this customer's prices (their own price list, their group, or the catalogue), VAT of the
    shop's country: the sale happens in the shop."""
    settings = get_store_settings(db)
    ids = [product_id for product_id, _ in wanted]
    products = {p.id: p for p in db.exec(select(Product).where(Product.id.in_(ids), Product.is_active)).all()}
    rule = pricing.buyer_tax_rule(db, customer, settings, destination=settings.shop_country)
    prices = pricing.prices_for(db, list(products.values()), customer, rule=rule, settings=settings)
    return [InStoreLine(products[pid], qty, prices[pid]) for pid, qty in wanted if pid in products]


def _read_lines(raw: object) -> list[tuple[int, int]]:
    if not isinstance(raw, list) or not raw or len(raw) > MAX_LINES:
        raise FieldError("lines", "admin.orders.error.no_lines")
    merged: dict[int, int] = {}
    for item in raw:
        if not isinstance(item, dict):
            raise FieldError("lines", "admin.orders.error.no_lines")
        product_id, quantity = item.get("product_id"), item.get("quantity")
        if type(product_id) is not int or not (0 < product_id < 2**31) or type(quantity) is not int \
                or not (0 < quantity <= MAX_QUANTITY):
            raise FieldError("lines", "admin.orders.error.quantity")
        merged[product_id] = merged.get(product_id, 0) + quantity
        if merged[product_id] > MAX_QUANTITY:
            raise FieldError("lines", "admin.orders.error.quantity")
    return list(merged.items())


def create_in_store_order(db: Session, form: object, *, merchant_user_id: int) -> Order:
    """An order taken in the shop: a customer (or a walk-in buyer with an email), lines at the customer's
    prices, stock taken, numbered by the checkout's counter. Raises FormErrors; the caller rolls back."""
    form = form if isinstance(form, dict) else {}
    errors: dict[str, str] = {}
    customer = None
    customer_id = form.get("customer_id")
    if customer_id is not None:
        if type(customer_id) is not int or not (0 < customer_id < 2**31):
            errors["customer"] = "admin.orders.error.customer"
        else:
            customer = db.get(Customer, customer_id)
            if customer is None or customer.is_blocked:
                errors["customer"] = "admin.orders.error.customer"
    email = ""
    if customer is not None:
        email = customer.email
    elif "customer" not in errors:
        try:
            email = normalize_email(form.get("email"))
        except FieldError as error:
            errors["email"] = error.key
    payment = form.get("payment_method")
    if payment not in IN_STORE_PAYMENTS:
        errors["payment_method"] = "admin.orders.error.payment"
    elif payment == PaymentMethod.INVOICE.value and customer is None:
        errors["payment_method"] = "admin.orders.error.invoice_needs_customer"
    try:
        wanted = _read_lines(form.get("lines"))
    except FieldError as error:
        errors[error.field] = error.key
        wanted = []
    if errors:
        raise FormErrors(errors)
    lines = quote_in_store(db, customer, wanted)
    if len(lines) != len(wanted):
        raise FormErrors({"lines": "admin.orders.error.product"})
    number = next_order_number(db)  # the checkout's counter: one numbering for both channels
    short = [line.product.name for line in lines if db.exec(
        sa.update(Product).where(Product.id == line.product.id, Product.stock >= line.quantity)
        .values(stock=Product.stock - line.quantity)).rowcount != 1]
    if short:
        raise FormErrors({"lines": "admin.orders.error.stock"})
    settings = get_store_settings(db)
    rule = pricing.buyer_tax_rule(db, customer, settings, destination=settings.shop_country)
    now = utcnow()
    subtotal = sum(line.unit_cents * line.quantity for line in lines)
    vat = sum(tax.vat_in(line.unit_cents * line.quantity, rule.rate_bp) for line in lines)
    order = Order(number=number, customer_id=customer.id if customer else None, email=email,
                  channel=OrderChannel.IN_STORE.value, currency=settings.currency, subtotal_cents=subtotal,
                  shipping_cents=0, tax_cents=vat, total_cents=subtotal,
                  language=customer.language if customer else settings.default_language,
                  payment_method=payment, vat_number=customer.vat_number if customer else "",
                  tax_exempt=rule.exempt, reverse_charge=rule.reverse_charge, placed_at=now, updated_at=now)
    db.add(order)
    db.flush()
    for line in lines:
        total = line.unit_cents * line.quantity
        db.add(OrderLine(order_id=order.id, product_id=line.product.id, sku=line.product.sku,
                         name=line.product.name, unit_price_cents=line.unit_cents, quantity=line.quantity,
                         line_total_cents=total, vat_rate_bp=rule.rate_bp, vat_cents=tax.vat_in(total, rule.rate_bp)))
    db.add(OrderStatusEvent(order_id=order.id, status=OrderStatus.RECEIVED.value, created_at=now))
    if payment in PAID_AT_COUNTER:
        order.status = OrderStatus.PAID.value
        db.add(order)
        db.add(OrderStatusEvent(order_id=order.id, status=OrderStatus.PAID.value, created_at=now))
    refresh_customer_totals(db, order.customer_id)
    audit.record(db, "order.in_store", merchant_user_id=merchant_user_id, customer_id=order.customer_id,
                 detail=f"{order.number}: {len(lines)} lines, {payment}")
    return order
