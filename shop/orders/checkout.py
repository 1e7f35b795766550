"""Placing an order: who may order, the checkout form, and the one transaction that turns a cart into
an order.

Placing is atomic, idempotent and safe under concurrency:
- the order number comes from a counter row, incremented first (on SQLite this also takes the write
  lock before anything is read, so two checkouts queue instead of failing);
- a checkout token, made when the checkout page opens, is unique on the order: a double click, a second
  tab or a retried event finds the order already placed and returns it;
- each line takes its stock with `UPDATE … WHERE stock >= quantity`; the shopper who loses the race for
  the last item is told which line is short, and the whole transaction is rolled back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from shop import routes
from shop.catalog import cart as carts
from shop.common.formatting import format_money
from shop.common.validation import FieldError, FormErrors, form_value, is_checked, normalize_email
from shop.customers import addresses, records
from shop.customers.profile import clean_vat_number
from shop.customers.totals import refresh_customer_totals
from shop.identity.hashing import keyed_hash, same
from shop.identity.password_policy import read_new_password
from shop.identity.passwords import hash_password
from shop.mail.outbox import queue_message
from shop.models import (
    CheckoutMode,
    Customer,
    Order,
    OrderCounter,
    OrderLine,
    OrderStatus,
    OrderStatusEvent,
    PaymentMethod,
    Product,
    RegistrationMode,
    StoreSettings,
    utcnow,
)

ORDER_PREFIX = "ML-"
COUNTER = "order"
FIRST_NUMBER = 100001
MAX_CHECKOUT_TOKEN = 64
ACCESS_LIFETIME = timedelta(days=7)


class CheckoutRefused(Exception):
    """This visitor may not place an order here; `key` says why, in words for them."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


class OutOfStock(Exception):
    """Another buyer took the last items: `names` are the short lines."""

    def __init__(self, names: list[str]):
        super().__init__(", ".join(names))
        self.names = names


# --- Who may order ----------------------------------------------------------------------------------------------


def refusal(settings: StoreSettings, customer: Customer | None) -> str | None:
    """Why this visitor cannot order now (a message key), or None. A visitor who must sign in first gets
    "checkout.sign_in_required"; the page offers sign-in (and sign-up when the shop allows it)."""
    if customer is None:
        # A members-only shop sells to its members only, whatever its checkout mode says.
        if (settings.checkout_mode == CheckoutMode.GUESTS.value
                and settings.registration_mode != RegistrationMode.MEMBERS_ONLY.value):
            return None
        return "checkout.sign_in_required"
    if customer.is_blocked:
        return "checkout.blocked"
    if settings.approved_buyers_only and not customer.approved_buyer:
        return "checkout.not_approved"
    return None


def may_sign_up_on_the_way(settings: StoreSettings) -> bool:
    return (settings.checkout_mode == CheckoutMode.ACCOUNT_REQUIRED.value
            and settings.registration_mode == RegistrationMode.OPEN.value)


def payment_methods(customer: Customer | None) -> list[str]:
    methods = [PaymentMethod.BANK_TRANSFER.value]
    if customer is not None and customer.pay_on_invoice:
        methods.append(PaymentMethod.INVOICE.value)
    return methods


# --- The form ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckoutForm:
    email: str
    address: dict
    vat_number: str
    payment_method: str
    save_address: bool


def clean_form(form: object, customer: Customer | None) -> CheckoutForm:
    """The checkout form, allow-listed and checked, or FormErrors naming each field."""
    errors: dict[str, str] = {}
    email = customer.email if customer is not None else ""
    if customer is None:
        try:
            email = normalize_email(form_value(form, "email"))
        except FieldError as error:
            errors["email"] = error.key
    address: dict = {}
    try:
        address = addresses.clean_address(form)
    except FormErrors as invalid:
        errors.update(invalid.errors)
    vat_number = ""
    try:
        vat_number = clean_vat_number(form_value(form, "vat_number"), address.get("country_code") or None)
    except FieldError as error:
        errors["vat_number"] = error.key
    method = form_value(form, "payment_method")
    if method not in payment_methods(customer):
        errors["payment_method"] = "checkout.error.payment_method"
    if not is_checked(form_value(form, "accept_terms")):
        errors["accept_terms"] = "checkout.error.accept_terms"
    if errors:
        raise FormErrors(errors)
    return CheckoutForm(email, address, vat_number, str(method),
                        customer is not None and is_checked(form_value(form, "save_address")))


def valid_checkout_token(token: object) -> str:
    if not isinstance(token, str) or not (32 <= len(token) <= MAX_CHECKOUT_TOKEN) or not token.isascii():
        raise CheckoutRefused("checkout.expired")
    return token


# --- Placing ----------------------------------------------------------------------------------------------------


def next_order_number(db: Session) -> str:
    """Increment the counter row and return its new value, in the caller's transaction: two orders
    placed at once get two numbers (the second waits for the first's row lock)."""
    value = _bump_counter(db)
    if value is None:  # a database created before the counter existed, and no order since
        highest = db.exec(select(sa.func.max(Order.number))).one()
        last = int(highest.removeprefix(ORDER_PREFIX)) if highest else FIRST_NUMBER - 1
        try:
            with db.begin_nested():  # two first orders at once (PostgreSQL): one creates the row
                db.add(OrderCounter(name=COUNTER, value=last))
        except sa.exc.IntegrityError:
            pass  # the other checkout created it: count on from there
        value = _bump_counter(db)
    return f"{ORDER_PREFIX}{value}"


def _bump_counter(db: Session) -> int | None:
    return db.exec(sa.update(OrderCounter).where(OrderCounter.name == COUNTER)
                   .values(value=OrderCounter.value + 1).returning(OrderCounter.value)).scalar()


@dataclass(frozen=True)
class PlacedOrder:
    order: Order
    access_token: str  # opens the confirmation page, for guests too
    already_placed: bool = False


def place_order(db: Session, *, customer: Customer | None, owner: carts.CartOwner, form: object,
                checkout_token: object, lang: str, settings: StoreSettings) -> PlacedOrder:
    """The cart becomes an order, in the caller's transaction: lines with their prices and VAT, stock
    taken, the cart emptied and the confirmation email queued. Raises CheckoutRefused, FormErrors or
    OutOfStock; the caller then rolls back and nothing is half-written."""
    token = valid_checkout_token(checkout_token)
    number = next_order_number(db)  # the first statement: on SQLite it takes the write lock
    existing = db.exec(select(Order).where(Order.checkout_token == token)).first()
    if existing is not None:
        if existing.customer_id != (customer.id if customer else None):
            raise CheckoutRefused("checkout.expired")
        return PlacedOrder(existing, access_token(existing), already_placed=True)
    why = refusal(settings, customer)
    if why is not None:
        raise CheckoutRefused(why)
    cleaned = clean_form(form, customer)
    priced = carts.priced_cart(db, owner, customer, destination=cleaned.address["country_code"],
                               vat_number=cleaned.vat_number)
    if not priced.lines:
        raise CheckoutRefused("checkout.empty_cart")
    short = [line.product.name for line in priced.lines if not _take_stock(db, line.product.id, line.quantity)]
    if short:
        raise OutOfStock(short)
    now = utcnow()
    address_json = json.dumps(cleaned.address)
    owner_id = customer.id if customer else _account_from_order(db, settings, cleaned, lang)
    order = Order(
        number=number, customer_id=owner_id, email=cleaned.email,
        subtotal_cents=priced.subtotal_cents, shipping_cents=priced.shipping_cents, tax_cents=priced.vat_cents,
        total_cents=priced.total_cents, currency=settings.currency,
        billing_address_json=address_json, shipping_address_json=address_json,
        language=lang, payment_method=cleaned.payment_method, vat_number=cleaned.vat_number,
        tax_exempt=priced.rule.exempt, reverse_charge=priced.rule.reverse_charge, checkout_token=token,
        placed_at=now, updated_at=now,
    )
    db.add(order)
    db.flush()
    for line in priced.lines:
        db.add(OrderLine(order_id=order.id, product_id=line.product.id, sku=line.product.sku,
                         name=line.product.name, unit_price_cents=line.unit_cents, quantity=line.quantity,
                         line_total_cents=line.total_cents, vat_rate_bp=priced.rule.rate_bp,
                         vat_cents=line.vat_cents))
    db.add(OrderStatusEvent(order_id=order.id, status=OrderStatus.RECEIVED.value, created_at=now))
    refresh_customer_totals(db, owner_id)
    carts.clear(db, owner)
    if customer is not None and cleaned.save_address:
        addresses.create_address(db, customer.id, cleaned.address)
    placed = PlacedOrder(order, access_token(order))
    send_confirmation(db, placed, settings)
    return placed


def _account_from_order(db: Session, settings: StoreSettings, form: CheckoutForm, lang: str) -> int | None:
    """With "account from order" on, a guest order for a new address creates the account (StoreFront); the
    customer signs in later by code or link. An address that already has an account is never linked by
    email alone: that order stays a guest order, which the owner can claim after proving the address."""
    if not settings.account_from_order or records.find_by_email(db, form.email) is not None:
        return None
    first_name, _, last_name = form.address.get("name", "").partition(" ")
    created = records.create_customer(db, email=form.email, first_name=first_name[:100], last_name=last_name[:100],
                                      source="checkout", language=lang)
    created.vat_number = form.vat_number
    db.add(created)
    return created.id


def _take_stock(db: Session, product_id: int, quantity: int) -> bool:
    """Take `quantity` from the stock if that many are left; False when another buyer was first."""
    result = db.exec(sa.update(Product).where(Product.id == product_id, Product.stock >= quantity)
                     .values(stock=Product.stock - quantity))
    return result.rowcount == 1


# --- After the order --------------------------------------------------------------------------------------------


def access_token(order: Order, *, now=None) -> str:
    """`<number>.<expiry>.<signature>`: opens this order's confirmation for ACCESS_LIFETIME. Order numbers
    can be guessed, so a guest's order page needs this signature."""
    expires = int(((now or utcnow()) + ACCESS_LIFETIME).timestamp())
    return f"{order.number}.{expires}.{keyed_hash('order-access', order.number, str(expires))}"


def order_from_access_token(db: Session, token: object, *, now=None) -> Order | None:
    if not isinstance(token, str) or len(token) > 120 or token.count(".") != 2:
        return None
    number, expires, signature = token.split(".")
    if not expires.isdigit() or not same(signature, keyed_hash("order-access", number, expires)):
        return None
    if int(expires) < (now or utcnow()).timestamp():
        return None
    return db.exec(select(Order).where(Order.number == number)).first()


def account_made_by(db: Session, order: Order) -> Customer | None:
    """The account this order created ("account from order") while it has no password yet."""
    customer = db.get(Customer, order.customer_id) if order.customer_id is not None else None
    if customer is None or customer.source != "checkout" or customer.password_hash is not None:
        return None
    return customer if abs((customer.created_at - order.placed_at).total_seconds()) < 60 else None


def set_password_from_order(db: Session, token: object, form: object) -> Customer:
    """The buyer chooses a password on the confirmation page of the order that created their account. The
    address stays unproven: the first sign-in sends it a code. FormErrors for a refused password,
    LookupError when the link is not valid or the account already has a password."""
    order = order_from_access_token(db, token)
    customer = account_made_by(db, order) if order is not None else None
    if customer is None:
        raise LookupError("no account to complete")
    customer.password_hash = hash_password(read_new_password(
        form, related=[customer.email, customer.first_name, customer.last_name]))
    db.add(customer)
    return customer


def send_confirmation(db: Session, placed: PlacedOrder, settings: StoreSettings) -> None:
    order, lang = placed.order, placed.order.language
    lines = db.exec(select(OrderLine).where(OrderLine.order_id == order.id).order_by(OrderLine.id)).all()
    money = lambda cents: format_money(cents, order.currency, lang)  # noqa: E731
    extra = [f"{line.quantity} × {line.name} — {money(line.line_total_cents)}" for line in lines]
    paragraphs = ["email.order_confirmation.body", "email.order_confirmation.totals"]
    if order.reverse_charge:
        paragraphs.append("email.order_confirmation.reverse_charge")
    if order.payment_method == PaymentMethod.BANK_TRANSFER.value:
        paragraphs.append("email.order_confirmation.bank_transfer")
    else:
        paragraphs.append("email.order_confirmation.invoice")
    queue_message(
        db, to=order.email, template="order_confirmation", lang=lang, paragraphs=paragraphs, extra=extra,
        params={"number": order.number, "total": money(order.total_cents), "vat": money(order.tax_cents),
                "shipping": money(order.shipping_cents), "bank": settings.bank_details,
                "days": settings.unpaid_order_days},
        action_key="email.order_confirmation.action",
        action_path=routes.with_token(routes.ORDER_CONFIRMATION, placed.access_token),
    )
