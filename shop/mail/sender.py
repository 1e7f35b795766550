"""The background sender: claims due outbox rows and delivers them through Resend, with retries."""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

import resend
from sqlalchemy import or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from shop.config import Settings, get_settings
from shop.models import OutboxEmail, OutboxStatus, utcnow

log = logging.getLogger("storefront.mail")

MAX_ATTEMPTS = 8
CLAIM_LEASE = timedelta(minutes=2)  # a sender that dies mid-send frees its rows after this
BASE_BACKOFF_SECONDS = 30
MAX_BACKOFF_SECONDS = 3600


class TemporaryFailure(Exception):
    """The provider may accept later (5xx, 429, network error)."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class PermanentFailure(Exception):
    """The provider refused this email (bad address, bad request): retrying cannot help."""


@dataclass
class DeliveryReport:
    sent: int = 0
    captured: int = 0
    retried: int = 0
    failed: int = 0


def backoff_delay(attempts: int) -> timedelta:
    """Exponential back-off with jitter: 30 s, 60 s, 120 s ... capped at an hour."""
    base = min(BASE_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)
    return timedelta(seconds=base * random.uniform(0.8, 1.2))


def send_through_resend(row: OutboxEmail, settings: Settings) -> str:
    """Deliver one email with the Resend SDK; returns the provider's message id."""
    resend.api_key = settings.resend_api_key
    if settings.resend_api_url:
        resend.api_url = settings.resend_api_url
    params = {
        "from": settings.mail_from,
        "to": [row.to_address],
        "subject": row.subject,
        "html": row.html_body,
        "text": row.text_body,
    }
    try:
        # The idempotency key makes a retry after a lost response deliver once, not twice.
        response = resend.Emails.send(params, {"idempotency_key": row.idempotency_key})
    except resend.exceptions.ResendError as error:
        code = int(error.code) if str(error.code).isdigit() else 500
        if code == 429 or code >= 500:
            retry_after = _retry_after_seconds(error.headers)
            raise TemporaryFailure(f"{code} {error.message}"[:500], retry_after) from error
        raise PermanentFailure(f"{code} {error.message}"[:500]) from error
    except (OSError, ValueError) as error:  # network trouble, unreadable answer
        raise TemporaryFailure(f"{type(error).__name__}: {error}"[:500]) from error
    return str(response.get("id", "")) if isinstance(response, dict) else ""


def _retry_after_seconds(headers: dict | None) -> float | None:
    value = (headers or {}).get("retry-after") or (headers or {}).get("Retry-After")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _due(now: datetime):
    return or_(
        (OutboxEmail.status == OutboxStatus.PENDING.value)
        & or_(OutboxEmail.next_attempt_at.is_(None), OutboxEmail.next_attempt_at <= now),
        (OutboxEmail.status == OutboxStatus.SENDING.value) & (OutboxEmail.claimed_until < now),
    )


def _claim_due(engine: Engine, now: datetime, limit: int) -> list[int]:
    """Mark due rows as ours with a short lease; a row claimed by another sender is skipped.

    PostgreSQL: one `SELECT ... FOR UPDATE SKIP LOCKED` locks the due rows no other sender holds, and one
    UPDATE claims them, so several workers' senders share the outbox without waiting for each other.
    SQLite (one writer at a time): each row is claimed by a conditional UPDATE, which only one sender wins.
    """
    with Session(engine) as db:
        if db.get_bind().dialect.name == "postgresql":
            claimed = list(db.exec(
                select(OutboxEmail.id).where(_due(now)).order_by(OutboxEmail.id).limit(limit)
                .with_for_update(skip_locked=True)
            ).all())
            if claimed:
                db.exec(update(OutboxEmail).where(OutboxEmail.id.in_(claimed))
                        .values(status=OutboxStatus.SENDING.value, claimed_until=now + CLAIM_LEASE))
            db.commit()
            return claimed
        candidates = db.exec(select(OutboxEmail.id).where(_due(now)).order_by(OutboxEmail.id).limit(limit)).all()
        claimed = []
        for email_id in candidates:
            result = db.exec(
                update(OutboxEmail)
                .where(OutboxEmail.id == email_id, _due(now))
                .values(status=OutboxStatus.SENDING.value, claimed_until=now + CLAIM_LEASE)
            )
            if result.rowcount == 1:
                claimed.append(email_id)
        db.commit()
        return claimed


def deliver_due_emails(engine: Engine, *, now: datetime | None = None, limit: int = 50,
                       settings: Settings | None = None) -> DeliveryReport:
    """Deliver what is due. Never raises for a provider problem: the row is kept and retried."""
    settings = settings or get_settings()
    now = now or utcnow()
    report = DeliveryReport()
    for email_id in _claim_due(engine, now, limit):
        with Session(engine, expire_on_commit=False) as db:
            row = db.get(OutboxEmail, email_id)
        # The network call happens with no transaction open.
        outcome: Exception | str | None
        try:
            outcome = None if settings.mail_is_captured else send_through_resend(row, settings)
        except (TemporaryFailure, PermanentFailure) as error:
            outcome = error
        with Session(engine) as db:
            row = db.get(OutboxEmail, email_id)
            row.attempts += 1
            row.claimed_until = None
            if outcome is None:
                row.status, row.sent_at = OutboxStatus.CAPTURED.value, now
                report.captured += 1
                if settings.environment == "dev":  # development only: codes and links never reach a production log
                    print(f"--- captured email #{row.id} to {row.to_address}: {row.subject}\n{row.text_body}",
                          flush=True)
            elif isinstance(outcome, str):
                row.status, row.sent_at, row.provider_message_id = OutboxStatus.SENT.value, now, outcome[:100]
                row.last_error = ""
                report.sent += 1
            elif isinstance(outcome, TemporaryFailure) and row.attempts < MAX_ATTEMPTS:
                delay = backoff_delay(row.attempts)
                if outcome.retry_after is not None:
                    delay = max(delay, timedelta(seconds=outcome.retry_after))
                row.status, row.next_attempt_at = OutboxStatus.PENDING.value, now + delay
                row.last_error = str(outcome)[:500]
                report.retried += 1
                log.warning("Email #%s will be retried in %s: %s", row.id, delay, outcome)
            else:
                row.status, row.last_error = OutboxStatus.FAILED.value, str(outcome)[:500]
                report.failed += 1
                log.error("Email #%s failed for good: %s", row.id, outcome)
            db.add(row)
            db.commit()
    return report
