"""Closing an account: orders stay in the merchant's books without personal data, everything else goes."""

from __future__ import annotations

import json
import unicodedata

from sqlmodel import Session, delete, or_, select, update

from shop.common import audit
from shop.common.validation import FieldError, FormErrors, form_value
from shop.customers import emails
from shop.customers.profile import own_customer
from shop.identity.security import check_password_or_code
from shop.models import (
    Address,
    AuditEvent,
    CartItem,
    Customer,
    CustomerNote,
    CustomerPrice,
    OneTimeCode,
    Order,
    SignInSession,
    SingleUseToken,
    WishlistItem,
    utcnow,
)

MAX_COMMENT = 2000
ALLOWED_CONTROLS = {"\n", "\t"}


def clean_comment(raw: object, field: str = "comment") -> str:
    """Several lines of plain text, at most 2000 characters. "" when empty."""
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise FieldError(field, "error.invalid")
    if len(raw) > MAX_COMMENT * 2:  # refuse a payload before normalising it
        raise FieldError(field, "error.too_long")
    value = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(value) > MAX_COMMENT:
        raise FieldError(field, "error.too_long")
    if any(unicodedata.category(ch) == "Cc" and ch not in ALLOWED_CONTROLS for ch in value):
        raise FieldError(field, "error.invalid")
    return value


def anonymous_email(customer_id: int) -> str:
    return f"deleted-customer-{customer_id}@invalid"


def _country_only(raw_json: str) -> str:
    """The country stays for the merchant's tax records; the rest of the address goes."""
    try:
        data = json.loads(raw_json or "{}")
    except ValueError:
        return "{}"
    country = data.get("country_code") if isinstance(data, dict) else None
    return json.dumps({"country_code": country}) if isinstance(country, str) and country else "{}"


def delete_account(db: Session, customer_id: int, form: object, *, client_ip: str = "") -> None:
    """Check the password (or a code, for an account without one), then delete in one transaction.

    The caller commits; on FormErrors nothing was deleted (a wrong password is only counted).
    """
    customer = own_customer(db, customer_id)
    try:
        comment = clean_comment(form_value(form, "comment"))
    except FieldError as error:
        raise FormErrors({error.field: error.key}) from error
    check_password_or_code(db, customer, form, client_ip=client_ip)

    # Queued first: these are the last emails that may carry the customer's name and address.
    emails.send_account_deleted_merchant(db, customer_number=customer.customer_number,
                                                 name=customer.full_name, email=customer.email, comment=comment)
    emails.send_account_deleted(db, customer.email, customer.language, customer.first_name)
    cid = customer.id
    orders_kept = erase_customer(db, customer)
    audit.record(db, "customer.deleted", customer_id=cid, detail=f"orders kept: {orders_kept}")


def erase_customer(db: Session, customer: Customer) -> int:
    """Delete the record and all it owns; its orders stay, anonymised (the country stays for tax records).
    Sends nothing and records nothing: the caller does. Returns how many orders were kept."""
    cid, email, now = customer.id, customer.email, utcnow()
    orders = db.exec(select(Order).where(Order.customer_id == cid)).all()
    for order in orders:
        order.customer_id = None
        order.email = anonymous_email(cid)
        order.billing_address_json = _country_only(order.billing_address_json)
        order.shipping_address_json = _country_only(order.shipping_address_json)
        order.updated_at = now
        db.add(order)
    db.flush()

    for table in (Address, WishlistItem, CartItem, SignInSession, SingleUseToken, CustomerPrice, CustomerNote):
        db.exec(delete(table).where(table.customer_id == cid))
    db.exec(delete(OneTimeCode).where(or_(OneTimeCode.customer_id == cid, OneTimeCode.email == email)))
    db.exec(delete(SingleUseToken).where(SingleUseToken.email == email))
    # The trail keeps what happened and when, but no longer the address it happened to.
    db.exec(update(AuditEvent).where(or_(AuditEvent.customer_id == cid, AuditEvent.email == email))
            .values(email=""))
    db.delete(customer)
    db.flush()
    return len(orders)
