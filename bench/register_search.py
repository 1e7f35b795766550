"""The customer register on 100,000 customers: `python -m bench.register_search [DB_PATH]`.

Builds the back-office data set (bench/backoffice_data.py) in /tmp, or reuses it when it is there, then
runs about 200 register queries through the service the page calls (`search_customers`: the count and one
page, in a session of its own, as a page load does): text searches of names, emails, phones in national
format and fragments of them, customer and own numbers, short prefixes; each filter alone and several
together; sorts by total spent and last order; deep pages. Prints p50/p95/max of the server time per kind.
Target (issue 12): p95 under 100 ms.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import replace
from datetime import date
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "benchmark-secret-key-of-at-least-32-bytes")
os.environ.setdefault("STORE_ENV", "test")

import phonenumbers  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from bench.backoffice_data import generate  # noqa: E402
from shop.customers.register import RegisterQuery, search_customers  # noqa: E402
from shop.db import make_engine  # noqa: E402
from shop.models import Address, Customer, CustomerGroup  # noqa: E402

DEFAULT_PATH = "/tmp/register_bench.db"
CUSTOMERS = 100_000
TARGET_MS = 100


def _queries(db: Session, rng: random.Random) -> list[tuple[str, RegisterQuery]]:
    sample = db.exec(select(Customer.customer_number, Customer.own_number, Customer.last_name, Customer.email,
                            Customer.phone, Customer.company).order_by(sa.func.random()).limit(400)).all()
    cities = db.exec(select(Address.city).order_by(sa.func.random()).limit(10)).all()
    groups = db.exec(select(CustomerGroup.id)).all()
    phones = [row.phone for row in sample if row.phone]
    owns = [row.own_number for row in sample if row.own_number]
    companies = [row.company for row in sample if row.company]
    text = [
        *[("text: last name", row.last_name) for row in sample[:15]],
        *[("text: email", row.email.split("@")[0][-9:]) for row in sample[15:30]],
        *[("text: phone, national", phonenumbers.format_number(phonenumbers.parse(phone),
                                                               phonenumbers.PhoneNumberFormat.NATIONAL))
          for phone in phones[:10]],
        *[("text: phone fragment", phone[-7:-1]) for phone in phones[10:20]],
        *[("text: customer number", row.customer_number) for row in sample[30:40]],
        *[("text: own number", own) for own in owns[:5]],
        *[("text: company", company.split()[0]) for company in companies[:5]],
        *[("text: city", city) for city in cities[:5]],
        *[("text: two letters", row.last_name[:2]) for row in sample[40:50]],
        *[("text: first and last name", f"{row.email.split('.')[0]} {row.last_name}") for row in sample[50:55]],
    ]
    queries = [(kind, RegisterQuery(text=value)) for kind, value in text]
    alone = [
        RegisterQuery(), RegisterQuery(group_id=rng.choice(groups)), RegisterQuery(group_id=0),
        RegisterQuery(country="GB"), RegisterQuery(country="CH"), RegisterQuery(newsletter=True),
        RegisterQuery(verified=False), RegisterQuery(blocked=True), RegisterQuery(approved_buyer=False),
        RegisterQuery(tax_exempt=True), RegisterQuery(has_orders=False), RegisterQuery(has_orders=True),
        RegisterQuery(created_from=date(2025, 1, 1), created_to=date(2025, 3, 31)),
        RegisterQuery(last_order_from=date(2026, 6, 1)), RegisterQuery(spent_above_cents=200_000),
    ]
    queries += [("filter: one alone", query) for query in alone for _ in range(2)]
    combined = [
        RegisterQuery(country="FR", newsletter=True, has_orders=True),
        RegisterQuery(group_id=rng.choice(groups), verified=True, spent_above_cents=50_000),
        RegisterQuery(blocked=False, approved_buyer=True, tax_exempt=False, country="BE"),
        RegisterQuery(created_from=date(2024, 1, 1), last_order_from=date(2026, 1, 1), group_id=0),
        RegisterQuery(verified=False, has_orders=True, sort="total_spent"),
        RegisterQuery(text=sample[60].last_name, country="FR", verified=True),
        RegisterQuery(text="example.fr", has_orders=True, sort="last_order"),
        RegisterQuery(text=sample[61].last_name, group_id=0, sort="total_spent"),
    ]
    queries += [("filters: combined", query) for query in combined for _ in range(3)]
    for sort in ("total_spent", "last_order", "order_count", "name", "customer_number"):
        for descending in (True, False):
            queries.append(("sort", RegisterQuery(sort=sort, descending=descending)))
            queries.append(("sort + filter", RegisterQuery(sort=sort, descending=descending, newsletter=True)))
    for page in (2, 100, 500, 1000, 1500, 1999, 2000):
        queries.append(("deep page", RegisterQuery(page=page)))
        queries.append(("deep page", RegisterQuery(page=page // 2 or 1, page_size=100, sort="total_spent")))
        queries.append(("deep page", RegisterQuery(page=page // 4 or 1, sort="name", country="FR")))
    deep_text = RegisterQuery(text="mar", sort="total_spent")
    queries += [("deep page", replace(deep_text, page=page)) for page in (5, 20, 40)]
    return queries


def main(argv: list[str]) -> None:
    path = Path(argv[0] if argv else DEFAULT_PATH)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    count = 0
    if path.exists():
        with Session(engine) as db:
            count = db.exec(select(sa.func.count()).select_from(Customer)).one()
    if count < CUSTOMERS:
        engine.dispose()
        path.unlink(missing_ok=True)
        print(f"Building {path} (100,000 customers, 300,000 orders)")
        generate(url)
        engine = make_engine(url)
    else:
        print(f"Reusing {path} ({count:,} customers)")

    rng = random.Random(7)
    with Session(engine) as db:
        queries = _queries(db, rng)
    # Warm-up: the first queries read the database file into the page cache.
    for _, query in queries[:10]:
        with Session(engine) as db:
            search_customers(db, query)

    timings: dict[str, list[float]] = defaultdict(list)
    slowest: list[tuple[float, str, RegisterQuery, int]] = []
    for kind, query in queries:
        with Session(engine) as db:
            started = time.perf_counter()
            page = search_customers(db, query)
            elapsed = (time.perf_counter() - started) * 1000
        timings[kind].append(elapsed)
        slowest.append((elapsed, kind, query, page.total))

    def line(name: str, samples: list[float]) -> str:
        ordered = sorted(samples)
        p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
        return (f"  {name:<28} n={len(samples):<4} p50 {statistics.median(samples):7.1f} ms   p95 {p95:7.1f} ms   "
                f"max {max(samples):7.1f} ms")

    print(f"{len(queries)} register queries (count + one page each), server time:")
    for kind, samples in timings.items():
        print(line(kind, samples))
    everything = [value for samples in timings.values() for value in samples]
    print(line("ALL", everything))
    print("Slowest five:")
    for elapsed, kind, query, total in sorted(slowest, key=lambda item: item[0], reverse=True)[:5]:
        asked = {key: value for key, value in vars(query).items() if value != getattr(RegisterQuery(), key)}
        print(f"  {elapsed:7.1f} ms  {kind:<22} {total:>7,} found  {asked}")
    ordered = sorted(everything)
    p95 = ordered[int(round(0.95 * (len(ordered) - 1)))]
    print(f"Target p95 < {TARGET_MS} ms: {'met' if p95 < TARGET_MS else 'NOT MET'} ({p95:.1f} ms)")
    engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1:])
