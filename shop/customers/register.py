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
