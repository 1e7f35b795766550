"""Limits on repeated attempts, counted from the audit trail in the database (holds across workers)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from storefront.services import audit

FAILED_SIGN_IN = "customer.sign_in_failed"
WINDOW = timedelta(minutes=15)
PER_EMAIL = 5
PER_CLIENT = 20  # several people can share one address (an office, a phone network)


def sign_in_blocked(db: Session, email: str, ip_address: str, now: datetime | None = None) -> bool:
    """True after 5 failures for this email, or 20 from this client address, in 15 minutes."""
    if email and audit.count_recent(db, FAILED_SIGN_IN, since=WINDOW, email=email, now=now) >= PER_EMAIL:
        return True
    return bool(ip_address) and audit.count_recent(
        db, FAILED_SIGN_IN, since=WINDOW, ip_address=ip_address, now=now) >= PER_CLIENT
