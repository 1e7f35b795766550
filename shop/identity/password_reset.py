"""Forgotten password: an emailed single-use link, valid one hour, that dies when the password or email changes."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from shop.common import audit
from shop.common.validation import FormErrors, normalize_email
from shop.customers import records
from shop.identity import emails, sessions, signin, throttle, tokens
from shop.identity.password_policy import read_new_password
from shop.identity.passwords import hash_password
from shop.identity.sessions import Client
from shop.models import Customer, TokenKind, utcnow

RESEND_COOLDOWN = timedelta(seconds=60)


def _send_reset(db: Session, customer, *, requested_by: str, merchant_user_id: int | None = None,
                client: Client = Client()) -> None:
    token = tokens.issue_token(db, TokenKind.PASSWORD_RESET, customer)
    emails.send_password_reset(db, customer.email, customer.language, customer.first_name, token)
    audit.record(db, "customer.password_reset_requested", customer_id=customer.id,
                 merchant_user_id=merchant_user_id, email=customer.email, ip_address=client.ip_address,
                 detail=requested_by)


def request_password_reset(db: Session, email: object, *, lang: str = "en", client: Client = Client()) -> str:
    """Email a reset link if the address has an account, and otherwise an email that says there is none.
    The page says the same thing either way, and both paths write alike, so timing tells nothing."""
    email = normalize_email(email)
    if not throttle.may_send_anonymous_email(db, email, client.ip_address, "reset"):
        return email
    customer = records.find_by_email(db, email)
    if customer is not None and not customer.is_blocked:
        _send_reset(db, customer, requested_by="customer", client=client)
        return email
    signin.rehearse(db, lambda: tokens.issue_token(db, TokenKind.PASSWORD_RESET, customer or Customer(email=email)))
    audit.record(db, "customer.password_reset_requested", customer_id=customer.id if customer else None, email=email,
                 ip_address=client.ip_address, detail="no link: blocked" if customer else "no link: no account")
    if customer is None:
        emails.send_no_account(db, email, lang, asked_for="reset")
    else:
        emails.send_access_refused(db, email, customer.language, customer.first_name)
    return email


def send_reset_for_customer(db: Session, customer_id: int, *, merchant_user_id: int) -> bool:
    """The back-office button (Baqio): the same email, sent by the merchant. False when in cooldown."""
    customer = db.get(Customer, customer_id)
    if customer is None:
        raise LookupError("customer not found")
    last = tokens.last_issued_at(db, TokenKind.PASSWORD_RESET, customer.id)
    if last is not None and utcnow() - last < RESEND_COOLDOWN:
        return False
    _send_reset(db, customer, requested_by="merchant", merchant_user_id=merchant_user_id)
    return True


def reset_link_is_valid(db: Session, token: object) -> bool:
    """Only looks: the link is consumed when the new password is submitted, not when the page opens."""
    return tokens.find_valid_token(db, TokenKind.PASSWORD_RESET, token) is not None


def reset_password(db: Session, token: object, form: object, *, client: Client = Client()) -> str:
    """Set the new password, verify the email (the link proved it), end every other session, notify.
    Returns the token of a new session for this browser."""
    found = tokens.find_valid_token(db, TokenKind.PASSWORD_RESET, token)
    if found is None:
        raise FormErrors({"form": "error.link_invalid"})
    row, customer = found
    password = read_new_password(form, related=[customer.email, customer.first_name, customer.last_name])
    if not tokens.consume_token(db, row):
        raise FormErrors({"form": "error.link_invalid"})
    signin.prove_address(db, customer, how="reset", client=client)
    customer.password_hash = hash_password(password)
    customer.updated_at = utcnow()
    db.add(customer)
    sessions.end_all_sessions(db, customer_id=customer.id)
    emails.send_password_changed_notice(db, customer.email, customer.language, customer.first_name)
    audit.record(db, "customer.password_reset", customer_id=customer.id, email=customer.email,
                 ip_address=client.ip_address)
    return sessions.open_customer_session(db, customer, client, how="after reset")
