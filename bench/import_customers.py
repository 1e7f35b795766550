"""Importing a 10,000-row CSV file: `python -m bench.import_customers [ROWS]`.

A fresh SQLite database in a temporary folder (tables, FTS5 register index and its triggers, as the shop
has them) already holds 1,000 customers; the file (UTF-8 with a BOM, `;`, French headers, as French
Excel writes it) has ROWS rows: 1,000 of them are those existing customers (updated), 50 are bad (an
invalid email, phone or VAT number) and the rest are new. The import runs as the back-office runs it:
read_table, guess_mapping, import_customers in "skip the bad rows" mode with "update", in one
transaction, then the commit. Printed: seconds for reading, for the import and its commit, and the report.
Target (issue 12): the whole import under 15 s.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "benchmark-secret-key-of-at-least-32-bytes")
os.environ.setdefault("STORE_ENV", "test")

from sqlmodel import Session, SQLModel, func, select  # noqa: E402

import shop.db  # noqa: E402,F401  (WAL and busy_timeout for every engine)
import shop.models  # noqa: E402,F401
from shop.customers import records  # noqa: E402
from shop.db import make_engine  # noqa: E402
from shop.models import Customer  # noqa: E402
from shop.transfer import customer_import  # noqa: E402

ROWS = 10_000
EXISTING = 1_000
BAD = 50
TARGET_SECONDS = 15.0


def csv_file(rows: int) -> bytes:
    lines = ["E-mail;Prénom;Nom;Société;Téléphone;Newsletter;Langue"]
    for number in range(rows):
        email = f"person{number}@example.com"
        phone = f"06 12 {number // 10_000 % 100:02d} {number // 100 % 100:02d} {number % 100:02d}"
        if number % (rows // BAD) == 7:
            phone = "12"  # a bad row
        lines.append(f"{email};Hélène;Dupont-{number};Maison {number % 50};{phone};oui;fr")
    return ("\ufeff" + "\r\n".join(lines)).encode("utf-8")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else ROWS
    folder = Path(tempfile.mkdtemp())
    engine = make_engine(f"sqlite:///{folder / 'import.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as db:
        for number in range(EXISTING):
            records.create_customer(db, email=f"person{number * (rows // EXISTING)}@example.com", first_name="Old")
        db.commit()
    data = csv_file(rows)
    started = time.perf_counter()
    table = customer_import.read_table(data)
    mapping = customer_import.guess_mapping(table.headers)
    read = time.perf_counter() - started
    with Session(engine) as db:
        result = customer_import.import_customers(db, table, mapping, existing="update", mode="skip_bad")
        db.commit()
        total = time.perf_counter() - started
        customers = db.exec(select(func.count()).select_from(Customer)).one()
    print(f"{rows:,} rows ({len(data) / 2**20:.1f} MB, {table.encoding}, delimiter {table.delimiter!r}), "
          f"mapping {mapping}")
    print(f"read {read:.2f} s; read + check + write + commit {total:.2f} s (target under {TARGET_SECONDS:.0f} s)")
    print(f"report: batch {result.batch}, {result.created:,} created, {result.updated:,} updated, "
          f"{result.rejected} rows refused ({len(result.problems)} problems, first: "
          f"line {result.problems[0].line} {result.problems[0].field} {result.problems[0].key}); "
          f"{customers:,} customers in the database")


if __name__ == "__main__":
    main()
