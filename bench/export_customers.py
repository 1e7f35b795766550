"""Exporting 100,000 customers: `python -m bench.export_customers [CUSTOMERS]`.

The database (SQLite, in /tmp, reused while it has the right number of customers) is filled by a quick
bulk generator of its own: faker makes small pools of names, companies, cities and streets, and rows are
combinations of them, inserted with executemany; a few customers have names that start with "=", "+" or
"-" so the formula escaping is exercised. (bench/backoffice_data.py makes a fuller register, with
orders; this benchmark only needs customers and addresses.) About 70 % of customers have an address.

Each format is exported in a fresh Python process with shop.transfer.export.write_export, as the
back-office does: once timed, with the growth of the process's peak RSS (resource.getrusage) over its
RSS just before; then once more under tracemalloc (which slows it down) for the Python heap's peak
(not for XLSX: openpyxl under tracemalloc takes minutes; its RSS growth is the figure).
Targets (issue 12): CSV under 5 s; peak memory growth under 100 MB.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "benchmark-secret-key-of-at-least-32-bytes")
os.environ.setdefault("STORE_ENV", "test")

import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

import shop.db  # noqa: E402,F401  (WAL and busy_timeout for every engine)
import shop.models  # noqa: E402,F401
from shop.customers.register import RegisterQuery  # noqa: E402
from shop.db import make_engine  # noqa: E402
from shop.models import Address, Customer, CustomerGroup  # noqa: E402
from shop.transfer import export  # noqa: E402

CUSTOMERS = 100_000
TARGET_CSV_SECONDS = 5.0
TARGET_GROWTH_MB = 100
DB_PATH = Path(tempfile.gettempdir()) / "maison-lumen-bench-customers.db"


def _rss_mb() -> float:
    """The process's current resident size (Linux), in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def fill(engine: sa.Engine, customers: int) -> None:
    from faker import Faker

    fake = Faker(["fr_FR", "en_GB"])
    Faker.seed(12)
    rng = random.Random(12)
    firsts = [fake.first_name() for _ in range(500)] + ["=HYPERLINK(\"http://x\")", "+Anne", "-Jo"]
    lasts = [fake.last_name() for _ in range(2_000)]
    companies = [""] * 6 + [fake.company() for _ in range(500)]
    cities = [(fake.city(), fake.postcode()) for _ in range(1_000)]
    streets = [fake.street_address() for _ in range(2_000)]
    start = datetime(2022, 1, 1, tzinfo=UTC)
    with Session(engine) as db:
        db.add_all([CustomerGroup(name="Trade"), CustomerGroup(name="Wholesale")])
        db.commit()
    customer_rows, address_rows = [], []
    for number in range(1, customers + 1):
        first, last = rng.choice(firsts), rng.choice(lasts)
        created = start + timedelta(minutes=number * 7)
        orders = rng.choice((0, 0, 1, 2, 5))
        customer_rows.append({
            "id": number, "customer_number": f"C{number:05d}", "email": f"customer{number}@example.com",
            "password_hash": None, "first_name": first, "last_name": last, "company": rng.choice(companies),
            "vat_number": "", "phone": f"+3361{number:07d}" if number % 3 == 0 else "", "language": "fr",
            "newsletter_opt_in": number % 4 == 0, "email_verified_at": created if number % 5 else None,
            "is_blocked": number % 97 == 0, "approved_buyer": True, "tax_exempt": False, "pay_on_invoice": False,
            "source": "signup", "notes": "", "order_count": orders, "total_spent_cents": orders * 4_250,
            "last_order_at": created + timedelta(days=3) if orders else None, "import_batch": "",
            "group_id": rng.choice((None, None, None, 1, 2)), "created_at": created, "updated_at": created,
        })
        if number % 10 < 7:
            city, postcode = rng.choice(cities)
            address_rows.append({
                "customer_id": number, "name": f"{first} {last}", "company_name": "", "street_address":
                rng.choice(streets), "city": city, "city_area": "", "postal_code": postcode, "sorting_code": "",
                "country_area": "", "country_code": rng.choice(("FR", "FR", "FR", "BE", "DE")), "phone": "",
                "is_default_billing": True, "is_default_shipping": True, "created_at": created,
                "updated_at": created,
            })
    with engine.begin() as connection:
        for chunk in range(0, len(customer_rows), 10_000):
            connection.execute(sa.insert(Customer.__table__), customer_rows[chunk:chunk + 10_000])
        for chunk in range(0, len(address_rows), 10_000):
            connection.execute(sa.insert(Address.__table__), address_rows[chunk:chunk + 10_000])


def database(customers: int) -> str:
    url = f"sqlite:///{DB_PATH}"
    if DB_PATH.exists():
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                count = connection.execute(sa.text("SELECT count(*) FROM customer")).scalar_one()
        except sa.exc.OperationalError:
            count = -1
        engine.dispose()
        if count == customers:
            print(f"reusing {DB_PATH} ({customers:,} customers)")
            return url
        DB_PATH.unlink()
    started = time.perf_counter()
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    fill(engine, customers)
    engine.dispose()
    print(f"made {DB_PATH} with {customers:,} customers in {time.perf_counter() - started:.1f} s")
    return url


def export_once(url: str, fmt: str) -> None:
    """Run in a child process: one timed export (RSS watched), then one under tracemalloc; one line of figures."""
    engine = make_engine(url)
    out = Path(tempfile.mkdtemp()) / f"customers.{fmt}"
    with Session(engine) as db:
        db.exec(sa.select(1)).all()  # connect first: the connection is not the export's memory
        rss_before = _rss_mb()
        started = time.perf_counter()
        count = export.write_export(db, RegisterQuery(), fmt, out, delimiter=";", lang="fr")
        seconds = time.perf_counter() - started
        growth = _peak_rss_mb() - rss_before
        size = out.stat().st_size / 2**20
        traced = "n/a (openpyxl under tracemalloc takes minutes)"
        if fmt != "xlsx":
            tracemalloc.start()
            export.write_export(db, RegisterQuery(), fmt, out, delimiter=";", lang="fr")
            traced = f"{tracemalloc.get_traced_memory()[1] / 2**20:6.1f} MB"
            tracemalloc.stop()
    out.unlink()
    print(f"{fmt:5} {count:>8,} customers  {seconds:6.2f} s  file {size:6.1f} MB  "
          f"RSS peak growth {growth:6.1f} MB  tracemalloc peak {traced}")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        export_once(sys.argv[2], sys.argv[3])
        return
    customers = int(sys.argv[1]) if len(sys.argv) > 1 else CUSTOMERS
    url = database(customers)
    print(f"targets: CSV under {TARGET_CSV_SECONDS:.0f} s, peak memory growth under {TARGET_GROWTH_MB} MB")
    for fmt in export.FORMATS:
        subprocess.run([sys.executable, "-m", "bench.export_customers", "--one", url, fmt], check=True)


if __name__ == "__main__":
    main()
