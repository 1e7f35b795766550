"""A merchant's private notes on a customer: dated, signed with the author's email, never shown to the customer."""

from __future__ import annotations

import unicodedata

from sqlmodel import Session, select

from shop.common import audit
from shop.common.validation import FieldError, FormErrors
from shop.customers.profile import own_customer
from shop.models import CustomerNote, MerchantUser, utcnow

MAX_NOTE = 5000
MAX_NOTES_SHOWN = 200


def clean_note(raw: object, field: str = "body") -> str:
    """Several lines of text: trimmed, not empty, at most 5000 characters, no control characters but line breaks."""
    if not isinstance(raw, str):
        raise FieldError(field, "error.invalid")
    if len(raw) > MAX_NOTE * 2:  # room for surrounding spaces and \r\n, not for a payload
        raise FieldError(field, "error.too_long")
    value = unicodedata.normalize("NFC", raw.replace("\r\n", "\n")).strip()
    if not value:
        raise FieldError(field, "error.required")
    if len(value) > MAX_NOTE:
        raise FieldError(field, "error.too_long")
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in value):
        raise FieldError(field, "error.invalid")
    return value


def add_note(db: Session, customer_id: object, body: object, merchant: MerchantUser) -> CustomerNote:
    """A new note on the customer, signed by the merchant user; FormErrors({"body": ...}) when empty or too long."""
    try:
        text = clean_note(body)
    except FieldError as error:
        raise FormErrors({error.field: error.key}) from error
    customer = own_customer(db, customer_id)
    note = CustomerNote(customer_id=customer.id, merchant_user_id=merchant.id, author=merchant.email,
                        body=text, created_at=utcnow())
    db.add(note)
    audit.record(db, "customer.note_added", customer_id=customer.id, merchant_user_id=merchant.id)
    db.flush()
    return note


def list_notes(db: Session, customer_id: int) -> list[CustomerNote]:
    """Newest first."""
    return list(db.exec(select(CustomerNote).where(CustomerNote.customer_id == customer_id)
                        .order_by(CustomerNote.created_at.desc(), CustomerNote.id.desc()).limit(MAX_NOTES_SHOWN)))
