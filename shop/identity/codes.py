"""One-time 6-digit codes sent by email: HMAC-stored, 10 minutes, 5 tries, one live code per purpose.

Every wrong code gets the same answer, whether a code was live, expired, used up or never sent: a
different word would tell a stranger which addresses have accounts. Wrong codes are counted per
address and per client across every purpose (see throttle.py), so guessing is capped per day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select, update

from shop.identity import throttle
from shop.identity.hashing import keyed_hash, new_numeric_code, same
from shop.models import OneTimeCode, utcnow

CODE_LIFETIME = timedelta(minutes=10)
MAX_FAILED_ATTEMPTS = 5
RESEND_COOLDOWN = timedelta(seconds=60)


def _code_hmac(purpose: str, email: str, code: str) -> str:
    return keyed_hash("one-time-code", purpose, email, code)


def _live(email: str, purpose: str, pending_sign_up_id: int | None):
    """The live codes of one email and purpose; a verification code also belongs to one sign-up."""
    return (OneTimeCode.email == email, OneTimeCode.purpose == purpose,
            OneTimeCode.pending_sign_up_id == pending_sign_up_id if pending_sign_up_id is not None
            else OneTimeCode.pending_sign_up_id.is_(None),
            OneTimeCode.used_at.is_(None), OneTimeCode.voided_at.is_(None))


def _live_code(db: Session, email: str, purpose: str, pending_sign_up_id: int | None = None) -> OneTimeCode | None:
    return db.exec(select(OneTimeCode).where(*_live(email, purpose, pending_sign_up_id))
                   .order_by(OneTimeCode.id.desc())).first()


def in_cooldown(db: Session, email: str, purpose: str, now: datetime | None = None) -> bool:
    """A new code for this email and purpose was sent less than 60 seconds ago."""
    now = now or utcnow()
    latest = db.exec(
        select(OneTimeCode.created_at)
        .where(OneTimeCode.email == email, OneTimeCode.purpose == purpose)
        .order_by(OneTimeCode.id.desc())
    ).first()
    return latest is not None and now - latest < RESEND_COOLDOWN


def void_codes(db: Session, email: str, purpose: str, now: datetime | None = None, *,
               pending_sign_up_id: int | None = None) -> None:
    db.exec(update(OneTimeCode).where(*_live(email, purpose, pending_sign_up_id)).values(voided_at=now or utcnow()))


def issue_code(db: Session, email: str, purpose: str, *, customer_id: int | None = None,
               pending_sign_up_id: int | None = None, now: datetime | None = None) -> str:
    """A fresh code; every older live code for this email and purpose (and sign-up) stops working."""
    now = now or utcnow()
    void_codes(db, email, purpose, now, pending_sign_up_id=pending_sign_up_id)
    code = new_numeric_code(6)
    db.add(OneTimeCode(email=email, purpose=purpose, code_hmac=_code_hmac(purpose, email, code),
                       customer_id=customer_id, pending_sign_up_id=pending_sign_up_id, created_at=now,
                       expires_at=now + CODE_LIFETIME))
    db.flush()
    return code


WRONG_CODE = "error.code_invalid"  # one answer for a wrong, expired, used-up or never-sent code
THROTTLED = "error.code_throttled"


@dataclass(frozen=True)
class CodeCheck:
    ok: bool
    error_key: str = ""
    customer_id: int | None = None
    retry_after: timedelta = timedelta(0)

    @property
    def wait_text(self) -> str:
        return throttle.Verdict(False, self.retry_after).wait_text


def check_code(db: Session, email: str, purpose: str, code: str, *, client_ip: str = "",
               pending_sign_up_id: int | None = None, now: datetime | None = None) -> CodeCheck:
    """Use the code if it is right. A wrong try is counted; the fifth voids the code.

    Past the daily caps nothing is checked and the answer says how long to wait. The caller commits
    in every case, so the count of wrong tries is kept.
    """
    now = now or utcnow()
    verdict = throttle.code_verdict(db, email, client_ip, now=now)
    if not verdict.allowed:
        return CodeCheck(False, THROTTLED, retry_after=verdict.retry_after)
    live = _live_code(db, email, purpose, pending_sign_up_id)
    if live is not None and live.expires_at > now and same(live.code_hmac, _code_hmac(purpose, email, code)):
        # Conditional, so that of two requests with the same code only one goes through.
        used = db.exec(update(OneTimeCode).where(OneTimeCode.id == live.id, OneTimeCode.used_at.is_(None))
                       .values(used_at=now)).rowcount
        if used == 1:
            return CodeCheck(True, customer_id=live.customer_id)
        return CodeCheck(False, WRONG_CODE)
    throttle.record(db, throttle.CODE_FAILURE, email=email, client_ip=client_ip, detail=purpose, now=now)
    if live is not None:
        # Counted in the database (`failed_attempts + 1`), so two wrong tries at once both count.
        attempts = db.exec(update(OneTimeCode).where(OneTimeCode.id == live.id)
                           .values(failed_attempts=OneTimeCode.failed_attempts + 1)
                           .returning(OneTimeCode.failed_attempts)).scalar_one()
        if attempts >= MAX_FAILED_ATTEMPTS or live.expires_at <= now:
            db.exec(update(OneTimeCode).where(OneTimeCode.id == live.id, OneTimeCode.voided_at.is_(None))
                    .values(voided_at=now))
        db.refresh(live)
    return CodeCheck(False, WRONG_CODE)
