"""Back-office users: creation and sign-in (bcrypt, throttled like customer sign-in)."""

from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from sqlmodel import Session, func, select

from shop.common import audit
from shop.identity import sessions, throttle
from shop.identity.hashing import same
from shop.identity.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    hash_password,
    needs_rehash,
    verify_password,
)
from shop.models import MerchantUser, utcnow

FAILED_SIGN_IN = "merchant.sign_in_failed"
# The password printed in the README and by `make run`: a merchant still using it sees a warning.
PUBLISHED_DEMO_PASSWORD = "lumen-demo-2026"


class MerchantError(ValueError):
    pass


def normalize_email(raw: object) -> str:
    """Trimmed, lower-cased and checked; raises MerchantError when it is not an address."""
    if not isinstance(raw, str) or not raw.strip() or len(raw) > 254:
        raise MerchantError("invalid_email")
    try:
        checked = validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise MerchantError("invalid_email") from error
    return checked.normalized.lower()


def create_merchant(db: Session, email: str, password: str, name: str = "") -> MerchantUser:
    email = normalize_email(email)
    if not (MIN_LENGTH <= len(password) <= MAX_LENGTH):
        raise MerchantError("password_length")
    if db.exec(select(MerchantUser).where(func.lower(MerchantUser.email) == email)).first():
        raise MerchantError("email_taken")
    user = MerchantUser(email=email, password_hash=hash_password(password), name=name[:100],
                        uses_demo_password=same(password, PUBLISHED_DEMO_PASSWORD))
    db.add(user)
    db.flush()
    return user


@dataclass(frozen=True)
class SignInResult:
    """Plain values, safe to use after the session that produced them has closed."""

    token: str | None = None
    user_id: int | None = None
    email: str = ""
    wait_text: str = ""  # set when too many attempts hold sign-in: "4 min"


def sign_in(db: Session, email: object, password: object, *, ip_address: str = "", user_agent: str = "",
            current_token: str = "") -> SignInResult:
    """Check the credentials and open a session. Every refusal looks the same from outside, except
    the throttle's, which says how long to wait (and depends on counts alone, never on the account)."""
    try:
        email = normalize_email(email)
    except MerchantError:
        email = ""
    if not isinstance(password, str) or len(password) > MAX_LENGTH:
        password = ""
    verdict = throttle.password_verdict(db, email, ip_address, kinds=(throttle.MERCHANT_FAILURE,))
    if not verdict.allowed:  # not counted as a failure
        audit.record(db, "merchant.sign_in_throttled", email=email, ip_address=ip_address)
        return SignInResult(wait_text=verdict.wait_text)
    user = db.exec(select(MerchantUser).where(func.lower(MerchantUser.email) == email)).first() if email else None
    # Always pay for one bcrypt check, so a stranger cannot time which emails exist.
    password_ok = verify_password(password, user.password_hash if user else None)
    if user is None or not user.is_active or not password_ok:
        throttle.record(db, throttle.MERCHANT_FAILURE, email=email, client_ip=ip_address)
        audit.record(db, FAILED_SIGN_IN, merchant_user_id=user.id if user else None, email=email,
                     ip_address=ip_address)
        return SignInResult()
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_sign_in_at = utcnow()
    user.uses_demo_password = same(password, PUBLISHED_DEMO_PASSWORD)
    db.add(user)
    sessions.end_session(db, current_token)  # this browser's previous session, whoever it was
    token = sessions.start_session(db, merchant_user_id=user.id, user_agent=user_agent, ip_address=ip_address)
    audit.record(db, "merchant.sign_in", merchant_user_id=user.id, email=email, ip_address=ip_address)
    return SignInResult(token=token, user_id=user.id, email=user.email)


def current_merchant(db: Session, token: object) -> MerchantUser | None:
    found = sessions.resolve_session(db, token)
    if found is None or found.merchant_user_id is None:
        return None
    user = db.get(MerchantUser, found.merchant_user_id)
    return user if user and user.is_active else None


def sign_out(db: Session, token: object) -> None:
    found = sessions.resolve_session(db, token)
    if found is not None and found.merchant_user_id is not None:
        audit.record(db, "merchant.sign_out", merchant_user_id=found.merchant_user_id)
    sessions.end_session(db, token)
