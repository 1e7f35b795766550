"""The customer export: the register's customers (its filters, or a selection) written to a private file in
CSV (UTF-8 with a BOM, for Excel), XLSX or JSON, in batches, and handed out once by a random, expiring
link bound to the merchant session that asked for it.

The file is written batch by batch (`yield_per`) from plain column rows, never from ORM objects, so
100,000 customers take a few seconds and a few megabytes. Never the password hash: the columns are
listed one by one.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, func, select

from shop.common import audit
from shop.customers import register
from shop.customers.register import RegisterQuery
from shop.i18n import babel_locale, translate
from shop.models import Address, Customer, CustomerGroup, utcnow
from shop.settings.models import ExportFormat
from shop.transfer.cells import csv_cell, csv_flag, csv_moment, csv_text, xlsx_cell

BATCH_SIZE = 2_000
DELIMITERS = (";", ",")
FORMATS = tuple(item.value for item in ExportFormat)
LINK_LIFETIME = timedelta(minutes=15)
REPEAT_GRACE = timedelta(minutes=1)  # after the first download, the link works this long, then never again
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
Progress = Callable[[int, int], None]


# --- which customers: the register's query --------------------------------------------------------
def customers_matching(db: Session, query: RegisterQuery) -> sa.Select:
    """`select(Customer)` with the register's filters and selection (the same conditions as its page),
    ordered by id: sorting and paging do not matter to an export."""
    conditions = register.customer_conditions(db, query, register.shop_region(db))
    return select(Customer).where(*conditions).order_by(Customer.id)


def count_matching(db: Session, query: RegisterQuery) -> int:
    return db.exec(select(func.count()).select_from(customers_matching(db, query).order_by(None).subquery())).one()


def describe_query(db: Session, query: RegisterQuery, lang: str) -> str:
    """The filters in words, for "1,234 customers matching: country FR, verified"; "" for everyone."""
    parts: list[str] = []

    def say(key: str, **params: object) -> None:
        parts.append(translate(lang, f"admin.transfer.filter.{key}", **params))

    if query.ids:
        say("selection", count=len(query.ids))
    if query.text:
        say("text", text=query.text)
    if query.group_id == 0:
        say("no_group")
    elif query.group_id is not None:
        group = db.get(CustomerGroup, query.group_id)
        say("group", name=group.name if group else f"#{query.group_id}")
    if query.country:
        say("country", country=query.country)
    for name in ("newsletter", "verified", "blocked", "approved_buyer", "tax_exempt", "has_orders"):
        wanted = getattr(query, name)
        if wanted is not None:
            say(f"{name}.{'yes' if wanted else 'no'}")
    for name in ("created_from", "created_to", "last_order_from", "last_order_to"):
        day = getattr(query, name)
        if day is not None:
            say(name, date=day.isoformat())
    if query.spent_above_cents is not None:
        say("spent_above", amount=f"{query.spent_above_cents / 100:.2f}")
    return ", ".join(parts)


def format_count(count: int, lang: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(count, locale=babel_locale(lang))


# --- the rows -------------------------------------------------------------------------------------

COLUMNS = (
    "customer_number", "own_number", "email", "verified", "first_name", "last_name", "company", "vat_number",
    "phone", "language", "newsletter", "group", "tax_exempt", "approved_buyer", "pay_on_invoice", "blocked",
    "order_count", "total_spent", "created", "last_order",
    "address_name", "address_company", "address_street", "address_postal_code", "address_city",
    "address_country_area", "address_country", "address_phone",
)
# What each column holds, in COLUMNS order: the CSV writer converts each cell by its column's kind.
KINDS = (
    "text", "text", "text", "flag", "text", "text", "text", "text", "text", "text", "flag", "text", "flag", "flag",
    "flag", "flag", "number", "number", "moment", "moment", *["text"] * 8,
)
_CSV_CONVERTERS = {"text": csv_text, "flag": csv_flag, "number": str, "moment": csv_moment}
_CUSTOMER_COLUMNS = (
    Customer.id, Customer.customer_number, Customer.own_number, Customer.email, Customer.email_verified_at,
    Customer.first_name, Customer.last_name, Customer.company, Customer.vat_number, Customer.phone,
    Customer.language, Customer.newsletter_opt_in, Customer.group_id, Customer.tax_exempt,
    Customer.approved_buyer, Customer.pay_on_invoice, Customer.is_blocked, Customer.order_count,
    Customer.total_spent_cents, Customer.created_at, Customer.last_order_at,
)
_ADDRESS_COLUMNS = (
    Address.customer_id, Address.name, Address.company_name, Address.street_address, Address.postal_code,
    Address.city, Address.country_area, Address.country_code, Address.phone,
)


def headers(lang: str) -> list[str]:
    return [translate(lang, f"admin.transfer.column.{name}") for name in COLUMNS]


def _default_addresses(db: Session, customer_ids: list[int]) -> dict[int, tuple]:
    """Each customer's default address: the billing one, else the shipping one, else the first."""
    rank = sa.case((Address.is_default_billing, 0), (Address.is_default_shipping, 1), else_=2)
    rows = db.execute(select(*_ADDRESS_COLUMNS).where(Address.customer_id.in_(customer_ids))
                      .order_by(Address.customer_id, rank.desc(), Address.id.desc()))
    # Ordered worst first: the best address of each customer is written last and wins.
    return {row[0]: tuple(row[1:]) for row in rows}


def export_rows(db: Session, query: RegisterQuery, *, batch_size: int = BATCH_SIZE) -> Iterator[list[object]]:
    """One list of values per customer, in COLUMNS order, read `batch_size` customers at a time."""
    groups = dict(db.execute(select(CustomerGroup.id, CustomerGroup.name)).all())
    statement = customers_matching(db, query).with_only_columns(*_CUSTOMER_COLUMNS)
    result = db.execute(statement.execution_options(yield_per=batch_size))
    no_address = ("",) * (len(_ADDRESS_COLUMNS) - 1)
    for batch in result.partitions():
        addresses = _default_addresses(db, [row[0] for row in batch])
        for row in batch:
            (customer_id, number, own_number, email, verified_at, first_name, last_name, company, vat, phone,
             language, newsletter, group_id, tax_exempt, approved, on_invoice, blocked, order_count, spent_cents,
             created_at, last_order_at) = row
            yield [
                number, own_number or "", email, verified_at is not None, first_name, last_name, company, vat,
                phone, language, bool(newsletter), groups.get(group_id, "") if group_id else "", bool(tax_exempt),
                bool(approved), bool(on_invoice), bool(blocked), order_count,
                Decimal(spent_cents).scaleb(-2), created_at, last_order_at,  # aware UTC (UTCDateTime)
                *addresses.get(customer_id, no_address),
            ]


# --- the writers ----------------------------------------------------------------------------------

def _counted(rows: Iterator[list[object]], total: int, on_progress: Progress | None) -> Iterator[list[object]]:
    for done, row in enumerate(rows, start=1):
        yield row
        if on_progress is not None and (done % 500 == 0 or done == total):
            on_progress(done, total)


def write_csv(path: Path, header: list[str], rows: Iterator[list[object]], delimiter: str) -> None:
    # utf-8-sig: the BOM tells Excel the file is UTF-8 (without it, French Excel reads "Ã©" for "é").
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
        writer.writerow([csv_cell(name) for name in header])
        converters = [_CSV_CONVERTERS[kind] for kind in KINDS]
        writer.writerows([convert(value) for convert, value in zip(converters, row, strict=True)] for row in rows)


def write_xlsx(path: Path, header: list[str], rows: Iterator[list[object]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)  # rows go to disk as they come, not into a worksheet in memory
    sheet = workbook.create_sheet("Customers")
    sheet.append([xlsx_cell(name) for name in header])
    for row in rows:
        sheet.append([xlsx_cell(value) for value in row])
    workbook.save(path)


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def write_json(path: Path, rows: Iterator[list[object]]) -> None:
    """A JSON array of objects keyed by the column names; values as they are (JSON is no spreadsheet)."""
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        for index, row in enumerate(rows):
            out.write(",\n" if index else "\n")
            out.write(json.dumps(dict(zip(COLUMNS, map(_json_value, row), strict=True)), ensure_ascii=False))
        out.write("\n]\n")


def write_export(db: Session, query: RegisterQuery, fmt: str, path: Path, *, delimiter: str = ";",
                 lang: str = "en", on_progress: Progress | None = None) -> int:
    """Write the customers the query finds to `path`; returns how many."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    if delimiter not in DELIMITERS:
        raise ValueError(f"unknown delimiter {delimiter!r}")
    total = count_matching(db, query)
    written = 0

    def rows() -> Iterator[list[object]]:
        nonlocal written
        for row in _counted(export_rows(db, query), total, on_progress):
            written += 1
            yield row

    if fmt == ExportFormat.CSV.value:
        write_csv(path, headers(lang), rows(), delimiter)
    elif fmt == ExportFormat.XLSX.value:
        write_xlsx(path, headers(lang), rows())
    else:
        write_json(path, rows())
    if on_progress is not None:
        on_progress(written, max(total, written))
    return written


# --- the private files and their one-time links ---------------------------------------------------

_TOKEN_SHAPE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def private_dir() -> Path:
    """A directory only this user can read, for export files and uploaded imports."""
    default = Path(tempfile.gettempdir()) / f"maison-lumen-transfer-{os.getuid()}"
    folder = Path(os.environ.get("STORE_TRANSFER_DIR") or default)
    folder.mkdir(mode=0o700, exist_ok=True)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise PermissionError(f"{folder} is not a private directory")
    return folder


@dataclass(frozen=True)
class ExportFile:
    token: str  # the secret in the download link; only its digest names the files
    path: Path  # where the export is written


def new_export_file(session_token: str, fmt: str, *, merchant_user_id: int, now: datetime | None = None) -> ExportFile:
    """A file to write an export into, and its link's token, bound to the merchant session `session_token`."""
    purge_expired()
    token = secrets.token_urlsafe(32)
    stem = private_dir() / _digest(token)
    moment = now or utcnow()
    ticket = {"session": _digest(session_token), "merchant_user_id": merchant_user_id, "format": fmt,
              "expires": (moment + LINK_LIFETIME).timestamp(),
              "filename": f"customers-{moment:%Y-%m-%d-%H%M}.{fmt}", "ready": False}
    _write_ticket(stem, ticket)
    return ExportFile(token=token, path=stem.with_suffix(".data"))


def _write_ticket(stem: Path, ticket: dict) -> None:
    partial = stem.with_suffix(".tmp")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump(ticket, out)
    partial.replace(stem.with_suffix(".json"))


def mark_ready(export: ExportFile) -> None:
    stem = export.path.with_suffix("")
    ticket = json.loads(stem.with_suffix(".json").read_text())
    _write_ticket(stem, {**ticket, "ready": True})


def discard(export: ExportFile) -> None:
    stem = export.path.with_suffix("")
    for suffix in (".json", ".data", ".tmp"):
        stem.with_suffix(suffix).unlink(missing_ok=True)


@dataclass(frozen=True)
class Download:
    path: Path
    filename: str
    media_type: str
    merchant_user_id: int


def claim_download(token: object, session_token: object, *, now: datetime | None = None) -> Download | None:
    """The export behind a link, for the merchant session that made it, within 15 minutes; else None.

    Single use, with a short grace: the first download opens a one-minute window for a repeated request
    (a browser's retry, a download manager's second connection); after it the link is dead and the file
    deleted. The caller still checks that the session is alive and may export."""
    if not isinstance(token, str) or len(token) != 43 or not set(token) <= _TOKEN_SHAPE:
        return None
    if not isinstance(session_token, str) or not session_token:
        return None
    stem = private_dir() / _digest(token)
    try:
        ticket = json.loads(stem.with_suffix(".json").read_text())
    except (OSError, ValueError):
        return None
    moment = (now or utcnow()).timestamp()
    if not hmac.compare_digest(str(ticket.get("session", "")), _digest(session_token)):
        return None
    first_sent = ticket.get("first_sent")
    if ticket.get("expires", 0) <= moment or (first_sent and moment - first_sent > REPEAT_GRACE.total_seconds()):
        discard(ExportFile(token=token, path=stem.with_suffix(".data")))
        return None
    if not ticket.get("ready") or not stem.with_suffix(".data").is_file():
        return None
    if not first_sent:
        _write_ticket(stem, {**ticket, "first_sent": moment})
    fmt = ticket.get("format", "csv")
    return Download(path=stem.with_suffix(".data"), filename=ticket.get("filename", f"customers.{fmt}"),
                    media_type=MEDIA_TYPES.get(fmt, "application/octet-stream"),
                    merchant_user_id=int(ticket.get("merchant_user_id", 0)))


def purge_expired(max_age: timedelta = LINK_LIFETIME * 2) -> None:
    """Export and upload files older than twice a link's lifetime are deleted (links expire well before)."""
    try:
        folder = private_dir()
    except OSError:
        return
    oldest = time.time() - max_age.total_seconds()
    for entry in folder.iterdir():
        try:
            if entry.stat().st_mtime < oldest:
                entry.unlink()
        except OSError:
            continue


def audit_export(db: Session, *, merchant_user_id: int, count: int, fmt: str, query: RegisterQuery) -> None:
    audit.record(db, "customers.exported", merchant_user_id=merchant_user_id,
                 detail=f"{count} customers, {fmt}" + (f", selection of {len(query.ids)}" if query.ids else ""))
