"""The customer register of the back-office: search, filters, sorting and pages, run by the database.

`RegisterQuery` is what a merchant asked for (the register page keeps it in the URL); the export
exports what the same query finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import phonenumbers
import sqlalchemy as sa
from sqlmodel import Session, select

from shop.common import audit
from shop.common.formatting import DEFAULT_TIMEZONE
from shop.merchants.permissions import Permission, require
from shop.models import Address, Customer, CustomerGroup, MerchantUser, utcnow
from shop.settings.store import get_store_settings

SORTABLE = ("created", "name", "email", "customer_number", "order_count", "total_spent", "last_order")


@dataclass(frozen=True)
class RegisterQuery:
    text: str = ""  # customer number, own number, name, company, email or phone (any part of them)
    group_id: int | None = None  # 0: customers in no group
    country: str = ""  # ISO code of an address's country
    newsletter: bool | None = None  # None: either
    verified: bool | None = None
    blocked: bool | None = None
    approved_buyer: bool | None = None
    tax_exempt: bool | None = None
    has_orders: bool | None = None
    created_from: date | None = None
    created_to: date | None = None  # inclusive
    last_order_from: date | None = None
    last_order_to: date | None = None  # inclusive
    spent_above_cents: int | None = None
    sort: str = "created"  # one of SORTABLE
    descending: bool = True
    page: int = 1
    page_size: int = 50
    ids: tuple[int, ...] = field(default=())  # an explicit selection (bulk actions), on top of the filters


# --- the query in a URL: the register page keeps it there, so a bookmark or a QA script opens it ---

_FLAGS = {"newsletter": "newsletter", "verified": "verified", "blocked": "blocked", "approved": "approved_buyer",
          "exempt": "tax_exempt", "orders": "has_orders"}
_DATES = {"created_from": "created_from", "created_to": "created_to", "last_order_from": "last_order_from",
          "last_order_to": "last_order_to"}
PAGE_SIZES = (25, 50, 100)
MAX_TEXT = 100
MAX_IDS = 1000


def _flag(raw: str) -> bool | None:
    return {"yes": True, "no": False}.get(raw)


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        return None


def _whole(raw: str, low: int, high: int) -> int | None:
    return int(raw) if raw.isdigit() and low <= int(raw) <= high else None


def _cents(raw: str) -> int | None:
    """"120", "120.5" or "120,50" (euros) -> 12050; anything else is ignored."""
    raw = raw.replace(",", ".").strip()
    whole, _, fraction = raw.partition(".")
    if not whole.isdigit() or len(whole) > 9 or (fraction and (not fraction.isdigit() or len(fraction) > 2)):
        return None
    return int(whole) * 100 + int((fraction or "0").ljust(2, "0"))


def query_from_params(params: object) -> RegisterQuery:
    """A RegisterQuery from URL parameters (strings). Unknown or malformed values are ignored, never trusted."""
    params = params if isinstance(params, dict) else {}

    def get(name: str) -> str:
        value = params.get(name, "")
        return value.strip() if isinstance(value, str) else ""

    values: dict = {"text": " ".join(get("q").split())[:MAX_TEXT]}
    group = get("group")
    values["group_id"] = 0 if group == "none" else _whole(group, 1, 2**31)
    country = get("country").upper()
    values["country"] = country if len(country) == 2 and country.isalpha() else ""
    for name, field_name in _FLAGS.items():
        values[field_name] = _flag(get(name))
    for name, field_name in _DATES.items():
        values[field_name] = _day(get(name))
    values["spent_above_cents"] = _cents(get("spent_above")) if get("spent_above") else None
    values["sort"] = get("sort") if get("sort") in SORTABLE else "created"
    values["descending"] = get("dir") != "asc"
    values["page"] = _whole(get("page"), 1, 100_000) or 1
    size = _whole(get("size"), 1, 1000)
    values["page_size"] = size if size in PAGE_SIZES else 50
    ids = [part for part in get("ids").split(",") if part][:MAX_IDS]
    values["ids"] = tuple(int(part) for part in ids if _whole(part, 1, 2**31) is not None)
    return RegisterQuery(**values)


def query_to_params(query: RegisterQuery) -> dict[str, str]:
    """The URL parameters of a query (defaults left out); `query_from_params` reads them back."""
    params: dict[str, str] = {}
    if query.text:
        params["q"] = query.text
    if query.group_id is not None:
        params["group"] = "none" if query.group_id == 0 else str(query.group_id)
    if query.country:
        params["country"] = query.country
    for name, field_name in _FLAGS.items():
        value = getattr(query, field_name)
        if value is not None:
            params[name] = "yes" if value else "no"
    for name, field_name in _DATES.items():
        value = getattr(query, field_name)
        if value is not None:
            params[name] = value.isoformat()
    if query.spent_above_cents is not None:
        params["spent_above"] = f"{query.spent_above_cents // 100}.{query.spent_above_cents % 100:02d}"
    if query.sort != "created":
        params["sort"] = query.sort
    if not query.descending:
        params["dir"] = "asc"
    if query.page != 1:
        params["page"] = str(query.page)
    if query.page_size != 50:
        params["size"] = str(query.page_size)
    if query.ids:
        params["ids"] = ",".join(str(customer_id) for customer_id in query.ids)
    return params


# --- running the query ---

@dataclass(frozen=True)
class RegisterRow:
    id: int
    customer_number: str
    own_number: str
    first_name: str
    last_name: str
    company: str
    email: str
    verified: bool
    blocked: bool
    group_id: int | None
    group_name: str
    order_count: int
    total_spent_cents: int
    created_at: datetime
    last_order_at: datetime | None


@dataclass(frozen=True)
class RegisterPage:
    rows: list[RegisterRow]
    total: int  # every customer the query finds (all pages)
    page: int  # the page shown: the one asked for, within 1..pages
    pages: int
    query: RegisterQuery  # the query as run (its page clamped)


class BulkActionRefused(ValueError):
    """A bulk action the register refuses; `key` is the message shown to the merchant."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


FEW_MATCHES = 5_000  # up to this many, the register sorts the matches rather than walk an index to find them
MIN_TRIGRAM = 3  # the FTS5 trigram index finds substrings of three characters or more
_PHONE_LIKE = re.compile(r"^\+?[\d\s().\-/]+$")
_SEARCH = sa.table("customer_search", sa.column("rowid"), sa.column("body"))
_PREFIX_COLUMNS = (Customer.customer_number, Customer.own_number, Customer.email, Customer.last_name,
                   Customer.first_name, Customer.company)
_SUBSTRING_COLUMNS = (Customer.customer_number, Customer.own_number, Customer.email, Customer.first_name,
                      Customer.last_name, Customer.company, Customer.phone)
_ADDRESS_COLUMNS = (Address.name, Address.company_name, Address.city, Address.postal_code, Address.phone)


def _phone_forms(text: str, region: str) -> list[str]:
    """What a phone-like query may be stored as: phones are kept in E.164 (+33612345678), so "06 12 34 56 78"
    is searched as typed, as its digits, as E.164 in the shop's country, and without its trunk 0 (a fragment)."""
    if not _PHONE_LIKE.match(text):
        return []
    digits = re.sub(r"\D", "", text)
    if len(digits) < MIN_TRIGRAM:
        return []
    forms = [digits, "+" + digits] if text.startswith("+") else [digits]
    try:
        parsed = phonenumbers.parse(text, region or None)
        if phonenumbers.is_possible_number(parsed):
            forms.append(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))
    except phonenumbers.NumberParseException:
        pass
    if digits.startswith("0") and len(digits) > MIN_TRIGRAM:
        forms.append(digits[1:])
    return list(dict.fromkeys(forms))


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _sqlite_text_condition(text: str, phones: list[str]):
    if len(text) < MIN_TRIGRAM:
        # Too short for the trigram index: a prefix of an indexed column, read as a range so the
        # column's index serves it (LIKE ignores case, and so would read every row).
        variants = {text, text.lower(), text.upper(), text.capitalize()}
        return sa.or_(*[sa.and_(column >= variant, column < variant + "\U0010ffff")
                        for column in _PREFIX_COLUMNS for variant in variants])
    words = text.split()
    long_words = [word for word in words if len(word) >= MIN_TRIGRAM]
    if not long_words:
        match, short_words = _phrase(text), []
    else:
        match, short_words = " ".join(_phrase(word) for word in long_words), [w for w in words if len(w) < 3]
    if phones:
        match = " OR ".join([f"({match})", *(_phrase(form) for form in phones)])
    found = sa.select(_SEARCH.c.rowid).where(sa.literal_column("customer_search").op("MATCH")(match))
    for word in short_words:
        found = found.where(_SEARCH.c.body.like(f"%{_like_escaped(word)}%", escape="\\"))
    return Customer.id.in_(found)


def _generic_text_condition(text: str, phones: list[str]):
    """PostgreSQL (pg_trgm GIN indexes on lower(column)) and any other database: ILIKE on each field."""

    def anywhere(fragment: str):
        pattern = f"%{_like_escaped(fragment.lower())}%"
        in_address = sa.exists().where(Address.customer_id == Customer.id,
                                       sa.or_(*[sa.func.lower(c).like(pattern, escape="\\") for c in _ADDRESS_COLUMNS]))
        return sa.or_(*[sa.func.lower(c).like(pattern, escape="\\") for c in _SUBSTRING_COLUMNS], in_address)

    if len(text) < MIN_TRIGRAM:
        pattern = f"{_like_escaped(text.lower())}%"
        return sa.or_(*[sa.func.lower(c).like(pattern, escape="\\") for c in _PREFIX_COLUMNS])
    words = sa.and_(*[anywhere(word) for word in text.split()])
    return sa.or_(words, *[anywhere(form) for form in phones]) if phones else words


def _day_start(day: date) -> datetime:
    """Midnight of a day in the shop's timezone, in UTC (dates in the register are the shop's days)."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(DEFAULT_TIMEZONE)).astimezone(UTC)


def customer_conditions(db: Session, query: RegisterQuery, region: str) -> list:
    """The WHERE conditions on `customer` of a query: the register's page and the export share them."""
    conditions: list = []
    if query.text:
        phones = _phone_forms(query.text, region)
        if db.get_bind().dialect.name == "sqlite":
            conditions.append(_sqlite_text_condition(query.text, phones))
        else:
            conditions.append(_generic_text_condition(query.text, phones))
    sqlite = db.get_bind().dialect.name == "sqlite"

    def common(column):
        """A column compared with the value most customers have: without statistics SQLite would walk its index
        and read most of the table row by row; `+column` makes it check the value on the rows it reads anyway."""
        return sa.literal_column(f"+customer.{column.key}", type_=column.type) if sqlite else column

    if query.group_id == 0:
        conditions.append(common(Customer.group_id).is_(None))
    elif query.group_id is not None:
        conditions.append(Customer.group_id == query.group_id)
    if query.country:
        # A check on each customer the other conditions (or the sort's index) lead to: reading the customers
        # of a big country one by one from the address index is twice as slow. After a text search (a few
        # customers), their own addresses are read; otherwise the country's customers are listed once.
        if query.text:
            conditions.append(sa.exists().where(Address.customer_id == Customer.id,
                                                Address.country_code == query.country))
        else:
            in_country = select(Address.customer_id).where(Address.country_code == query.country)
            conditions.append((Customer.id + 0).in_(in_country))
    # (value, column, the value few customers have: only that one is worth the column's index)
    for value, column, rare in ((query.newsletter, Customer.newsletter_opt_in, None),  # a third or more opt in
                                (query.blocked, Customer.is_blocked, True),
                                (query.approved_buyer, Customer.approved_buyer, False),
                                (query.tax_exempt, Customer.tax_exempt, True)):
        if value is not None:
            conditions.append((column if value == rare else common(column)).is_(value))
    if query.verified is not None:
        conditions.append(Customer.email_verified_at.is_not(None) if query.verified
                          else Customer.email_verified_at.is_(None))
    if query.has_orders is not None:
        conditions.append(common(Customer.order_count) > 0 if query.has_orders else Customer.order_count == 0)
    # A range (dates, amount) may hold most customers: its index is worth it only when nothing else narrows
    # the search (the count is then read from the index alone); next to other conditions, each row is checked.
    ranges = [(query.created_from, query.created_to, Customer.created_at),
              (query.last_order_from, query.last_order_to, Customer.last_order_at)]
    ranged = [value for start, end, _ in ranges for value in (start, end) if value is not None]
    alone = not conditions and not query.ids and len(ranged) + (query.spent_above_cents is not None) <= 2
    for start, end, column in ranges:
        column = column if alone else common(column)
        if start is not None:
            conditions.append(column >= _day_start(start))
        if end is not None:
            conditions.append(column < _day_start(end + timedelta(days=1)))
    if query.spent_above_cents is not None:
        spent = Customer.total_spent_cents if alone else common(Customer.total_spent_cents)
        conditions.append(spent >= query.spent_above_cents)
    if query.ids:
        conditions.append(Customer.id.in_(query.ids))
    return conditions


def _order_by(query: RegisterQuery, *, sort_index: bool = True, postgres: bool = False) -> list:
    """The ORDER BY of a query; without `sort_index` (SQLite), `+column` keeps the planner from walking the
    sort column's index across the whole table to find a few matches: it reads the matches, then sorts them."""
    columns = {
        "created": [Customer.created_at],
        "name": [Customer.last_name, Customer.first_name],
        "email": [Customer.email],
        "customer_number": [],  # numbers are made from the id: C99999 comes before C100000
        "order_count": [Customer.order_count],
        "total_spent": [Customer.total_spent_cents],
        "last_order": [Customer.last_order_at],
    }[query.sort if query.sort in SORTABLE else "created"]
    direction = sa.desc if query.descending else sa.asc
    columns = [*columns, Customer.id]
    if not sort_index:
        columns = [sa.literal_column(f"+customer.{column.key}") for column in columns]
    ordered = [direction(column) for column in columns]
    if query.sort == "last_order" and postgres:
        # As on SQLite, customers who never ordered come last newest-first and first oldest-first
        # (PostgreSQL would put NULL first in a descending sort).
        ordered[0] = ordered[0].nulls_last() if query.descending else ordered[0].nulls_first()
    return ordered


def shop_region(db: Session) -> str:
    """The region a phone number without its country code is read in: the shop's country."""
    return get_store_settings(db).shop_country


def matching_customers(db: Session, query: RegisterQuery, *, region: str | None = None) -> sa.Select:
    """`SELECT customer.id` of every customer the query finds, in its order (for exports of the same view)."""
    region = shop_region(db) if region is None else region
    postgres = db.get_bind().dialect.name == "postgresql"
    return select(Customer.id).where(*customer_conditions(db, query, region)).order_by(
        *_order_by(query, postgres=postgres))


def search_customers(db: Session, query: RegisterQuery, *, region: str | None = None) -> RegisterPage:
    """One page of the register. A page past the end shows the last page."""
    region = shop_region(db) if region is None else region
    conditions = customer_conditions(db, query, region)
    total = db.exec(select(sa.func.count()).select_from(Customer).where(*conditions)).one()
    pages = max(1, -(-total // query.page_size))
    page = min(max(1, query.page), pages)
    # The page's ids first, from the narrowest rows (often an index alone), then their details: skipping
    # 99,950 rows for page 2,000 then costs an index walk, not 99,950 joined rows.
    # A few matches (a name, a phone, a short prefix): read them and sort them. Many: walk the sort's index.
    sqlite_db = db.get_bind().dialect.name == "sqlite"
    sort_index = total > FEW_MATCHES or not sqlite_db
    ids = db.exec(select(Customer.id).where(*conditions).order_by(*_order_by(query, sort_index=sort_index,
                                                                                  postgres=not sqlite_db))
                  .offset((page - 1) * query.page_size).limit(query.page_size)).all()
    statement = (
        select(Customer.id, Customer.customer_number, Customer.own_number, Customer.first_name,
               Customer.last_name, Customer.company, Customer.email, Customer.email_verified_at,
               Customer.is_blocked, Customer.group_id, CustomerGroup.name, Customer.order_count,
               Customer.total_spent_cents, Customer.created_at, Customer.last_order_at)
        .outerjoin(CustomerGroup, CustomerGroup.id == Customer.group_id).where(Customer.id.in_(ids))
    )
    position = {customer_id: index for index, customer_id in enumerate(ids)}
    rows = sorted((
        RegisterRow(id=row[0], customer_number=row[1], own_number=row[2] or "", first_name=row[3],
                    last_name=row[4], company=row[5], email=row[6], verified=row[7] is not None,
                    blocked=bool(row[8]), group_id=row[9], group_name=row[10] or "", order_count=row[11],
                    total_spent_cents=row[12], created_at=row[13], last_order_at=row[14])
        for row in (db.exec(statement).all() if ids else [])
    ), key=lambda row: position[row.id])
    return RegisterPage(rows=rows, total=total, page=page, pages=pages, query=replace(query, page=page))


def group_choices(db: Session) -> list[tuple[int, str]]:
    """The customer groups a merchant may filter by or assign, by name."""
    return [(group_id, name) for group_id, name in
            db.exec(select(CustomerGroup.id, CustomerGroup.name).order_by(CustomerGroup.name)).all()]


def country_choices(db: Session) -> list[str]:
    """The countries the register's addresses are in (ISO codes); read from the country index."""
    return sorted(code for code in db.exec(select(Address.country_code).distinct()).all() if code)


def assign_group(db: Session, ids: object, group_id: object, *, merchant: MerchantUser) -> int:
    """Put these customers in a group (group_id 0: in no group). Unknown ids are skipped; returns how many
    customers changed group. Each change is in the audit trail."""
    require(merchant, Permission.EDIT)
    if not isinstance(ids, (list, tuple)) or not ids or len(ids) > MAX_IDS:
        raise BulkActionRefused("admin.register.bulk.none_selected")
    if not all(isinstance(value, int) and not isinstance(value, bool) and 1 <= value < 2**31 for value in ids):
        raise BulkActionRefused("admin.register.bulk.none_selected")
    if not isinstance(group_id, int) or isinstance(group_id, bool) or not 0 <= group_id < 2**31:
        raise BulkActionRefused("admin.register.bulk.unknown_group")
    if group_id and db.get(CustomerGroup, group_id) is None:
        raise BulkActionRefused("admin.register.bulk.unknown_group")
    target = group_id or None
    changing = db.exec(select(Customer.id).where(
        Customer.id.in_(set(ids)),
        Customer.group_id.is_not(None) if target is None else sa.or_(Customer.group_id.is_(None),
                                                                  Customer.group_id != target),
    )).all()
    if not changing:
        return 0
    db.exec(sa.update(Customer).where(Customer.id.in_(changing)).values(group_id=target, updated_at=utcnow()))
    for customer_id in changing:
        audit.record(db, "customer.group_assigned", customer_id=customer_id, merchant_user_id=merchant.id,
                     detail=f"group={target or 'none'}")
    return len(changing)
