"""The audit trail: one row per security-relevant event, never with a secret in it."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, func, select

from shop.models import AuditEvent, utcnow


def record(
    db: Session,
    kind: str,
    *,
    customer_id: int | None = None,
    merchant_user_id: int | None = None,
    email: str = "",
    ip_address: str = "",
    detail: str = "",
) -> AuditEvent:
    event = AuditEvent(
        kind=kind,
        customer_id=customer_id,
        merchant_user_id=merchant_user_id,
        email=email[:254],
        ip_address=ip_address[:64],
        detail=detail[:1000],
    )
    db.add(event)
    return event


def count_recent(db: Session, kind: str, *, since: timedelta, email: str = "", ip_address: str = "",
                 now: datetime | None = None) -> int:
    """How many `kind` events for this email (or this client address) in the window."""
    cutoff = (now or utcnow()) - since
    query = select(func.count()).select_from(AuditEvent).where(
        AuditEvent.kind == kind, AuditEvent.created_at >= cutoff
    )
    if email:
        query = query.where(AuditEvent.email == email)
    if ip_address:
        query = query.where(AuditEvent.ip_address == ip_address)
    return db.exec(query).one()
