"""Invitations (Baqio, EasyWebshop, Abicart): a merchant-created record gets a 30-day link to set a password."""

from __future__ import annotations

from sqlmodel import Session

from shop.common import audit
from shop.common.validation import MAX_NAME, FormErrors, clean_text, normalize_email
from shop.customers import records
from shop.identity import emails, sessions, signin, tokens
from shop.identity.password_policy import read_new_password
from shop.identity.passwords import hash_password
from shop.identity.sessions import Client
from shop.models import Customer, TokenKind, utcnow


def invite_customer(db: Session, customer: Customer, *, merchant_user_id: int | None = None) -> None:
    """Send (or send again) the invitation; an older link stops working."""
    token = tokens.issue_token(db, TokenKind.INVITATION, customer)
    emails.send_invitation(db, customer.email, customer.language, customer.first_name, token)
    audit.record(db, "customer.invited", customer_id=customer.id, merchant_user_id=merchant_user_id,
                 email=customer.email)


def invite_by_email(db: Session, email: object, *, first_name: object = "", last_name: object = "",
                    language: str = "en", merchant_user_id: int | None = None) -> Customer:
    """Invite the customer with this email, creating the record first when there is none."""
    email = normalize_email(email)
    customer = records.find_by_email(db, email)
    if customer is None:
        customer = records.create_customer(
            db, email=email, source="merchant", language=language,
            first_name=clean_text(first_name, "first_name", max_length=MAX_NAME),
            last_name=clean_text(last_name, "last_name", max_length=MAX_NAME))
    invite_customer(db, customer, merchant_user_id=merchant_user_id)
    return customer


def invitation_first_name(db: Session, token: object) -> str | None:
    """The invited customer's first name for the greeting, or None when the link is not valid."""
    found = tokens.find_valid_token(db, TokenKind.INVITATION, token)
    return None if found is None else found[1].first_name


def accept_invitation(db: Session, token: object, form: object, *, client: Client = Client()) -> str:
    """Set the password on the existing record (no duplicate), verify the email, and sign in."""
    found = tokens.find_valid_token(db, TokenKind.INVITATION, token)
    if found is None:
        raise FormErrors({"form": "error.link_invalid"})
    row, customer = found
    if customer.is_blocked:
        raise FormErrors({"form": "error.link_invalid"})
    password = read_new_password(form, related=[customer.email, customer.first_name, customer.last_name])
    if not tokens.consume_token(db, row):
        raise FormErrors({"form": "error.link_invalid"})
    now = utcnow()
    signin.prove_address(db, customer, how="invitation", client=client)
    customer.password_hash = hash_password(password)
    customer.last_sign_in_at = now
    customer.updated_at = now
    db.add(customer)
    audit.record(db, "customer.invitation_used", customer_id=customer.id, email=customer.email,
                 ip_address=client.ip_address)
    # A new password: every session opened before ends, as after a reset.
    sessions.end_all_sessions(db, customer_id=customer.id)
    return sessions.open_customer_session(db, customer, client, how="after invitation")
