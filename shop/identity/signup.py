"""Self sign-up and email verification by a 6-digit code.

A sign-up is kept apart from the customer records (`pending_sign_up`) until its code is entered, and
the code works only in the browser that chose the password: that browser holds the sign-up's token.
So a stranger who signs up with someone else's address never gets an account with their password in
it: they cannot read the code, and the owner cannot use it outside the stranger's browser. The owner
signs up (or signs in with a code) on their own, and the stranger's attempt expires unused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, delete, select

from shop.common import audit
from shop.common.validation import (
    MAX_NAME,
    FieldError,
    FormErrors,
    clean_code,
    clean_text,
    form_value,
    is_checked,
    normalize_email,
)
from shop.customers import records
from shop.i18n import normalize_language
from shop.identity import codes, emails, sessions, throttle
from shop.identity.hashing import hash_token, new_token
from shop.identity.password_policy import check_new_password
from shop.identity.passwords import hash_password
from shop.identity.sessions import Client
from shop.merchants import notifications
from shop.models import CodePurpose, Customer, EmailVerification, PendingSignUp, RegistrationMode, utcnow
from shop.settings.store import get_store_settings

PENDING_LIFETIME = timedelta(hours=24)
VERIFY = CodePurpose.VERIFY_EMAIL.value


@dataclass(frozen=True)
class SignUpOutcome:
    email: str
    needs_verification: bool
    pending_sign_up_token: str = ""  # for this browser only: with it, the emailed code completes the sign-up
    session_token: str | None = None  # only when the shop does not verify emails


def _read_sign_up_form(form: object) -> dict:
    """Every field checked at once, so each error shows next to its own input."""
    values, errors = {}, {}
    checks = {
        "email": lambda: normalize_email(form_value(form, "email")),
        "first_name": lambda: clean_text(form_value(form, "first_name"), "first_name", max_length=MAX_NAME,
                                         required=True),
        "last_name": lambda: clean_text(form_value(form, "last_name"), "last_name", max_length=MAX_NAME,
                                        required=True),
    }
    for field, check in checks.items():
        try:
            values[field] = check()
        except FieldError as error:
            errors[field] = error.key
    try:
        related = [values.get("email", ""), values.get("first_name", ""), values.get("last_name", "")]
        values["password"] = check_new_password(form_value(form, "password"), related=related)
    except FieldError as error:
        errors["password"] = error.key
    if errors:
        raise FormErrors(errors)
    values["newsletter"] = is_checked(form_value(form, "newsletter"))
    return values


def registration_open(db: Session) -> bool:
    return get_store_settings(db).registration_mode == RegistrationMode.OPEN.value


def _send_code(db: Session, pending: PendingSignUp, client: Client) -> None:
    """A new code for this sign-up, within the anonymous-email limits (silently nothing past them)."""
    if not throttle.may_send_anonymous_email(db, pending.email, client.ip_address, "verify",
                                             cooldown_key=f"verify:{pending.id}"):
        return
    code = codes.issue_code(db, pending.email, VERIFY, pending_sign_up_id=pending.id)
    emails.send_verification_code(db, pending.email, pending.language, pending.first_name, code)


def _start_pending(db: Session, *, email: str, password_hash: str, first_name: str, last_name: str, lang: str,
                   newsletter: bool, client: Client) -> str:
    token, now = new_token(), utcnow()
    pending = PendingSignUp(token_hash=hash_token(token), email=email, password_hash=password_hash,
                            first_name=first_name, last_name=last_name, language=lang, newsletter_opt_in=newsletter,
                            created_at=now, expires_at=now + PENDING_LIFETIME)
    db.add(pending)
    db.flush()
    _send_code(db, pending, client)
    return token


def start_verification_of(db: Session, customer: Customer, *, client: Client = Client()) -> str:
    """A customer who knows the password of a record whose address was never proven (an older sign-up,
    or one made while the shop did not verify): the same code flow, bound to this browser."""
    return _start_pending(db, email=customer.email, password_hash=customer.password_hash or "",
                          first_name=customer.first_name, last_name=customer.last_name, lang=customer.language,
                          newsletter=customer.newsletter_opt_in, client=client)


def sign_up(db: Session, form: object, *, lang: str, client: Client = Client()) -> SignUpOutcome:
    """Start a sign-up and email a code. An address whose owner already has an account gets the same
    screen, and its owner an email saying someone tried: nothing tells a stranger which addresses exist."""
    if not registration_open(db):
        raise FormErrors({"form": "error.registration_closed"})
    values = _read_sign_up_form(form)
    verdict = throttle.sign_up_verdict(db, client.ip_address)
    if not verdict.allowed:  # before the hash: that is the cost a flood of sign-ups would make the server pay
        raise FormErrors({"form": "error.sign_up_throttled", "wait": verdict.wait_text})
    lang = normalize_language(lang)
    verify = get_store_settings(db).email_verification == EmailVerification.CODE.value
    email = values["email"]
    password_hash = hash_password(values["password"])  # paid on every path, so timing says nothing

    existing = records.find_by_email(db, email)
    # A record nobody ever proved (created by the merchant, by an order, or by an unverified sign-up)
    # is no account yet: the person who proves the address now gets it.
    taken = existing is not None and (existing.email_verified_at is not None or existing.is_blocked or not verify)
    if taken:
        if throttle.may_send_anonymous_email(db, email, client.ip_address, "signup_attempt"):
            emails.send_signup_attempt_notice(db, email, existing.language, existing.first_name)
        audit.record(db, "customer.sign_up_existing_email", customer_id=existing.id, email=email,
                     ip_address=client.ip_address)
        return SignUpOutcome(email=email, needs_verification=verify)

    if verify:
        token = _start_pending(db, email=email, password_hash=password_hash, first_name=values["first_name"],
                               last_name=values["last_name"], lang=lang, newsletter=values["newsletter"],
                               client=client)
        audit.record(db, "customer.sign_up", email=email, ip_address=client.ip_address, detail="pending")
        return SignUpOutcome(email=email, needs_verification=True, pending_sign_up_token=token)

    customer = _create_or_claim(db, email=email, password_hash=password_hash, first_name=values["first_name"],
                                last_name=values["last_name"], lang=lang, newsletter=values["newsletter"],
                                verified=False)
    if customer is None:  # someone else's sign-up won the race for this address
        return SignUpOutcome(email=email, needs_verification=False)
    audit.record(db, "customer.sign_up", customer_id=customer.id, email=email, ip_address=client.ip_address)
    notifications.notify_sign_up(db, customer)
    token = sessions.open_customer_session(db, customer, client, how="after sign-up")
    return SignUpOutcome(email=email, needs_verification=False, session_token=token)


def _create_or_claim(db: Session, *, email: str, password_hash: str, first_name: str, last_name: str, lang: str,
                     newsletter: bool, verified: bool) -> Customer | None:
    """A new customer, or None when a simultaneous sign-up created this address first."""
    try:
        with db.begin_nested():  # a simultaneous sign-up with the same email lands here as a conflict
            return records.create_customer(
                db, email=email, first_name=first_name, last_name=last_name, password_hash=password_hash,
                source="signup", language=lang, newsletter_opt_in=newsletter, verified=verified)
    except IntegrityError:
        return None


def _find_pending(db: Session, token: object) -> PendingSignUp | None:
    if not isinstance(token, str) or not (20 <= len(token) <= 100):
        return None
    pending = db.exec(select(PendingSignUp).where(PendingSignUp.token_hash == hash_token(token))).first()
    return pending if pending is not None and pending.expires_at > utcnow() else None


def send_new_verification_code(db: Session, pending_sign_up_token: object, *, client: Client = Client()) -> None:
    """Another code for this browser's sign-up, at most one a minute; silently nothing otherwise."""
    pending = _find_pending(db, pending_sign_up_token)
    if pending is not None:
        _send_code(db, pending, client)


@dataclass(frozen=True)
class VerifyOutcome:
    ok: bool
    error_field: str = ""
    error_key: str = ""
    session_token: str | None = None
    wait_text: str = ""


def verify_email(db: Session, pending_sign_up_token: object, code: object, *,
                 client: Client = Client()) -> VerifyOutcome:
    """Check the code against this browser's sign-up; the customer is then created (or the record nobody
    had proven is claimed) with the password chosen here, and signed in."""
    try:
        code = clean_code(code)
    except FieldError as error:
        return VerifyOutcome(False, error.field, error.key)
    pending = _find_pending(db, pending_sign_up_token)
    if pending is None:
        return VerifyOutcome(False, "code", "verify.error.no_sign_up")
    check = codes.check_code(db, pending.email, VERIFY, code, client_ip=client.ip_address,
                             pending_sign_up_id=pending.id)
    if not check.ok:
        return VerifyOutcome(False, "code", check.error_key, wait_text=check.wait_text)
    customer = _complete(db, pending, client)
    if customer is None:
        return VerifyOutcome(False, "code", codes.WRONG_CODE)
    return VerifyOutcome(True, session_token=sessions.open_customer_session(db, customer, client,
                                                                            how="after verification"))


def _complete(db: Session, pending: PendingSignUp, client: Client) -> Customer | None:
    """The address is proven and the password was chosen in this browser: make it an account."""
    email, now = pending.email, utcnow()
    customer = records.find_by_email(db, email)
    if customer is None:
        customer = _create_or_claim(db, email=email, password_hash=pending.password_hash,
                                    first_name=pending.first_name, last_name=pending.last_name,
                                    lang=pending.language, newsletter=pending.newsletter_opt_in, verified=True)
        customer = customer or records.find_by_email(db, email)
        notifications.notify_sign_up(db, customer)
    elif customer.is_blocked:
        return None
    else:
        # An existing record: every session and link opened before this proof ends, and the password
        # chosen here replaces any other. A proven account also hears about it.
        was_proven = customer.email_verified_at is not None
        customer.password_hash = pending.password_hash
        customer.first_name = customer.first_name or pending.first_name
        customer.last_name = customer.last_name or pending.last_name
        customer.email_verified_at = customer.email_verified_at or now
        customer.updated_at = now
        db.add(customer)
        sessions.end_all_sessions(db, customer_id=customer.id)
        if was_proven:
            emails.send_password_changed_notice(db, email, customer.language, customer.first_name)
        else:  # a record nobody had proven (made by an order or the shop) becomes an account
            notifications.notify_sign_up(db, customer)
    # Every other sign-up attempt for this address, a stranger's included, is over.
    db.exec(delete(PendingSignUp).where(PendingSignUp.email == email))
    audit.record(db, "customer.email_verified", customer_id=customer.id, email=email, ip_address=client.ip_address,
                 detail="sign-up code")
    return customer


def delete_expired_sign_ups(db: Session) -> int:
    """Housekeeping: sign-ups whose code was never entered."""
    return db.exec(delete(PendingSignUp).where(PendingSignUp.expires_at <= utcnow())).rowcount
