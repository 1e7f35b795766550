"""One-time 6-digit codes sent by email: HMAC-stored, 10 minutes, 5 tries, one live code per purpose."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select, update

from storefront.models import OneTimeCode, utcnow
from storefront.services.secrets_util import keyed_hash, new_numeric_code, same

CODE_LIFETIME = timedelta(minutes=10)
MAX_FAILED_ATTEMPTS = 5
RESEND_COOLDOWN = timedelta(seconds=60)


def _code_hmac(purpose: str, email: str, code: str) -> str:
    return keyed_hash("one-time-code", purpose, email, code)


def _live_code(db: Session, email: str, purpose: str) -> OneTimeCode | None:
    return db.exec(
        select(OneTimeCode)
        .where(OneTimeCode.email == email, OneTimeCode.purpose == purpose,
               OneTimeCode.used_at.is_(None), OneTimeCode.voided_at.is_(None))
        .order_by(OneTimeCode.id.desc())
    ).first()


def in_cooldown(db: Session, email: str, purpose: str, now: datetime | None = None) -> bool:
    """A new code for this email and purpose was sent less than 60 seconds ago."""
    now = now or utcnow()
    latest = db.exec(
        select(OneTimeCode.created_at)
        .where(OneTimeCode.email == email, OneTimeCode.purpose == purpose)
        .order_by(OneTimeCode.id.desc())
    ).first()
    return latest is not None and now - latest < RESEND_COOLDOWN


def void_codes(db: Session, email: str, purpose: str, now: datetime | None = None) -> None:
    db.exec(
        update(OneTimeCode)
        .where(OneTimeCode.email == email, OneTimeCode.purpose == purpose,
               OneTimeCode.used_at.is_(None), OneTimeCode.voided_at.is_(None))
        .values(voided_at=now or utcnow())
    )


def issue_code(db: Session, email: str, purpose: str, *, customer_id: int | None = None,
               now: datetime | None = None) -> str:
    """A fresh code; every older live code for this email and purpose stops working."""
    now = now or utcnow()
    void_codes(db, email, purpose, now)
    code = new_numeric_code(6)
    db.add(OneTimeCode(email=email, purpose=purpose, code_hmac=_code_hmac(purpose, email, code),
                       customer_id=customer_id, created_at=now, expires_at=now + CODE_LIFETIME))
    db.flush()
    return code


@dataclass(frozen=True)
class CodeCheck:
    ok: bool
    error_key: str = ""
    customer_id: int | None = None


def check_code(db: Session, email: str, purpose: str, code: str, now: datetime | None = None) -> CodeCheck:
    """Use the code if it is right. A wrong try is counted; the fifth voids the code.

    The caller commits in every case, so the count of wrong tries is kept.
    """
    now = now or utcnow()
    live = _live_code(db, email, purpose)
    if live is None:
        return CodeCheck(False, "error.code_invalid")
    if live.expires_at <= now:
        live.voided_at = now
        db.add(live)
        return CodeCheck(False, "error.code_expired")
    if not same(live.code_hmac, _code_hmac(purpose, email, code)):
        live.failed_attempts += 1
        if live.failed_attempts >= MAX_FAILED_ATTEMPTS:
            live.voided_at = now
            db.add(live)
            return CodeCheck(False, "error.code_too_many")
        db.add(live)
        return CodeCheck(False, "error.code_wrong")
    live.used_at = now
    db.add(live)
    return CodeCheck(True, customer_id=live.customer_id)
