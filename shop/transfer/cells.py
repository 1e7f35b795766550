"""Spreadsheet cells that cannot run as formulas (OWASP "CSV injection").

Excel, LibreOffice and Google Sheets treat a cell that starts with `=`, `+`, `-` or `@` (and, after a
tab or a carriage return, the same) as a formula: a customer who names themselves `=HYPERLINK(...)`
would run it on the merchant's computer. Every text cell that starts with one of these gets a leading
apostrophe, which the spreadsheet shows as text. Numbers stay numbers: a count or an amount is never
text, while a phone number "+33..." is text and is escaped like any other.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 refuses these in a worksheet (openpyxl raises on them): they are dropped from XLSX text.
_XML_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def escape_text(value: str) -> str:
    """The text, with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


_FORMULA_FIRST = frozenset(FORMULA_STARTS)


def csv_text(value: str | None) -> str:
    """A text CSV field (the export's fast path for a column known to hold text)."""
    if not value:
        return ""
    return "'" + value if value[0] in _FORMULA_FIRST else value


def csv_flag(value: bool) -> str:
    return "yes" if value else "no"


def csv_moment(value: datetime | None) -> str:
    return "" if value is None else value.isoformat(" ", "seconds")[:19]


def csv_cell(value: object) -> str:
    """One CSV field: numbers as plain digits (a dot for decimals), yes/no for flags, escaped text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return escape_text(str(value))


def xlsx_cell(value: object) -> object:
    """One XLSX value: numbers and dates as themselves, escaped text (written as a string cell)."""
    if value is None or isinstance(value, bool | int | Decimal):
        return value
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)  # Excel has no time zones: the export's times are UTC
    # An empty text is an empty cell: openpyxl then writes nothing for it (a third of a register's cells).
    return escape_text(_XML_ILLEGAL.sub("", str(value))) or None
