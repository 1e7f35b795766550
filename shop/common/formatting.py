"""Money and dates, formatted per language with Babel."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency

from shop.i18n import babel_locale

# Dates are stored in UTC and shown in the shop's timezone until the visitor's is known.
DEFAULT_TIMEZONE = "Europe/Paris"


@lru_cache(maxsize=8192)
def format_money(cents: int, currency: str, lang: str) -> str:
    """A price as the reader's locale writes it. Cached: Babel takes ~50 µs a call, and a catalogue page
    formats 24 prices (12 cards in two languages) on every load."""
    return format_currency(Decimal(cents) / 100, currency, locale=babel_locale(lang))


def format_day(moment: datetime, lang: str, tz: str = DEFAULT_TIMEZONE) -> str:
    return format_date(moment.astimezone(_zone(tz)), format="medium", locale=babel_locale(lang))


def format_moment(moment: datetime, lang: str, tz: str = DEFAULT_TIMEZONE) -> str:
    return format_datetime(moment, format="medium", tzinfo=_zone(tz), locale=babel_locale(lang))


def _zone(name: str):
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)
