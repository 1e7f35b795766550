"""Self sign-up and email verification by a 6-digit code."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from storefront.i18n import normalize_language
from storefront.models import CodePurpose, EmailVerification, RegistrationMode, utcnow
from storefront.services import audit, codes, customers, identity_emails, sessions
from storefront.services.password_policy import check_new_password
from storefront.services.passwords import hash_password
from storefront.services.store_settings import get_store_settings
from storefront.services.validation import (
    MAX_NAME,
    FieldError,
    FormErrors,
    clean_code,
    clean_text,
    form_value,
    is_checked,
    normalize_email,
)


@dataclass(frozen=True)
class SignUpOutcome:
    email: str
    needs_verification: bool
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


def sign_up(db: Session, form: object, *, lang: str, ip_address: str = "", user_agent: str = "") -> SignUpOutcome:
    """Create the account and email a code. An address that has an account gets the same screen,
    and its owner an email saying someone tried: nothing tells a stranger which addresses exist."""
    if not registration_open(db):
        raise FormErrors({"form": "error.registration_closed"})
    values = _read_sign_up_form(form)
    lang = normalize_language(lang)
    settings = get_store_settings(db)
    verify = settings.email_verification == EmailVerification.CODE.value
    email = values["email"]
    password_hash = hash_password(values["password"])  # paid on both paths, so timing says nothing

    existing = customers.find_by_email(db, email)
    if existing is None:
        try:
            with db.begin_nested():  # a simultaneous sign-up with the same email lands here as a conflict
                customer = customers.create_customer(
                    db, email=email, first_name=values["first_name"], last_name=values["last_name"],
                    password_hash=password_hash, source="signup", language=lang,
                    newsletter_opt_in=values["newsletter"], verified=not verify)
        except IntegrityError:
            existing = customers.find_by_email(db, email)
    if existing is not None:
        identity_emails.send_signup_attempt_notice(db, email, existing.language, existing.first_name)
        audit.record(db, "customer.sign_up_existing_email", customer_id=existing.id, email=email,
                     ip_address=ip_address)
        return SignUpOutcome(email=email, needs_verification=verify)

    audit.record(db, "customer.sign_up", customer_id=customer.id, email=email, ip_address=ip_address)
    if verify:
        code = codes.issue_code(db, email, CodePurpose.VERIFY_EMAIL.value, customer_id=customer.id)
        identity_emails.send_verification_code(db, email, lang, customer.first_name, code)
        return SignUpOutcome(email=email, needs_verification=True)
    token = sessions.start_session(db, customer_id=customer.id, user_agent=user_agent, ip_address=ip_address)
    audit.record(db, "customer.sign_in", customer_id=customer.id, email=email, ip_address=ip_address,
                 detail="after sign-up")
    return SignUpOutcome(email=email, needs_verification=False, session_token=token)


def send_new_verification_code(db: Session, email: object) -> None:
    """At most one code a minute per email; silently nothing for unknown or verified addresses."""
    try:
        email = normalize_email(email)
    except FieldError:
        return
    customer = customers.find_by_email(db, email)
    if customer is None or customer.email_verified_at is not None or customer.is_blocked:
        return
    if codes.in_cooldown(db, email, CodePurpose.VERIFY_EMAIL.value):
        return
    code = codes.issue_code(db, email, CodePurpose.VERIFY_EMAIL.value, customer_id=customer.id)
    identity_emails.send_verification_code(db, email, customer.language, customer.first_name, code)


@dataclass(frozen=True)
class VerifyOutcome:
    ok: bool
    error_field: str = ""
    error_key: str = ""
    session_token: str | None = None


def verify_email(db: Session, email: object, code: object, *, ip_address: str = "",
                 user_agent: str = "") -> VerifyOutcome:
    """Check the code; a verified customer is signed in straight away."""
    try:
        email = normalize_email(email)
        code = clean_code(code)
    except FieldError as error:
        return VerifyOutcome(False, error.field, error.key)
    check = codes.check_code(db, email, CodePurpose.VERIFY_EMAIL.value, code)
    if not check.ok:
        return VerifyOutcome(False, "code", check.error_key)
    customer = customers.find_by_email(db, email)
    if customer is None or customer.is_blocked:
        return VerifyOutcome(False, "code", "error.code_invalid")
    customer.email_verified_at = customer.email_verified_at or utcnow()
    customer.last_sign_in_at = utcnow()
    db.add(customer)
    audit.record(db, "customer.email_verified", customer_id=customer.id, email=email, ip_address=ip_address)
    token = sessions.start_session(db, customer_id=customer.id, user_agent=user_agent, ip_address=ip_address)
    audit.record(db, "customer.sign_in", customer_id=customer.id, email=email, ip_address=ip_address,
                 detail="after verification")
    return VerifyOutcome(True, session_token=token)
