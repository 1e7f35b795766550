"""The single row of shop settings, created with defaults on first read."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from shop.models import StoreSettings


def get_store_settings(db: Session) -> StoreSettings:
    found = db.get(StoreSettings, 1)
    if found is None:
        try:
            with db.begin_nested():  # two first requests at once: one insert wins, the other reads it
                db.add(StoreSettings(id=1))
        except IntegrityError:
            pass
        found = db.get(StoreSettings, 1)
    return found
