"""The single row of shop settings, created with defaults on first read."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from shop import routes
from shop.models import RegistrationMode, StoreSettings


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


def visitor_may_see(settings: StoreSettings, *, signed_in: bool, path: str) -> bool:
    """The members-only rule, in one place: such a shop shows its pages to signed-in customers only,
    except the pages that let a visitor sign in or join."""
    return (signed_in or settings.registration_mode != RegistrationMode.MEMBERS_ONLY
            or path.startswith(routes.PUBLIC_IN_MEMBERS_ONLY))
