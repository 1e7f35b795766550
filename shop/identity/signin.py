"""Customer sign-in: by password, by emailed code or link, and sign-out. Every refusal is alike."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlmodel import Session

from shop.common import audit
from shop.common.validation import FieldError, clean_code, normalize_email
from shop.customers import records
from shop.identity import codes, emails, sessions, signup, throttle, tokens
from shop.identity.passwords import MAX_LENGTH, hash_password, needs_rehash, verify_password
from shop.identity.sessions import Client
from shop.models import CodePurpose, Customer, EmailVerification, TokenKind, utcnow
from shop.settings.store import get_store_settings, page_settings

__all__ = ["Client", "SignInOutcome", "SignInStatus"]


class SignInStatus(enum.StrEnum):
    OK = "ok"
    INVALID = "invalid"  # wrong email or password: the same answer for both
    THROTTLED = "throttled"  # too many attempts: says so, with the wait, for known and unknown addresses
    BLOCKED = "blocked"  # right password, but the merchant denied the account
    UNVERIFIED = "unverified"  # right password, email not yet verified: a code is on its way
    CODE_ERROR = "code_error"  # a wrong, expired or used-up code


@dataclass(frozen=True)
class SignInOutcome:
    status: SignInStatus
    session_token: str | None = None
    email: str = ""
    error_key: str = ""
    can_order: bool = True
    first_name: str = ""
    language: str = ""
    wait_text: str = ""  # with THROTTLED: "4 min"
    pending_sign_up_token: str = ""  # with UNVERIFIED: binds the code to this browser


def can_order(db: Session, customer: Customer) -> bool:
    return customer.approved_buyer or not page_settings(db).approved_buyers_only


def _open_session(db: Session, customer: Customer, client: Client, *, remember_me: bool, how: str) -> SignInOutcome:
    """A new token at every sign-in; the browser's previous one dies."""
    token = sessions.open_customer_session(db, customer, client, how=how, remember_me=remember_me)
    return SignInOutcome(SignInStatus.OK, session_token=token, email=customer.email,
                         can_order=can_order(db, customer), first_name=customer.first_name,
                         language=customer.language)


def prove_address(db: Session, customer: Customer, *, how: str, client: Client = Client()) -> None:
    """The visitor proved they read this customer's mail (a code, a link, a reset or an invitation).

    If nobody had proven the address before, whatever was chosen before may be a stranger's: a
    password set at sign-up (without verification, or by an earlier version) is dropped, and every
    session opened with it ends. The owner sets their own password afterwards.
    """
    if customer.email_verified_at is not None:
        return
    if customer.password_hash:
        customer.password_hash = None
        audit.record(db, "customer.unproven_password_dropped", customer_id=customer.id, email=customer.email,
                     ip_address=client.ip_address, detail=how)
    sessions.end_all_sessions(db, customer_id=customer.id)
    customer.email_verified_at = customer.updated_at = utcnow()
    db.add(customer)
    audit.record(db, "customer.email_verified", customer_id=customer.id, email=customer.email,
                 ip_address=client.ip_address, detail=how)


def _throttled(db: Session, email: str, client: Client, verdict: throttle.Verdict) -> SignInOutcome:
    # Not a failure: an attacker knocking now and then must not keep the owner locked out.
    audit.record(db, "customer.sign_in_throttled", email=email, ip_address=client.ip_address)
    return SignInOutcome(SignInStatus.THROTTLED, email=email, wait_text=verdict.wait_text)


def _fail(db: Session, email: str, client: Client, customer: Customer | None) -> SignInOutcome:
    throttle.record(db, throttle.PASSWORD_FAILURE, email=email, client_ip=client.ip_address)
    audit.record(db, "customer.sign_in_failed", customer_id=customer.id if customer else None, email=email,
                 ip_address=client.ip_address)
    return SignInOutcome(SignInStatus.INVALID, email=email)


def sign_in_with_password(db: Session, email: object, password: object, *, remember_me: bool = False,
                          client: Client = Client()) -> SignInOutcome:
    try:
        email = normalize_email(email)
    except FieldError:
        email = ""
    if not isinstance(password, str) or len(password) > MAX_LENGTH:
        password = ""
    verdict = throttle.password_verdict(db, email, client.ip_address)
    if not verdict.allowed:  # decided from counts alone, so it reads the same for every address
        return _throttled(db, email, client, verdict)
    customer = records.find_by_email(db, email) if email else None
    # One bcrypt check on every path: a dummy hash for unknown emails keeps the timing alike.
    password_ok = verify_password(password, customer.password_hash if customer else None)
    if customer is None or not password_ok:
        return _fail(db, email, client, customer)
    if customer.is_blocked:
        audit.record(db, "customer.sign_in_blocked", customer_id=customer.id, email=email,
                     ip_address=client.ip_address)
        return SignInOutcome(SignInStatus.BLOCKED, email=email)
    if needs_rehash(customer.password_hash):
        customer.password_hash = hash_password(password)
    settings = get_store_settings(db)
    if customer.email_verified_at is None and settings.email_verification == EmailVerification.CODE.value:
        # The password is right but the address was never proven: the code goes to the address, and
        # only this browser (which knows the password) can use it.
        pending = signup.start_verification_of(db, customer, client=client)
        return SignInOutcome(SignInStatus.UNVERIFIED, email=email, pending_sign_up_token=pending)
    return _open_session(db, customer, client, remember_me=remember_me, how="password")


def request_sign_in_code(db: Session, email: object, *, lang: str = "en", client: Client = Client()) -> str:
    """Email a code and a link when the address may sign in this way, and otherwise an email that
    says why not. Returns the normalised email; the page shows the same message whatever happened,
    and every path writes the same rows, so neither the answer nor its timing tells them apart."""
    email = normalize_email(email)  # a malformed address is the visitor's typo: say so
    if not throttle.may_send_anonymous_email(db, email, client.ip_address, "sign_in_code"):
        return email
    customer = records.find_by_email(db, email)
    passwordless = get_store_settings(db).passwordless_sign_in
    # Without the setting, only customers who have no password (created from an order) use codes.
    if customer is not None and not customer.is_blocked and (passwordless or not customer.password_hash):
        code, link = _code_and_link(db, email, customer)
        emails.send_sign_in_code(db, email, customer.language, customer.first_name, code, link)
        return email
    rehearse(db, lambda: _code_and_link(db, email, customer or Customer(email=email)))
    if customer is None:
        emails.send_no_account(db, email, lang, asked_for="sign_in_code")
    elif customer.is_blocked:
        emails.send_access_refused(db, email, customer.language, customer.first_name)
    else:
        emails.send_use_your_password(db, email, customer.language, customer.first_name)
    return email


def _code_and_link(db: Session, email: str, customer: Customer) -> tuple[str, str]:
    code = codes.issue_code(db, email, CodePurpose.SIGN_IN.value, customer_id=customer.id)
    return code, tokens.issue_token(db, TokenKind.SIGN_IN_LINK, customer)


def rehearse(db: Session, work) -> None:
    """Do `work` in a savepoint and throw it away. An address that gets no code or link still takes the
    same path through the database as one that does, so the time of the answer tells nothing."""
    savepoint = db.begin_nested()
    try:
        work()
    finally:
        savepoint.rollback()


def _sign_in_proven_owner(db: Session, customer: Customer | None, client: Client, how: str) -> SignInOutcome:
    """The customer proved they own the address (code or link): that also verifies it."""
    if customer is None:
        return SignInOutcome(SignInStatus.CODE_ERROR, error_key=codes.WRONG_CODE)
    if customer.is_blocked:
        audit.record(db, "customer.sign_in_blocked", customer_id=customer.id, email=customer.email,
                     ip_address=client.ip_address)
        return SignInOutcome(SignInStatus.BLOCKED, email=customer.email)
    prove_address(db, customer, how=how, client=client)
    return _open_session(db, customer, client, remember_me=False, how=how)


def sign_in_with_code(db: Session, email: object, code: object, *, client: Client = Client()) -> SignInOutcome:
    try:
        email = normalize_email(email)
        code = clean_code(code)
    except FieldError as error:
        return SignInOutcome(SignInStatus.CODE_ERROR, error_key=error.key)
    check = codes.check_code(db, email, CodePurpose.SIGN_IN.value, code, client_ip=client.ip_address)
    if not check.ok:
        audit.record(db, "customer.code_sign_in_failed", email=email, ip_address=client.ip_address,
                     detail="throttled" if check.error_key == codes.THROTTLED else "")
        return SignInOutcome(SignInStatus.CODE_ERROR, email=email, error_key=check.error_key,
                             wait_text=check.wait_text)
    customer = records.find_by_email(db, email)
    if customer is not None:  # the link sent with this code dies with it
        tokens.void_tokens(db, TokenKind.SIGN_IN_LINK, customer.id)
    return _sign_in_proven_owner(db, customer, client, "code")


def sign_in_link_is_valid(db: Session, token: object) -> bool:
    return tokens.find_valid_token(db, TokenKind.SIGN_IN_LINK, token) is not None


def sign_in_with_link(db: Session, token: object, *, client: Client = Client()) -> SignInOutcome:
    found = tokens.find_valid_token(db, TokenKind.SIGN_IN_LINK, token)
    if found is None or not tokens.consume_token(db, found[0]):
        return SignInOutcome(SignInStatus.CODE_ERROR, error_key="error.link_invalid")
    row, customer = found
    codes.void_codes(db, customer.email, CodePurpose.SIGN_IN.value)  # the code sent with this link dies with it
    return _sign_in_proven_owner(db, customer, client, "link")


def signed_in_outcome(db: Session, token: str) -> SignInOutcome:
    """What the pages need to know about the customer behind a fresh session token."""
    customer = current_customer(db, token)
    if customer is None:
        return SignInOutcome(SignInStatus.INVALID)
    return SignInOutcome(SignInStatus.OK, session_token=token, email=customer.email,
                         can_order=can_order(db, customer), first_name=customer.first_name,
                         language=customer.language)


def current_customer(db: Session, token: object) -> Customer | None:
    """The signed-in customer for this browser token, re-read from the database every time."""
    customer = sessions.resolve_customer(db, token)
    return customer if customer is not None and not customer.is_blocked else None


def sign_out(db: Session, token: object) -> None:
    found = sessions.resolve_session(db, token)
    if found is not None and found.customer_id is not None:
        audit.record(db, "customer.sign_out", customer_id=found.customer_id)
    sessions.end_session(db, token)
