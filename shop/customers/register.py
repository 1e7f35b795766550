"""The customer register of the back-office: search, filters, sorting and pages, run by the database.

`RegisterQuery` is what a merchant asked for (the register page keeps it in the URL); the export
exports what the same query finds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

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
