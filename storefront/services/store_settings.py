"""The single row of shop settings, created with defaults on first read."""

from __future__ import annotations

from sqlmodel import Session

from storefront.models import StoreSettings


def get_store_settings(db: Session) -> StoreSettings:
    found = db.get(StoreSettings, 1)
    if found is None:
        found = StoreSettings(id=1)
        db.add(found)
        db.flush()
    return found
