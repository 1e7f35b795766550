"""Serialising the requests about one key (an email address) across workers, until the transaction ends.

A rate limit counts the events already recorded, then records one: two requests checked at once, in two
workers, would both see the count below the cap. On PostgreSQL a transaction-scoped advisory lock on the key
makes them take turns (the second sees the first's event). SQLite has one writer at a time and one worker:
nothing to do there.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session


def serialize(db: Session, key: str) -> None:
    """Wait until no other transaction holds `key`, and hold it until this one commits or rolls back."""
    if not key or db.get_bind().dialect.name != "postgresql":
        return
    db.exec(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(key, 0))))
