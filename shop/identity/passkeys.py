"""Passkeys (WebAuthn): adding one to an account, signing in with one, listing and removing them.

The browser only relays options and answers; every check is here, with py_webauthn:
- a challenge is single-use, lives 5 minutes, and is bound to the browser tab that asked for it (the hash of a
  random token only that tab's server-side state holds) and, when adding a passkey, to the customer;
- the relying-party id and the origin come from STORE_BASE_URL, never from the request;
- user verification is required (a passkey replaces the password, so the device must check its owner);
- the signature counter must grow once it is in use: a counter that stays or goes back is a cloned
  authenticator, refused and recorded in the audit log;
- only the credential id and the public key are stored.

Refusals are returned, not raised: a consumed challenge, a counted failure or an audit line must be committed
with the refusal.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlmodel import Session, func, select
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from shop.common import audit
from shop.config import get_settings
from shop.identity import sessions, throttle
from shop.identity.hashing import hash_token, keyed_hash
from shop.identity.passwords import MAX_LENGTH, verify_password
from shop.identity.sessions import Client
from shop.identity.signin import SignInOutcome, SignInStatus, can_order
from shop.models import Customer, PasskeyCredential, WebAuthnChallenge, utcnow

CHALLENGE_LIFETIME = timedelta(minutes=5)
RECENT_SIGN_IN = timedelta(minutes=10)  # adding a passkey later than this after sign-in asks for the password
MAX_PASSKEYS = 10
MAX_NAME = 60
MAX_RESPONSE_CHARS = 20_000  # an answer from a real authenticator is a few kB
CEREMONY_TIMEOUT_MS = 120_000
REGISTER, AUTHENTICATE = "register", "authenticate"

# Message keys (shop/i18n/passkeys_*.py).
ERR_EXPIRED = "passkeys.error.expired"  # no such challenge, used, expired or from another tab: one answer
ERR_INVALID = "passkeys.error.invalid"  # the answer did not verify (origin, rp id, signature, unknown key...)
ERR_LIMIT = "passkeys.error.limit"
ERR_NAME = "passkeys.error.name"
ERR_PASSWORD = "passkeys.error.password"
ERR_PASSWORD_NEEDED = "passkeys.error.password_needed"
ERR_SIGN_IN_AGAIN = "passkeys.error.sign_in_again"
ERR_DUPLICATE = "passkeys.error.duplicate"
ERR_THROTTLED = "error.sign_in_throttled"
ERR_TOO_MANY_CHALLENGES = "passkeys.error.too_many"  # a network asked for too many sign-in challenges


@dataclass(frozen=True)
class RelyingParty:
    id: str
    origin: str
    name: str


def relying_party(base_url: str | None = None) -> RelyingParty:
    """The relying party is the shop's own address (STORE_BASE_URL): its host name is the rp id, its
    scheme, host and port the only origin accepted."""
    parts = urlsplit(base_url or get_settings().store_base_url)
    host = parts.hostname or "localhost"
    return RelyingParty(id=host, origin=f"{parts.scheme}://{parts.netloc}", name="Maison Lumen")


@dataclass(frozen=True)
class Started:
    """A ceremony begun: the options for navigator.credentials, as JSON; or a refusal."""

    options_json: str = ""
    error_field: str = ""
    error_key: str = ""
    wait_text: str = ""

    @property
    def ok(self) -> bool:
        return not self.error_key


@dataclass(frozen=True)
class Added:
    passkey_id: int | None = None
    error_key: str = ""

    @property
    def ok(self) -> bool:
        return not self.error_key


# --- helpers ---

def _b64url_decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _user_handle(customer_id: int) -> bytes:
    """A stable, opaque user handle per customer (no email, no guessable number): an authenticator keeps one
    passkey per account and site."""
    return bytes.fromhex(keyed_hash("webauthn-user", str(customer_id)))[:32]


def count_passkeys(db: Session, customer_id: int) -> int:
    return db.exec(select(func.count(PasskeyCredential.id)).where(PasskeyCredential.customer_id == customer_id)).one()


def _new_challenge(db: Session, purpose: str, challenge: bytes, browser_token: str, customer_id: int | None,
                   now: datetime) -> None:
    db.add(WebAuthnChallenge(purpose=purpose, challenge=bytes_to_base64url(challenge),
                             browser_token_hash=hash_token(browser_token), customer_id=customer_id,
                             created_at=now, expires_at=now + CHALLENGE_LIFETIME))


def _parse_answer(answer: object) -> dict | None:
    """The browser's JSON answer, as a dict, when it is one of a sane size."""
    if not isinstance(answer, str) or not answer or len(answer) > MAX_RESPONSE_CHARS:
        return None
    try:
        parsed = json.loads(answer)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def _challenge_of(answer: dict) -> str:
    """The challenge the browser signed, read from clientDataJSON (checked again by py_webauthn)."""
    response = answer.get("response")
    raw = response.get("clientDataJSON") if isinstance(response, dict) else None
    if not isinstance(raw, str):
        return ""
    try:
        client_data = json.loads(_b64url_decode(raw))
    except (ValueError, binascii.Error):
        return ""
    challenge = client_data.get("challenge") if isinstance(client_data, dict) else None
    return challenge if isinstance(challenge, str) and len(challenge) <= 200 else ""


def _consume_challenge(db: Session, answer: dict, purpose: str, browser_token: object,
                       customer_id: int | None, now: datetime) -> WebAuthnChallenge | None:
    """The challenge this answer was made for, if it is live, of this purpose, asked by this browser tab (and
    this customer), and not used yet; it is used up now, whatever comes next (single-use)."""
    challenge = _challenge_of(answer)
    if not challenge or not isinstance(browser_token, str) or not browser_token:
        return None
    row = db.exec(select(WebAuthnChallenge).where(WebAuthnChallenge.challenge == challenge)).first()
    if row is None or row.purpose != purpose or row.used_at is not None or row.expires_at <= now:
        return None
    if row.browser_token_hash != hash_token(browser_token) or row.customer_id != customer_id:
        return None
    # Compare-and-set: of two answers racing with one challenge, one wins.
    used = db.exec(sa.update(WebAuthnChallenge).where(WebAuthnChallenge.id == row.id,
                                                      WebAuthnChallenge.used_at.is_(None))
                   .values(used_at=now)).rowcount
    return row if used == 1 else None


def delete_old_challenges(db: Session, now: datetime | None = None) -> int:
    """Housekeeping: challenges past their lifetime are of no use."""
    now = now or utcnow()
    return db.exec(sa.delete(WebAuthnChallenge).where(WebAuthnChallenge.expires_at < now - CHALLENGE_LIFETIME)).rowcount


# --- adding a passkey (a signed-in customer, on /account/security) ---

def signed_in_recently(db: Session, session_token: object, now: datetime | None = None) -> bool:
    """Did this browser's session start within RECENT_SIGN_IN?"""
    found = sessions.resolve_session(db, session_token, now)
    return found is not None and found.created_at >= (now or utcnow()) - RECENT_SIGN_IN


def begin_registration(db: Session, customer: Customer, *, session_token: str, browser_token: str,
                       password: object = "", client: Client = Client(), now: datetime | None = None) -> Started:
    """Options for navigator.credentials.create, after the checks: under MAX_PASSKEYS, and a recent sign-in
    or the password again. Runs a bcrypt check when a password is given: call it off the event loop."""
    now = now or utcnow()
    if count_passkeys(db, customer.id) >= MAX_PASSKEYS:
        return Started(error_field="form", error_key=ERR_LIMIT)
    if not signed_in_recently(db, session_token, now):
        if not customer.password_hash:
            return Started(error_field="form", error_key=ERR_SIGN_IN_AGAIN)
        if not isinstance(password, str) or not password:
            return Started(error_field="password", error_key=ERR_PASSWORD_NEEDED)
        verdict = throttle.password_verdict(db, customer.email, client.ip_address, now=now)
        if not verdict.allowed:
            return Started(error_field="password", error_key=ERR_THROTTLED, wait_text=verdict.wait_text)
        if len(password) > MAX_LENGTH or not verify_password(password, customer.password_hash):
            throttle.record(db, throttle.PASSWORD_FAILURE, email=customer.email, client_ip=client.ip_address,
                            detail="passkey_add", now=now)
            audit.record(db, "customer.passkey_password_failed", customer_id=customer.id, email=customer.email,
                         ip_address=client.ip_address)
            return Started(error_field="password", error_key=ERR_PASSWORD)
    rp = relying_party()
    existing = db.exec(select(PasskeyCredential.credential_id)
                       .where(PasskeyCredential.customer_id == customer.id)).all()
    options = generate_registration_options(
        rp_id=rp.id, rp_name=rp.name, user_id=_user_handle(customer.id), user_name=customer.email,
        user_display_name=" ".join(part for part in (customer.first_name, customer.last_name) if part)
        or customer.email,
        timeout=CEREMONY_TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED, user_verification=UserVerificationRequirement.REQUIRED),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=_b64url_decode(cid)) for cid in existing],
    )
    _new_challenge(db, REGISTER, options.challenge, browser_token, customer.id, now)
    return Started(options_json=options_to_json(options))


def clean_name(name: object) -> str | None:
    if not isinstance(name, str):
        return None
    name = " ".join(name.split())
    return name if 1 <= len(name) <= MAX_NAME else None


def finish_registration(db: Session, customer: Customer, *, browser_token: str, answer: object, name: object,
                        client: Client = Client(), now: datetime | None = None) -> Added:
    """Check the authenticator's answer and keep the new passkey (its id and public key only)."""
    now = now or utcnow()
    parsed = _parse_answer(answer)
    if parsed is None:
        return Added(error_key=ERR_INVALID)
    if _consume_challenge(db, parsed, REGISTER, browser_token, customer.id, now) is None:
        audit.record(db, "customer.passkey_add_refused", customer_id=customer.id, ip_address=client.ip_address,
                     detail="challenge")
        return Added(error_key=ERR_EXPIRED)
    label = clean_name(name)
    if label is None:
        return Added(error_key=ERR_NAME)
    if count_passkeys(db, customer.id) >= MAX_PASSKEYS:
        return Added(error_key=ERR_LIMIT)
    rp = relying_party()
    challenge = _challenge_of(parsed)
    try:
        verified = verify_registration_response(
            credential=parsed, expected_challenge=_b64url_decode(challenge), expected_rp_id=rp.id,
            expected_origin=rp.origin, require_user_verification=True)
    except (WebAuthnException, ValueError, TypeError, KeyError, binascii.Error) as error:
        audit.record(db, "customer.passkey_add_refused", customer_id=customer.id, ip_address=client.ip_address,
                     detail=str(error)[:200])
        return Added(error_key=ERR_INVALID)
    credential_id = bytes_to_base64url(verified.credential_id)
    if db.exec(select(PasskeyCredential.id).where(PasskeyCredential.credential_id == credential_id)).first():
        return Added(error_key=ERR_DUPLICATE)
    transports = parsed.get("response", {}).get("transports")
    transports = ",".join(t for t in transports if isinstance(t, str) and len(t) <= 20)[:200] \
        if isinstance(transports, list) else ""
    passkey = PasskeyCredential(customer_id=customer.id, credential_id=credential_id,
                                public_key=bytes_to_base64url(verified.credential_public_key),
                                sign_count=verified.sign_count, transports=transports, name=label, created_at=now)
    db.add(passkey)
    db.flush()
    audit.record(db, "customer.passkey_added", customer_id=customer.id, email=customer.email,
                 ip_address=client.ip_address, detail=label)
    return Added(passkey_id=passkey.id)


# --- signing in with a passkey (a visitor, on /login) ---

def begin_authentication(db: Session, *, browser_token: str, client: Client = Client(),
                         now: datetime | None = None) -> Started:
    """Options for navigator.credentials.get: no credential listed (discoverable passkeys), so the visitor
    types nothing and the page tells nothing about which accounts exist."""
    now = now or utcnow()
    verdict = throttle.password_verdict(db, "", client.ip_address, now=now)
    if not verdict.allowed:
        return Started(error_field="form", error_key=ERR_THROTTLED, wait_text=verdict.wait_text)
    if not throttle.may_start_passkey_sign_in(db, client.ip_address, now=now):
        return Started(error_field="form", error_key=ERR_TOO_MANY_CHALLENGES)
    options = generate_authentication_options(rp_id=relying_party().id, timeout=CEREMONY_TIMEOUT_MS,
                                              user_verification=UserVerificationRequirement.REQUIRED)
    _new_challenge(db, AUTHENTICATE, options.challenge, browser_token, None, now)
    return Started(options_json=options_to_json(options))


def _sign_in_failed(db: Session, client: Client, reason: str, customer: Customer | None = None,
                    now: datetime | None = None) -> SignInOutcome:
    # Counted per client like a wrong password. Not per address: nobody can guess a passkey, and failures
    # with someone's passkey must not lock its owner out of their password sign-in.
    throttle.record(db, throttle.PASSWORD_FAILURE, client_ip=client.ip_address, detail="passkey", now=now)
    audit.record(db, "customer.sign_in_failed", customer_id=customer.id if customer else None,
                 email=customer.email if customer else "", ip_address=client.ip_address,
                 detail=f"passkey: {reason}"[:200])
    return SignInOutcome(SignInStatus.INVALID, error_key=ERR_EXPIRED if reason == "challenge" else ERR_INVALID)


def finish_authentication(db: Session, *, browser_token: str, answer: object, client: Client = Client(),
                          now: datetime | None = None) -> SignInOutcome:
    """Check the signed assertion and open a session, as a password sign-in does."""
    now = now or utcnow()
    verdict = throttle.password_verdict(db, "", client.ip_address, now=now)
    if not verdict.allowed:
        audit.record(db, "customer.sign_in_throttled", ip_address=client.ip_address, detail="passkey")
        return SignInOutcome(SignInStatus.THROTTLED, error_key=ERR_THROTTLED, wait_text=verdict.wait_text)
    parsed = _parse_answer(answer)
    if parsed is None:
        return _sign_in_failed(db, client, "malformed", now=now)
    if _consume_challenge(db, parsed, AUTHENTICATE, browser_token, None, now) is None:
        return _sign_in_failed(db, client, "challenge", now=now)
    credential_id = parsed.get("rawId")
    if not isinstance(credential_id, str) or len(credential_id) > 1400 or parsed.get("id") != credential_id:
        return _sign_in_failed(db, client, "malformed", now=now)
    passkey = db.exec(select(PasskeyCredential).where(PasskeyCredential.credential_id == credential_id)).first()
    if passkey is None:
        return _sign_in_failed(db, client, "unknown credential", now=now)
    customer = db.get(Customer, passkey.customer_id)
    rp = relying_party()
    try:
        verified = verify_authentication_response(
            credential=parsed, expected_challenge=_b64url_decode(_challenge_of(parsed)), expected_rp_id=rp.id,
            expected_origin=rp.origin, credential_public_key=_b64url_decode(passkey.public_key),
            # 0: the counter is checked below, after the signature, so a clone is told from a forgery.
            credential_current_sign_count=0, require_user_verification=True)
    except (WebAuthnException, ValueError, TypeError, KeyError, binascii.Error) as error:
        return _sign_in_failed(db, client, str(error), customer, now)
    if (verified.new_sign_count or passkey.sign_count) and verified.new_sign_count <= passkey.sign_count:
        # A valid signature with a counter that did not grow: two copies of one authenticator exist.
        audit.record(db, "customer.passkey_clone_refused", customer_id=customer.id, email=customer.email,
                     ip_address=client.ip_address,
                     detail=f"passkey {passkey.id}: counter {verified.new_sign_count} after {passkey.sign_count}")
        return _sign_in_failed(db, client, "counter did not grow", customer, now)
    passkey.sign_count, passkey.last_used_at = verified.new_sign_count, now
    db.add(passkey)
    if customer.is_blocked:
        audit.record(db, "customer.sign_in_blocked", customer_id=customer.id, email=customer.email,
                     ip_address=client.ip_address, detail="passkey")
        return SignInOutcome(SignInStatus.BLOCKED, email=customer.email)
    token = sessions.open_customer_session(db, customer, client, how="passkey")
    return SignInOutcome(SignInStatus.OK, session_token=token, email=customer.email,
                         can_order=can_order(db, customer), first_name=customer.first_name,
                         language=customer.language)


# --- managing ---

def list_passkeys(db: Session, customer_id: int) -> list[dict]:
    rows = db.exec(select(PasskeyCredential).where(PasskeyCredential.customer_id == customer_id)
                   .order_by(PasskeyCredential.created_at, PasskeyCredential.id)).all()
    return [{"id": row.id, "name": row.name, "created_at": row.created_at, "last_used_at": row.last_used_at}
            for row in rows]


def remove_passkey(db: Session, customer_id: int, passkey_id: object, *, client: Client = Client()) -> bool:
    """Remove one of this customer's passkeys. Another customer's id, or a forged one, changes nothing."""
    if not isinstance(passkey_id, int) or isinstance(passkey_id, bool) or not 0 < passkey_id < 2**63:
        return False
    passkey = db.exec(select(PasskeyCredential).where(PasskeyCredential.id == passkey_id,
                                                      PasskeyCredential.customer_id == customer_id)).first()
    if passkey is None:
        return False
    db.delete(passkey)
    audit.record(db, "customer.passkey_removed", customer_id=customer_id, ip_address=client.ip_address,
                 detail=passkey.name)
    return True
