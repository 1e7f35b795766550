"""The single row of shop settings, created with defaults on first read."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import event, orm
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

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


class PageSettings(NamedTuple):
    """What a page load reads of the settings: the header, the members-only rule, the prices' VAT, who
    may order."""

    shop_name: str
    contact_email: str
    registration_mode: str
    wishlist_enabled: bool
    shop_country: str
    keep_customer_prices: bool
    approved_buyers_only: bool


# Every page load reads it: one row's few columns, no ORM object (the row also holds the legal texts).
_PAGE_SETTINGS_KEY = "shop.page_settings"
_PAGE_SETTINGS = select(*(getattr(StoreSettings, name) for name in PageSettings._fields)).where(StoreSettings.id == 1)


@event.listens_for(orm.Session, "after_transaction_end")
def _forget_page_settings(session: orm.Session, _transaction) -> None:
    session.info.pop(_PAGE_SETTINGS_KEY, None)


@event.listens_for(orm.Session, "after_flush")
def _forget_changed_page_settings(session: orm.Session, _context) -> None:
    if any(isinstance(row, StoreSettings) for row in (*session.new, *session.dirty)):
        session.info.pop(_PAGE_SETTINGS_KEY, None)


def page_settings(db: Session) -> PageSettings:
    """The settings a page load reads, once per transaction (a change of them in it is seen)."""
    found = db.info.get(_PAGE_SETTINGS_KEY)
    if found is None:
        row = db.connection().execute(_PAGE_SETTINGS).first()
        if row is None:
            full = get_store_settings(db)
            row = tuple(getattr(full, name) for name in PageSettings._fields)
        found = db.info[_PAGE_SETTINGS_KEY] = PageSettings(*row)
    return found


def visitor_may_see(settings: StoreSettings | PageSettings, *, signed_in: bool, open_to_visitors: bool) -> bool:
    """The members-only rule, in one place: such a shop shows its pages to signed-in customers only,
    except the pages that let a visitor sign in or join (`open_to_visitors`, said by the page itself)."""
    return signed_in or settings.registration_mode != RegistrationMode.MEMBERS_ONLY or open_to_visitors
