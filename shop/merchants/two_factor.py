"""Two-factor sign-in for back-office users: a TOTP secret (encrypted at rest), one-time use of each code,
and ten single-use recovery codes (only their hashes are kept)."""

from __future__ import annotations

import base64
import secrets
import time
from dataclasses import dataclass

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlmodel import Session, delete, select, update

from shop.common import audit
from shop.config import get_settings
from shop.identity import throttle
from shop.identity.hashing import hash_token, same
from shop.models import MerchantRecoveryCode, MerchantUser, utcnow
from shop.settings.store import get_store_settings

RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read from paper
STEP_SECONDS = 30
VALID_WINDOW = 1  # the step before and after too: a phone's clock is rarely exact
MAX_CODE_INPUT = 40


class TwoFactorError(ValueError):
    """A refusal a person can fix; `key` is the message key."""

    def __init__(self, key: str, wait: str = ""):
        super().__init__(key)
        self.key, self.wait = key, wait


# --- the secret, encrypted at rest ---

def _fernet() -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"maison-lumen merchant totp secret").derive(get_settings().secret_key.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_secret(secret: str) -> str:
    return _fernet().encrypt(secret.encode("ascii")).decode("ascii")


def decrypt_secret(stored: str) -> str | None:
    """The base32 secret, or None (none stored, or SECRET_KEY changed since)."""
    if not stored:
        return None
    try:
        return _fernet().decrypt(stored.encode("ascii")).decode("ascii")
    except (InvalidToken, ValueError):
        return None


def is_enabled(user: MerchantUser) -> bool:
    return user.totp_enabled_at is not None and bool(user.totp_secret_encrypted)


def setup_required(db: Session, user: MerchantUser) -> bool:
    """The shop requires two-factor sign-in and this user has not set it up yet."""
    return not is_enabled(user) and get_store_settings(db).require_two_factor


# --- setting it up ---

@dataclass(frozen=True)
class PendingSetup:
    secret: str  # base32, shown as text for apps that cannot scan
    qr_data_uri: str  # an SVG QR code of the otpauth:// URI


def provisioning_uri(secret: str, email: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def qr_data_uri(uri: str) -> str:
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def begin_setup(db: Session, user: MerchantUser) -> PendingSetup:
    """A new secret, stored encrypted but not in force until a code from it is confirmed."""
    if is_enabled(user):
        raise TwoFactorError("admin.security.already_enabled")
    secret = pyotp.random_base32()
    user.totp_secret_encrypted = encrypt_secret(secret)
    user.totp_enabled_at = None
    db.add(user)
    issuer = get_store_settings(db).shop_name
    return PendingSetup(secret=secret, qr_data_uri=qr_data_uri(provisioning_uri(secret, user.email, issuer)))


def pending_setup(db: Session, user: MerchantUser) -> PendingSetup | None:
    """The setup under way (page reloaded between the QR code and the code), if any."""
    if is_enabled(user):
        return None
    secret = decrypt_secret(user.totp_secret_encrypted)
    if secret is None:
        return None
    issuer = get_store_settings(db).shop_name
    return PendingSetup(secret=secret, qr_data_uri=qr_data_uri(provisioning_uri(secret, user.email, issuer)))


def _clean_code(raw: object) -> str:
    if not isinstance(raw, str) or len(raw) > MAX_CODE_INPUT:
        return ""
    return raw.replace(" ", "").replace("-", "").strip().lower()


def _matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step whose code this is (within the window), or None."""
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int((time.time() if now is None else now) // STEP_SECONDS)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if same(totp.generate_otp(step), code):
            return step
    return None


def _take_step(db: Session, user: MerchantUser, step: int) -> bool:
    """Record the step as used; False if it (or a later one) was used already: a code works once."""
    result = db.exec(update(MerchantUser).where(MerchantUser.id == user.id, MerchantUser.totp_last_step < step)
                     .values(totp_last_step=step))
    if result.rowcount != 1:
        return False
    user.totp_last_step = step
    return True


def _throttled(db: Session, user: MerchantUser, ip_address: str) -> None:
    verdict = throttle.password_verdict(db, user.email, ip_address, kinds=(throttle.MERCHANT_FAILURE,))
    if not verdict.allowed:
        audit.record(db, "merchant.2fa_throttled", merchant_user_id=user.id, email=user.email, ip_address=ip_address)
        raise TwoFactorError("admin.login.throttled", verdict.wait_text)


def _count_failure(db: Session, user: MerchantUser, ip_address: str, kind: str) -> None:
    throttle.record(db, throttle.MERCHANT_FAILURE, email=user.email, client_ip=ip_address)
    audit.record(db, kind, merchant_user_id=user.id, email=user.email, ip_address=ip_address)


def new_recovery_codes(db: Session, user: MerchantUser) -> list[str]:
    """Ten fresh codes (shown once); the old ones stop working."""
    db.exec(delete(MerchantRecoveryCode).where(MerchantRecoveryCode.merchant_user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.add(MerchantRecoveryCode(merchant_user_id=user.id, code_hash=hash_token(raw)))
    return codes


def confirm_setup(db: Session, user: MerchantUser, code: object, *, ip_address: str = "") -> list[str]:
    """Turn two-factor on with a code from the new secret; returns the recovery codes to show once.
    A wrong code is counted like a wrong password (the caller commits the count)."""
    if is_enabled(user):
        raise TwoFactorError("admin.security.already_enabled")
    secret = decrypt_secret(user.totp_secret_encrypted)
    if secret is None:
        raise TwoFactorError("admin.security.setup_expired")
    _throttled(db, user, ip_address)
    step = _matching_step(secret, _clean_code(code))
    if step is None or not _take_step(db, user, step):
        _count_failure(db, user, ip_address, "merchant.2fa_setup_failed")
        raise TwoFactorError("admin.security.code_wrong")
    user.totp_enabled_at = utcnow()
    db.add(user)
    codes = new_recovery_codes(db, user)
    audit.record(db, "merchant.2fa_enabled", merchant_user_id=user.id, email=user.email, ip_address=ip_address)
    return codes


def check_code(db: Session, user: MerchantUser, code: object, *, ip_address: str = "") -> str:
    """A current authenticator code (never one used before) or an unused recovery code. Returns "totp"
    or "recovery"; raises TwoFactorError (throttled, or wrong: the failure is counted)."""
    _throttled(db, user, ip_address)
    secret = decrypt_secret(user.totp_secret_encrypted) if is_enabled(user) else None
    cleaned = _clean_code(code)
    if secret is not None and cleaned:
        step = _matching_step(secret, cleaned)
        if step is not None and _take_step(db, user, step):
            return "totp"
        if len(cleaned) == 10 and _use_recovery_code(db, user, cleaned):
            return "recovery"
    _count_failure(db, user, ip_address, "merchant.2fa_failed")
    raise TwoFactorError("admin.security.code_wrong")


def _use_recovery_code(db: Session, user: MerchantUser, cleaned: str) -> bool:
    row = db.exec(select(MerchantRecoveryCode).where(MerchantRecoveryCode.merchant_user_id == user.id,
                                                     MerchantRecoveryCode.code_hash == hash_token(cleaned),
                                                     MerchantRecoveryCode.used_at.is_(None))).first()
    if row is None:
        return False
    result = db.exec(update(MerchantRecoveryCode).where(MerchantRecoveryCode.id == row.id,
                                                        MerchantRecoveryCode.used_at.is_(None))
                     .values(used_at=utcnow()))
    return result.rowcount == 1


def recovery_codes_left(db: Session, user: MerchantUser) -> int:
    return len(db.exec(select(MerchantRecoveryCode.id).where(MerchantRecoveryCode.merchant_user_id == user.id,
                                                             MerchantRecoveryCode.used_at.is_(None))).all())


def disable(db: Session, user: MerchantUser, code: object, *, ip_address: str = "") -> None:
    """Turn two-factor off; asks for a current code (or a recovery code) first."""
    if not is_enabled(user):
        raise TwoFactorError("admin.security.not_enabled")
    if get_store_settings(db).require_two_factor:
        raise TwoFactorError("admin.security.required_by_shop")
    check_code(db, user, code, ip_address=ip_address)
    user.totp_secret_encrypted = ""
    user.totp_enabled_at = None  # totp_last_step stays: a code seen once is never taken again
    db.add(user)
    db.exec(delete(MerchantRecoveryCode).where(MerchantRecoveryCode.merchant_user_id == user.id))
    audit.record(db, "merchant.2fa_disabled", merchant_user_id=user.id, email=user.email, ip_address=ip_address)


def cancel_setup(db: Session, user: MerchantUser) -> None:
    if not is_enabled(user):
        user.totp_secret_encrypted = ""
        db.add(user)
