"""A back-office-sized shop for benchmarks: `python -m bench.backoffice_data DB_URL [CUSTOMERS] [ORDERS]`.

100,000 customers (French and British, 1 or 2 addresses each, some in groups, some with the shop's own
number) and 300,000 orders, written with bulk inserts in batches into a database migrated to head. The
register's full-text index is dropped during the load and rebuilt once at the end (one INSERT ... SELECT
instead of one index rewrite per address); the customers' totals are computed at the end with one UPDATE.
Names, streets and cities come from small Faker pools (fr_FR, en_GB) mixed at random: Faker per row would
take minutes. Deterministic (seeded).
"""

from __future__ import annotations

import os
import random
import sys
import time
import unicodedata
from datetime import UTC, datetime, timedelta

os.environ.setdefault("SECRET_KEY", "benchmark-secret-key-of-at-least-32-bytes")
os.environ.setdefault("STORE_ENV", "test")

import sqlalchemy as sa  # noqa: E402
from faker import Faker  # noqa: E402

from shop.customers import search_index  # noqa: E402
from shop.db import make_engine  # noqa: E402
from shop.migrate import upgrade_database  # noqa: E402
from shop.models import Address, Customer, CustomerGroup, Order, OrderCounter  # noqa: E402
from shop.orders.checkout import COUNTER, FIRST_NUMBER, ORDER_PREFIX  # noqa: E402

BATCH = 5_000
DOMAINS = ("example.com", "example.fr", "example.co.uk")
GROUPS = ("Trade", "Interior designers", "Hotels and restaurants", "Friends of the shop", "Export")
COUNTRIES = {"fr_FR": ("FR", "FR", "FR", "BE", "CH"), "en_GB": ("GB", "GB", "GB", "IE", "DE")}
STATUSES = ("received", "paid", "processing", "shipped", "delivered", "delivered", "delivered", "cancelled")
SEARCH_TRIGGERS = ("customer_search_insert", "customer_search_update", "customer_search_delete",
                   "customer_search_address_insert", "customer_search_address_update",
                   "customer_search_address_delete")


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isalnum() and c.isascii()).lower()


def _pools(seed: int) -> dict:
    pools = {}
    for locale in COUNTRIES:
        fake = Faker(locale)
        fake.seed_instance(seed)
        pools[locale] = {
            "first": list({fake.first_name() for _ in range(1500)}),
            "last": list({fake.last_name() for _ in range(3000)}),
            "city": list({fake.city() for _ in range(800)}),
            "street": [fake.street_address() for _ in range(2000)],
            "postcode": [fake.postcode() for _ in range(2000)],
            "company": list({fake.company() for _ in range(1500)}),
        }
    return pools


def _phone(rng: random.Random, locale: str) -> str:
    """An E.164 mobile number, as the shop stores phones."""
    if locale == "fr_FR":
        return f"+33{rng.choice('67')}{rng.randrange(10**8):08d}"
    return f"+447{rng.randrange(10**9):09d}"


def _batches(rows: list[dict]):
    for start in range(0, len(rows), BATCH):
        yield rows[start:start + BATCH]


def generate(url: str, customers: int = 100_000, orders: int = 300_000, *, seed: int = 12) -> None:
    started = time.perf_counter()
    upgrade_database(url)
    engine = make_engine(url)
    rng = random.Random(seed)
    pools = _pools(seed)
    now = datetime.now(UTC)
    sqlite = engine.dialect.name == "sqlite"
    with engine.begin() as connection:
        if sqlite:  # rebuilt once at the end, faster than one rewrite per row
            for trigger in SEARCH_TRIGGERS:
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
            connection.exec_driver_sql("DROP TABLE IF EXISTS customer_search")
        first_id = (connection.execute(sa.select(sa.func.max(Customer.id))).scalar() or 0) + 1
        group_ids = []
        for name in GROUPS:
            found = connection.execute(sa.select(CustomerGroup.id).where(CustomerGroup.name == name)).scalar()
            if found is None:
                found = connection.execute(sa.insert(CustomerGroup).values(name=name, created_at=now)
                                           .returning(CustomerGroup.id)).scalar()
            group_ids.append(found)

        customer_rows, address_rows, created = [], [], {}
        for customer_id in range(first_id, first_id + customers):
            locale = "fr_FR" if rng.random() < 0.6 else "en_GB"
            pool = pools[locale]
            first, last = rng.choice(pool["first"]), rng.choice(pool["last"])
            company = rng.choice(pool["company"]) if rng.random() < 0.25 else ""
            made = now - timedelta(seconds=rng.randrange(30 * 86400, 4 * 365 * 86400))
            created[customer_id] = made
            customer_rows.append({
                "id": customer_id, "customer_number": f"C{customer_id:05d}",
                "own_number": f"ACC-{customer_id:06d}" if rng.random() < 0.1 else None,
                "email": f"{_ascii(first)}.{_ascii(last)}.{customer_id}@{rng.choice(DOMAINS)}",
                "password_hash": None, "first_name": first, "last_name": last, "company": company,
                "vat_number": "", "phone": _phone(rng, locale) if rng.random() < 0.7 else "",
                "language": "fr" if locale == "fr_FR" else "en", "newsletter_opt_in": rng.random() < 0.3,
                "email_verified_at": made if rng.random() < 0.8 else None, "is_blocked": rng.random() < 0.01,
                "approved_buyer": rng.random() < 0.95, "tax_exempt": rng.random() < 0.02, "pay_on_invoice": False,
                "source": "import", "notes": "", "order_count": 0, "total_spent_cents": 0, "last_order_at": None,
                "import_batch": "bench", "group_id": rng.choice(group_ids) if rng.random() < 0.2 else None,
                "created_at": made, "updated_at": made, "last_sign_in_at": None,
            })
            for index in range(1 if rng.random() < 0.6 else 2):
                address_rows.append({
                    "customer_id": customer_id, "name": f"{first} {last}", "company_name": company,
                    "street_address": rng.choice(pool["street"]), "city": rng.choice(pool["city"]), "city_area": "",
                    "postal_code": rng.choice(pool["postcode"]), "sorting_code": "", "country_area": "",
                    "country_code": rng.choice(COUNTRIES[locale]), "phone": customer_rows[-1]["phone"],
                    "is_default_billing": index == 0, "is_default_shipping": index == 0,
                    "created_at": made, "updated_at": made,
                })
        for batch in _batches(customer_rows):
            connection.execute(sa.insert(Customer.__table__), batch)
        for batch in _batches(address_rows):
            connection.execute(sa.insert(Address.__table__), batch)
        print(f"  {customers:,} customers, {len(address_rows):,} addresses  {time.perf_counter() - started:6.1f} s")

        # Orders: seven customers in ten have bought, some many times.
        buyers = rng.sample(range(first_id, first_id + customers), int(customers * 0.7))
        first_number = (connection.execute(sa.select(OrderCounter.value).where(OrderCounter.name == COUNTER))
                        .scalar() or FIRST_NUMBER - 1) + 1
        order_rows = []
        for offset in range(orders):
            customer_id = buyers[int(len(buyers) * rng.random() ** 2)]  # a long tail of frequent buyers
            made = created[customer_id]
            placed = made + (now - made) * rng.random()
            subtotal = rng.randrange(1_500, 60_000)
            shipping = 0 if subtotal >= 6_000 else 590
            order_rows.append({
                "number": f"{ORDER_PREFIX}{first_number + offset}", "customer_id": customer_id,
                "email": customer_rows[customer_id - first_id]["email"], "channel": "online" if rng.random() < 0.85
                else "in_store", "status": rng.choice(STATUSES), "currency": "EUR", "subtotal_cents": subtotal,
                "shipping_cents": shipping, "tax_cents": round((subtotal + shipping) / 6),
                "total_cents": subtotal + shipping, "billing_address_json": "{}", "shipping_address_json": "{}",
                "carrier": "", "tracking_number": "", "tracking_url": "", "language": "fr", "payment_method":
                "bank_transfer", "vat_number": "", "tax_exempt": False, "reverse_charge": False,
                "checkout_token": None, "placed_at": placed, "updated_at": placed,
            })
        for batch in _batches(order_rows):
            connection.execute(sa.insert(Order.__table__), batch)
        last_number = first_number + orders - 1
        if connection.execute(sa.update(OrderCounter).where(OrderCounter.name == COUNTER)
                              .values(value=last_number)).rowcount == 0:
            connection.execute(sa.insert(OrderCounter).values(name=COUNTER, value=last_number))
        print(f"  {orders:,} orders  {time.perf_counter() - started:6.1f} s")

        # The totals, as shop.customers.totals keeps them: placed orders that are not cancelled.
        connection.exec_driver_sql("""
            UPDATE customer SET order_count = t.n, total_spent_cents = t.spent, last_order_at = t.last
            FROM (SELECT customer_id, count(*) AS n, sum(total_cents) AS spent, max(placed_at) AS last
                  FROM shop_order WHERE status != 'cancelled' AND customer_id IS NOT NULL
                  GROUP BY customer_id) AS t
            WHERE t.customer_id = customer.id""")
        search_index.install(connection)
    print(f"  totals and search index  {time.perf_counter() - started:6.1f} s")
    engine.dispose()


def main(argv: list[str]) -> None:
    if not argv:
        print(__doc__)
        raise SystemExit(2)
    customers = int(argv[1]) if len(argv) > 1 else 100_000
    orders = int(argv[2]) if len(argv) > 2 else 300_000
    print(f"Generating {customers:,} customers and {orders:,} orders into {argv[0]}")
    generate(argv[0], customers, orders)


if __name__ == "__main__":
    main(sys.argv[1:])
