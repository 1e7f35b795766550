"""Back-office users: creation and sign-in (bcrypt, throttled like customer sign-in)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from sqlmodel import Session, func, select

from storefront.models import MerchantUser, utcnow
from storefront.services import audit, sessions
from storefront.services.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    hash_password,
    needs_rehash,
    verify_password,
)

FAILED_SIGN_IN = "merchant.sign_in_failed"
THROTTLE_WINDOW = timedelta(minutes=15)
THROTTLE_LIMIT = 5


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
    user = MerchantUser(email=email, password_hash=hash_password(password), name=name[:100])
    db.add(user)
    db.flush()
    return user


@dataclass(frozen=True)
class SignInResult:
    """Plain values, safe to use after the session that produced them has closed."""

    token: str | None = None
    user_id: int | None = None
    email: str = ""


def sign_in(db: Session, email: object, password: object, *, ip_address: str = "",
            user_agent: str = "") -> SignInResult:
    """Check the credentials and open a session. Every refusal looks the same from outside."""
    try:
        email = normalize_email(email)
    except MerchantError:
        email = ""
    if not isinstance(password, str) or len(password) > MAX_LENGTH:
        password = ""
    throttled = bool(email) and (
        audit.count_recent(db, FAILED_SIGN_IN, since=THROTTLE_WINDOW, email=email) >= THROTTLE_LIMIT
        or (ip_address and audit.count_recent(db, FAILED_SIGN_IN, since=THROTTLE_WINDOW, ip_address=ip_address)
            >= THROTTLE_LIMIT * 4)
    )
    user = db.exec(select(MerchantUser).where(func.lower(MerchantUser.email) == email)).first() if email else None
    # Always pay for one bcrypt check, so a stranger cannot time which emails exist.
    password_ok = verify_password(password, user.password_hash if user else None)
    if throttled or user is None or not user.is_active or not password_ok:
        audit.record(db, FAILED_SIGN_IN, merchant_user_id=user.id if user else None, email=email,
                     ip_address=ip_address, detail="throttled" if throttled else "")
        return SignInResult()
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_sign_in_at = utcnow()
    db.add(user)
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
