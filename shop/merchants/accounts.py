"""Back-office users: creation and sign-in (bcrypt, throttled like customer sign-in), with a second step
(an authenticator or recovery code) for users who turned two-factor sign-in on."""

from __future__ import annotations

import time
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from sqlmodel import Session, func, select

from shop.common import audit
from shop.identity import sessions, throttle
from shop.identity.hashing import keyed_hash, same
from shop.identity.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    hash_password,
    needs_rehash,
    verify_password,
)
from shop.merchants import two_factor
from shop.models import MerchantUser, utcnow

FAILED_SIGN_IN = "merchant.sign_in_failed"
# The password printed in the README and by `make run`: a merchant still using it sees a warning.
PUBLISHED_DEMO_PASSWORD = "lumen-demo-2026"
# Between a correct password and the code: long enough to open the app, short enough to be of no use later.
TICKET_SECONDS = 5 * 60


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
    # The password was right and the user has two-factor sign-in: no session yet. The ticket (kept on
    # the server, never sent to the browser) lets `complete_sign_in` finish with a code.
    ticket: str = ""
    error: str = ""  # with a refused code: a message key

    @property
    def needs_code(self) -> bool:
        return bool(self.ticket) and self.token is None


def _ticket_signature(user: MerchantUser, expires: int) -> str:
    # Bound to the password hash: a password changed in between voids the ticket.
    return keyed_hash("merchant-sign-in-ticket", str(user.id), str(expires), user.password_hash or "")


def issue_ticket(user: MerchantUser, now: float | None = None) -> str:
    expires = int((time.time() if now is None else now) + TICKET_SECONDS)
    return f"{user.id}.{expires}.{_ticket_signature(user, expires)}"


def read_ticket(db: Session, ticket: object, now: float | None = None) -> MerchantUser | None:
    """The user whose password was checked, while the ticket is fresh and still theirs."""
    if not isinstance(ticket, str) or len(ticket) > 120 or ticket.count(".") != 2:
        return None
    user_id, expires, signature = ticket.split(".")
    if not (user_id.isdigit() and expires.isdigit()) or len(user_id) > 12 or len(expires) > 12:
        return None
    if int(expires) <= (time.time() if now is None else now):
        return None
    user = db.get(MerchantUser, int(user_id))
    if user is None or not user.is_active or not same(signature, _ticket_signature(user, int(expires))):
        return None
    return user


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
    user.uses_demo_password = same(password, PUBLISHED_DEMO_PASSWORD)
    db.add(user)
    if two_factor.is_enabled(user):
        audit.record(db, "merchant.password_ok", merchant_user_id=user.id, email=email, ip_address=ip_address)
        return SignInResult(user_id=user.id, email=user.email, ticket=issue_ticket(user))
    return _open_session(db, user, ip_address=ip_address, user_agent=user_agent, current_token=current_token)


def _open_session(db: Session, user: MerchantUser, *, ip_address: str, user_agent: str, current_token: str,
                  how: str = "password") -> SignInResult:
    user.last_sign_in_at = utcnow()
    db.add(user)
    sessions.end_session(db, current_token)  # this browser's previous session, whoever it was
    token = sessions.start_session(db, merchant_user_id=user.id, user_agent=user_agent, ip_address=ip_address)
    audit.record(db, "merchant.sign_in", merchant_user_id=user.id, email=user.email, ip_address=ip_address,
                 detail=how)
    return SignInResult(token=token, user_id=user.id, email=user.email)


def complete_sign_in(db: Session, ticket: object, code: object, *, ip_address: str = "", user_agent: str = "",
                     current_token: str = "") -> SignInResult:
    """The second step: an authenticator code (each accepted once) or an unused recovery code. Wrong codes
    count against sign-in like wrong passwords; the caller commits even a refusal."""
    user = read_ticket(db, ticket)
    if user is None or not two_factor.is_enabled(user):
        return SignInResult(error="admin.login.ticket_expired")
    try:
        how = two_factor.check_code(db, user, code, ip_address=ip_address)
    except two_factor.TwoFactorError as refused:
        return SignInResult(ticket=ticket if isinstance(ticket, str) else "", error=refused.key,
                            wait_text=refused.wait, email=user.email)
    return _open_session(db, user, ip_address=ip_address, user_agent=user_agent, current_token=current_token,
                         how=how)


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


def change_password(db: Session, user: MerchantUser, form: object, *, keep_token: str = "",
                    ip_address: str = "") -> None:
    """The user's own password: the current one first, then a new one by the shop's rules. Every other
    session of theirs ends. A wrong current password counts like a wrong sign-in (the caller keeps it)."""
    from shop.common.validation import FormErrors, form_value
    from shop.identity.password_policy import read_new_password

    verdict = throttle.password_verdict(db, user.email, ip_address, kinds=(throttle.MERCHANT_FAILURE,))
    if not verdict.allowed:
        raise FormErrors({"current_password": "admin.login.throttled", "wait": verdict.wait_text})
    current = form_value(form, "current_password")
    if not isinstance(current, str) or not current or len(current) > MAX_LENGTH \
            or not verify_password(current, user.password_hash):
        throttle.record(db, throttle.MERCHANT_FAILURE, email=user.email, client_ip=ip_address)
        audit.record(db, "merchant.password_change_failed", merchant_user_id=user.id, email=user.email,
                     ip_address=ip_address)
        raise FormErrors({"current_password": "admin.security.current_password_wrong"})
    password = read_new_password(form, related=[user.email, user.name])
    user.password_hash = hash_password(password)
    user.uses_demo_password = same(password, PUBLISHED_DEMO_PASSWORD)
    db.add(user)
    sessions.end_all_sessions(db, merchant_user_id=user.id, keep_token=keep_token or None)
    audit.record(db, "merchant.password_changed", merchant_user_id=user.id, email=user.email, ip_address=ip_address)
