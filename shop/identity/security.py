"""Sign-in and security for a signed-in customer: password, email address, confirmation codes, sessions."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select, update

from shop.common import audit
from shop.common.validation import FieldError, FormErrors, clean_code, form_value, normalize_email
from shop.customers import records
from shop.customers.profile import own_customer
from shop.i18n import translate
from shop.identity import codes, emails, sessions, throttle, tokens
from shop.identity.hashing import hash_token
from shop.identity.password_policy import check_new_password
from shop.identity.passwords import MAX_LENGTH, hash_password, verify_password
from shop.models import AuditEvent, CodePurpose, Customer, OneTimeCode, SignInSession, TokenKind, utcnow

CONFIRM_FAILED = "customer.confirm_failed"
# A stolen session must not be a free oracle for the account's password.
CONFIRM_WINDOW = timedelta(minutes=15)
CONFIRM_MAX_FAILURES = 5
EMAIL_CHANGE_REQUESTED = "customer.email_change_requested"
EMAIL_CHANGE_COOLDOWN = codes.RESEND_COOLDOWN
MAX_SESSION_ID = 10**15


# --- proving it is the account's owner: the password, or an emailed code for accounts without one ---

def _confirmation_blocked(db: Session, customer: Customer) -> bool:
    # Counted per customer, not per address: changing the address must not reset the count.
    failures = db.exec(
        select(func.count()).select_from(AuditEvent)
        .where(AuditEvent.kind == CONFIRM_FAILED, AuditEvent.customer_id == customer.id,
               AuditEvent.created_at >= utcnow() - CONFIRM_WINDOW)
    ).one()
    return failures >= CONFIRM_MAX_FAILURES


def code_refusal(field: str, check: codes.CodeCheck) -> FormErrors:
    """A refused code next to its field; a throttled one also says how long to wait."""
    errors = {field: check.error_key or codes.WRONG_CODE}
    if check.error_key == codes.THROTTLED:
        errors["wait"] = check.wait_text
    return FormErrors(errors)


def check_password_or_code(db: Session, customer: Customer, form: object, *, password_field: str = "password",
                           code_field: str = "code", client_ip: str = "") -> None:
    """Raise FormErrors unless the form carries the customer's password (or, without one, a live code).

    A wrong password is written to the audit trail, so the caller commits even when this raises.
    """
    if customer.password_hash:
        password = form_value(form, password_field)
        if not isinstance(password, str) or not password:
            raise FormErrors({password_field: "error.password_required"})
        if len(password) > MAX_LENGTH:
            raise FormErrors({password_field: "security.error.current_password_wrong"})
        if _confirmation_blocked(db, customer):
            raise FormErrors({password_field: "security.error.too_many_attempts"})
        if not verify_password(password, customer.password_hash):
            audit.record(db, CONFIRM_FAILED, customer_id=customer.id, email=customer.email)
            raise FormErrors({password_field: "security.error.current_password_wrong"})
        return
    try:
        code = clean_code(form_value(form, code_field), code_field)
    except FieldError as error:
        raise FormErrors({code_field: error.key}) from error
    check = codes.check_code(db, customer.email, CodePurpose.CONFIRM_ACTION.value, code, client_ip=client_ip)
    if not check.ok:
        raise code_refusal(code_field, check)
    if check.customer_id != customer.id:
        raise FormErrors({code_field: codes.WRONG_CODE})


def verify_password_or_code(db: Session, customer: Customer, password: object, code: object) -> bool:
    """The password if the customer has one, else the CONFIRM_ACTION code sent to their address."""
    try:
        check_password_or_code(db, customer, {"password": password, "code": code})
    except FormErrors:
        return False
    return True


def send_confirmation_code(db: Session, customer_id: int) -> None:
    """A code to the current address, for customers without a password. At most one a minute."""
    customer = own_customer(db, customer_id)
    if customer.password_hash:
        return  # they confirm with their password; a code would not be accepted
    purpose = CodePurpose.CONFIRM_ACTION.value
    if codes.in_cooldown(db, customer.email, purpose):
        return
    code = codes.issue_code(db, customer.email, purpose, customer_id=customer.id)
    emails.send_confirm_action_code(db, customer.email, customer.language, customer.first_name, code)


# --- password ---

def change_password(db: Session, customer_id: int, form: object, *, current_token: str | None,
                    client_ip: str = "") -> None:
    """Check the current password (or a code, for an account that has none yet), set the new one,
    end every other session and tell the customer by email."""
    customer = own_customer(db, customer_id)
    check_password_or_code(db, customer, form, password_field="current_password", client_ip=client_ip)
    try:
        password = check_new_password(form_value(form, "new_password"), field="new_password",
                                      related=[customer.email, customer.first_name, customer.last_name])
    except FieldError as error:
        raise FormErrors({"new_password": error.key}) from error
    if form_value(form, "new_password_confirm") != password:
        raise FormErrors({"new_password_confirm": "error.password_mismatch"})
    customer.password_hash = hash_password(password)
    customer.updated_at = utcnow()
    db.add(customer)
    keep = current_token if isinstance(current_token, str) and current_token else None
    ended = sessions.end_all_sessions(db, customer_id=customer.id, keep_token=keep)
    emails.send_password_changed_notice(db, customer.email, customer.language, customer.first_name)
    audit.record(db, "customer.password_changed", customer_id=customer.id, email=customer.email,
                 detail=f"other sessions ended: {ended}")


# --- email address ---

def _void_change_codes(db: Session, customer_id: int) -> None:
    """Codes are kept per address: a request for another new address must kill this customer's older ones."""
    db.exec(
        update(OneTimeCode)
        .where(OneTimeCode.customer_id == customer_id, OneTimeCode.purpose == CodePurpose.CHANGE_EMAIL.value,
               OneTimeCode.used_at.is_(None), OneTimeCode.voided_at.is_(None))
        .values(voided_at=utcnow())
    )


def _taken_by_another(db: Session, customer: Customer, email: str) -> bool:
    other = records.find_by_email(db, email)
    return other is not None and other.id != customer.id


def request_email_change(db: Session, customer_id: int, form: object, *, client_ip: str = "") -> str:
    """Email a code and a link to the new address. The current address keeps working until one is used.

    Returns the normalised new address. The answer is the same whether or not the address is free:
    an address that already has an account gets a notice instead of a code.
    """
    customer = own_customer(db, customer_id)
    try:
        new_email = normalize_email(form_value(form, "new_email"), field="new_email")
    except FieldError as error:
        raise FormErrors({"new_email": error.key}) from error
    if new_email == customer.email.lower():
        raise FormErrors({"new_email": "security.error.same_email"})
    check_password_or_code(db, customer, form, client_ip=client_ip)
    if not throttle.may_request_email_change(db, customer.id):
        raise FormErrors({"new_email": "security.error.email_change_limit"})
    # One email a minute per new address, whichever email it is (the "taken" notice included).
    if codes.in_cooldown(db, new_email, CodePurpose.CHANGE_EMAIL.value) or audit.count_recent(
            db, EMAIL_CHANGE_REQUESTED, since=EMAIL_CHANGE_COOLDOWN, email=new_email):
        return new_email
    other = records.find_by_email(db, new_email)
    if other is not None and other.id != customer.id:
        emails.send_email_change_taken(db, new_email, other.language, other.first_name)
        audit.record(db, EMAIL_CHANGE_REQUESTED, customer_id=customer.id, email=new_email, detail="taken")
        return new_email
    _void_change_codes(db, customer.id)
    code = codes.issue_code(db, new_email, CodePurpose.CHANGE_EMAIL.value, customer_id=customer.id)
    token = tokens.issue_token(db, TokenKind.EMAIL_CHANGE, customer, email=new_email)
    emails.send_email_change(db, new_email, customer.language, customer.first_name, code, token)
    audit.record(db, EMAIL_CHANGE_REQUESTED, customer_id=customer.id, email=new_email, detail="sent")
    return new_email


def _apply_email_change(db: Session, customer: Customer, new_email: str, how: str) -> None:
    if _taken_by_another(db, customer, new_email):
        raise FormErrors({"code": "security.error.email_unavailable"})
    old_email = customer.email
    now = utcnow()
    try:
        with db.begin_nested():  # another account may take the address between the check and the write
            customer.email = new_email
            customer.email_verified_at = now
            customer.updated_at = now
            db.add(customer)
            db.flush()
    except IntegrityError as error:
        raise FormErrors({"code": "security.error.email_unavailable"}) from error
    # The other channel dies: the code and the link were two ways to confirm the same request.
    _void_change_codes(db, customer.id)
    tokens.void_tokens(db, TokenKind.EMAIL_CHANGE, customer.id, now)
    emails.send_email_changed_notice(db, old_email, customer.language, customer.first_name, new_email)
    audit.record(db, "customer.email_changed", customer_id=customer.id, email=new_email, detail=how)


def confirm_email_change_with_code(db: Session, customer_id: int, new_email: object, code: object, *,
                                   client_ip: str = "") -> None:
    """The signed-in customer types the code sent to the new address."""
    customer = own_customer(db, customer_id)
    try:
        new_email = normalize_email(new_email, field="new_email")
    except FieldError as error:
        raise FormErrors({"new_email": error.key}) from error
    try:
        code = clean_code(code)
    except FieldError as error:
        raise FormErrors({"code": error.key}) from error
    purpose = CodePurpose.CHANGE_EMAIL.value
    live = db.exec(
        select(OneTimeCode)
        .where(OneTimeCode.email == new_email, OneTimeCode.purpose == purpose,
               OneTimeCode.used_at.is_(None), OneTimeCode.voided_at.is_(None))
        .order_by(OneTimeCode.id.desc())
    ).first()
    # Another customer's request for the same address is not this customer's to confirm (nor to spoil):
    # their code is never checked, but the try counts as a wrong code all the same.
    if live is None or live.customer_id != customer.id:
        verdict = throttle.code_verdict(db, new_email, client_ip)
        if verdict.allowed:
            throttle.record(db, throttle.CODE_FAILURE, email=new_email, client_ip=client_ip, detail=purpose)
        raise code_refusal("code", codes.CodeCheck(False, codes.WRONG_CODE if verdict.allowed else codes.THROTTLED,
                                                   retry_after=verdict.retry_after))
    check = codes.check_code(db, new_email, purpose, code, client_ip=client_ip)
    if not check.ok:
        raise code_refusal("code", check)
    _apply_email_change(db, customer, new_email, "code")


def email_change_link_is_valid(db: Session, token: object) -> bool:
    """Only looks: opening the page consumes nothing."""
    return tokens.find_valid_token(db, TokenKind.EMAIL_CHANGE, token) is not None


def confirm_email_change_with_link(db: Session, token: object) -> int:
    """The link from the email to the new address. Returns the customer's id."""
    found = tokens.find_valid_token(db, TokenKind.EMAIL_CHANGE, token)
    if found is None:
        raise FormErrors({"form": "error.link_invalid"})
    row, customer = found
    if _taken_by_another(db, customer, row.email):
        raise FormErrors({"code": "security.error.email_unavailable"})
    if not tokens.consume_token(db, row):
        raise FormErrors({"form": "error.link_invalid"})
    _apply_email_change(db, customer, row.email, "link")
    return customer.id


# --- sessions ---

_BROWSERS = [  # order matters: Edge and Opera also say "Chrome", Chrome also says "Safari"
    ("Edg", "Edge"), ("OPR/", "Opera"), ("Opera", "Opera"), ("SamsungBrowser", "Samsung Internet"),
    ("Firefox/", "Firefox"), ("FxiOS", "Firefox"), ("CriOS", "Chrome"), ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"), ("Safari/", "Safari"),
]
_SYSTEMS = [  # iPhones also say "Mac OS X", Android also says "Linux"
    ("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"),
    ("CrOS", "ChromeOS"), ("Macintosh", "Mac"), ("Mac OS X", "Mac"), ("Linux", "Linux"),
]
_BOTS = re.compile(r"bot|crawler|spider|curl|wget|python", re.IGNORECASE)


def device_label(user_agent: str, lang: str = "en") -> str:
    """`Chrome on Linux`, `Safari sur iPhone`; "" when the user agent says nothing we recognise."""
    if not isinstance(user_agent, str) or not user_agent or _BOTS.search(user_agent):
        return ""
    browser = next((label for marker, label in _BROWSERS if marker in user_agent), "")
    system = next((label for marker, label in _SYSTEMS if marker in user_agent), "")
    if browser and system:
        return translate(lang, "security.device", browser=browser, system=system)
    return browser or system


def list_sessions(db: Session, customer_id: int, current_token: str | None) -> list[dict]:
    """This customer's live sessions, most recently used first."""
    customer = own_customer(db, customer_id)
    current_hash = hash_token(current_token) if isinstance(current_token, str) and current_token else None
    rows = db.exec(
        select(SignInSession)
        .where(SignInSession.customer_id == customer.id, SignInSession.expires_at > utcnow())
        .order_by(SignInSession.last_seen_at.desc(), SignInSession.created_at.desc(), SignInSession.id.desc())
    ).all()
    return [
        {
            "id": row.id,
            "user_agent": row.user_agent,
            "device": device_label(row.user_agent),
            "ip_address": row.ip_address,
            "last_seen_at": row.last_seen_at,
            "created_at": row.created_at,
            "current": current_hash is not None and row.token_hash == current_hash,
        }
        for row in rows
    ]


def end_other_sessions(db: Session, customer_id: int, current_token: str | None) -> int:
    """Sign out every other browser; returns how many were ended."""
    customer = own_customer(db, customer_id)
    keep = current_token if isinstance(current_token, str) and current_token else None
    ended = sessions.end_all_sessions(db, customer_id=customer.id, keep_token=keep)
    audit.record(db, "customer.sessions_ended", customer_id=customer.id, detail=f"ended: {ended}")
    return ended


def _session_id(raw: object) -> int:
    if isinstance(raw, bool):
        raise LookupError("session not found")
    if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 15:
        raw = int(raw)
    if not isinstance(raw, int) or not (0 < raw < MAX_SESSION_ID):
        raise LookupError("session not found")
    return raw


def end_session(db: Session, customer_id: int, session_id: object) -> None:
    """Sign out one browser of this customer; LookupError for any other id."""
    customer = own_customer(db, customer_id)
    row = db.exec(select(SignInSession).where(SignInSession.id == _session_id(session_id),
                                              SignInSession.customer_id == customer.id)).first()
    if row is None:
        raise LookupError("session not found")
    db.delete(row)
    audit.record(db, "customer.session_ended", customer_id=customer.id, detail=f"session {row.id}")
