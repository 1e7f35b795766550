"""What a merchant may change on a customer record: the profile, flags, blocking, approval, invitations,
password resets, and new records. Only allow-listed fields are ever copied from a form; never the password."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, func, select

from shop import routes
from shop.common import audit
from shop.common.validation import MAX_NAME, FieldError, FormErrors, clean_text, form_value, is_checked, normalize_email
from shop.customers import records
from shop.customers.profile import (
    MAX_COMPANY,
    billing_country,
    clean_phone,
    clean_vat_number,
    own_customer,
    phone_region,
)
from shop.i18n import LANGUAGES, translate
from shop.identity import password_reset, tokens
from shop.identity.invitations import invite_customer
from shop.mail.outbox import queue_message
from shop.models import Customer, CustomerGroup, MerchantUser, TokenKind, utcnow
from shop.settings.store import get_store_settings

MAX_OWN_NUMBER = 40
MAX_INVITATION_MESSAGE = 5000
# The fields of the card's profile form, in the order they are checked. Nothing else is read.
PROFILE_FIELDS = ("own_number", "email", "first_name", "last_name", "company", "vat_number", "phone", "language",
                  "group_id")
FLAG_FIELDS = ("newsletter", "tax_exempt", "pay_on_invoice")


class CustomerBlocked(Exception):
    """The action makes no sense for a blocked customer (an invitation, a reset link)."""


def clean_own_number(db: Session, raw: object, customer_id: int | None) -> str | None:
    """The shop's own number: optional, one line, unique among customers (regardless of case)."""
    value = clean_text(raw, "own_number", max_length=MAX_OWN_NUMBER)
    if not value:
        return None
    query = select(Customer.id).where(func.lower(Customer.own_number) == value.lower())
    if customer_id is not None:
        query = query.where(Customer.id != customer_id)
    if db.exec(query).first() is not None:
        raise FieldError("own_number", "admin.card.error.own_number_taken")
    return value


def clean_unique_email(db: Session, raw: object, customer_id: int | None) -> str:
    email = normalize_email(raw)
    found = records.find_by_email(db, email)
    if found is not None and found.id != customer_id:
        raise FieldError("email", "admin.card.error.email_taken")
    return email


def clean_group(db: Session, raw: object) -> int | None:
    """"" for no group, or the id of an existing group (as a string from a select, or an int)."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, str) and raw.isdigit() and len(raw) <= 12:
        raw = int(raw)
    if not isinstance(raw, int) or isinstance(raw, bool) or db.get(CustomerGroup, raw) is None:
        raise FieldError("group_id", "error.invalid")
    return raw


def _clean_language(raw: object) -> str:
    if not isinstance(raw, str) or raw not in LANGUAGES:
        raise FieldError("language", "error.invalid")
    return raw


def _read(form: object, cleaners: dict) -> dict:
    """Check every field; all errors at once, each next to its field."""
    values, errors = {}, {}
    for field, cleaner in cleaners.items():
        try:
            values[field] = cleaner(form_value(form, field))
        except FieldError as error:
            errors[error.field] = error.key
    if errors:
        raise FormErrors(errors)
    return values


def update_customer(db: Session, customer_id: object, form: object, merchant: MerchantUser) -> Customer:
    """Save the card's profile form: every field checked, then all written, or nothing."""
    customer = own_customer(db, customer_id)
    country = billing_country(db, customer.id)
    values = _read(form, {
        "own_number": lambda raw: clean_own_number(db, raw, customer.id),
        "email": lambda raw: clean_unique_email(db, raw, customer.id),
        "first_name": lambda raw: clean_text(raw, "first_name", max_length=MAX_NAME),
        "last_name": lambda raw: clean_text(raw, "last_name", max_length=MAX_NAME),
        "company": lambda raw: clean_text(raw, "company", max_length=MAX_COMPANY),
        "vat_number": lambda raw: clean_vat_number(raw, country),
        "phone": lambda raw: clean_phone(raw, phone_region(db, country)),
        "language": _clean_language,
        "group_id": lambda raw: clean_group(db, raw),
    })
    values["newsletter_opt_in"] = is_checked(form_value(form, "newsletter"))
    values["tax_exempt"] = is_checked(form_value(form, "tax_exempt"))
    values["pay_on_invoice"] = is_checked(form_value(form, "pay_on_invoice"))
    changed = sorted(field for field, value in values.items() if getattr(customer, field) != value)
    if not changed:
        return customer
    old_email = customer.email
    for field in changed:
        setattr(customer, field, values[field])
    now = utcnow()
    customer.updated_at = now
    if "email" in changed:
        # The merchant typed it: nobody has proven the new address yet. Its guest orders stay guest
        # orders (claiming needs a proven address), and every emailed link dies with the old address.
        customer.email_verified_at = None
        audit.record(db, "customer.email_changed", customer_id=customer.id, merchant_user_id=merchant.id,
                     email=customer.email, detail=f"by merchant, was {old_email}")
    db.add(customer)
    audit.record(db, "customer.updated_by_merchant", customer_id=customer.id, merchant_user_id=merchant.id,
                 detail=",".join(changed))
    db.flush()
    return customer


@dataclass(frozen=True)
class NewCustomer:
    customer: Customer
    invited: bool


def create_customer(db: Session, form: object, merchant: MerchantUser) -> NewCustomer:
    """/admin/customers/new: the number is automatic; the record comes from the merchant (source "merchant").
    With `send_invitation` checked, the customer gets an email to set a password."""
    values = _read(form, {
        "own_number": lambda raw: clean_own_number(db, raw, None),
        "email": lambda raw: clean_unique_email(db, raw, None),
        "first_name": lambda raw: clean_text(raw, "first_name", max_length=MAX_NAME),
        "last_name": lambda raw: clean_text(raw, "last_name", max_length=MAX_NAME),
        "company": lambda raw: clean_text(raw, "company", max_length=MAX_COMPANY),
        "phone": lambda raw: clean_phone(raw, phone_region(db, None)),
        "language": _clean_language,
        "group_id": lambda raw: clean_group(db, raw),
    })
    customer = records.create_customer(
        db, email=values["email"], first_name=values["first_name"], last_name=values["last_name"],
        source="merchant", language=values["language"], newsletter_opt_in=is_checked(form_value(form, "newsletter")),
        approved_buyer=True)
    customer.own_number = values["own_number"]
    customer.company = values["company"]
    customer.phone = values["phone"]
    customer.group_id = values["group_id"]
    db.add(customer)
    audit.record(db, "customer.created_by_merchant", customer_id=customer.id, merchant_user_id=merchant.id,
                 email=customer.email)
    invited = is_checked(form_value(form, "send_invitation"))
    if invited:
        invite_customer(db, customer, merchant_user_id=merchant.id)
    db.flush()
    return NewCustomer(customer, invited)


def set_blocked(db: Session, customer_id: object, blocked: object, merchant: MerchantUser) -> Customer:
    """Block: every session of the customer ends at once, and sign-in is refused. Unblock: they may sign in again."""
    customer = own_customer(db, customer_id)
    if not isinstance(blocked, bool):
        raise ValueError("blocked must be true or false")
    if blocked:
        records.block_customer(db, customer.id, merchant_user_id=merchant.id)  # ends every session too
    else:
        records.unblock_customer(db, customer.id, merchant_user_id=merchant.id)
    db.refresh(customer)
    return customer


def set_approved(db: Session, customer_id: object, approved: object, merchant: MerchantUser) -> Customer:
    customer = own_customer(db, customer_id)
    if not isinstance(approved, bool):
        raise ValueError("approved must be true or false")
    if customer.approved_buyer != approved:
        customer.approved_buyer = approved
        customer.updated_at = utcnow()
        db.add(customer)
        audit.record(db, "customer.approved" if approved else "customer.approval_withdrawn",
                     customer_id=customer.id, merchant_user_id=merchant.id)
        db.flush()
    return customer


def invitation_text(db: Session, customer: Customer) -> str:
    """The message the invitation dialog starts with, in the customer's language; the merchant may edit it."""
    shop = get_store_settings(db).shop_name
    return translate(customer.language, "email.invitation.body", shop=shop)


def clean_invitation_message(raw: object) -> str:
    from shop.customers.notes import clean_note

    try:
        return clean_note(raw, "message")
    except FieldError as error:
        raise FormErrors({"message": error.key}) from error


def send_invitation(db: Session, customer_id: object, message: object, merchant: MerchantUser) -> Customer:
    """The invitation with the merchant's own words, and the set-password link (/invite/<token>, 30 days).
    An older link stops working."""
    text = clean_invitation_message(message)
    customer = own_customer(db, customer_id)
    if customer.is_blocked:
        raise CustomerBlocked()
    token = tokens.issue_token(db, TokenKind.INVITATION, customer)
    paragraphs = [part.strip() for part in text.split("\n\n") if part.strip()]
    queue_message(db, to=customer.email, template="invitation", lang=customer.language, name=customer.first_name,
                  paragraphs=[], extra=paragraphs, action_key="email.invitation.action",
                  action_path=routes.with_token(routes.INVITE, token))
    audit.record(db, "customer.invited", customer_id=customer.id, merchant_user_id=merchant.id, email=customer.email,
                 detail="edited message")
    return customer


def send_password_reset(db: Session, customer_id: object, merchant: MerchantUser) -> bool:
    """The forgotten-password email, sent by the merchant. False when one was sent less than a minute ago."""
    customer = own_customer(db, customer_id)
    if customer.is_blocked:
        raise CustomerBlocked()
    return password_reset.send_reset_for_customer(db, customer.id, merchant_user_id=merchant.id)
