"""A fresh database for the load test: `python -m bench.load.prepare DB_URL [--customers N] [--merchants M]`.

Empties the database (a SQLite file is deleted; on PostgreSQL the `public` schema is dropped and made
again), applies the migrations, loads the demo data, then adds what the run needs: N verified customers
without a password (they sign in with an emailed code), M merchant users, and stock for every product on
sale (one product stays scarce, so buyers race for it: see `SCARCE_SLUG`).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CUSTOMER_EMAIL = "load-{:05d}@example.com"
MERCHANT_EMAIL = "load-merchant-{:02d}@maison-lumen.example"
MERCHANT_PASSWORD = "linen lamps at dusk 2026"
SCARCE_SLUG = "bud-vase-terracotta"  # restocked a little before each level: the race for the last items
PLENTY = 1_000_000
FIRST_NAMES = ("Ana", "Louis", "Chloé", "Malik", "Inès", "Hugo", "Léa", "Yanis", "Sofia", "Jules", "Nora", "Théo")
LAST_NAMES = ("Lopez", "Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Garcia", "Roux",
              "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine")


@dataclass(frozen=True)
class Prepared:
    customers: list[str]  # emails, in order: each level takes the next ones
    merchants: list[str]
    products: list[str]  # slugs on sale with plenty of stock
    scarce: str


def _cli_env(db_url: str) -> dict[str, str]:
    env = {**os.environ, "REFLEX_DB_URL": db_url, "STORE_ENV": "test",
           "SECRET_KEY": os.environ.get("SECRET_KEY", "load-test-secret-key-of-at-least-32-bytes")}
    env.pop("RESEND_API_KEY", None)
    return env


def empty_database(db_url: str) -> None:
    if db_url.startswith("sqlite"):
        path = Path(sa.engine.make_url(db_url).database)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def prepare(db_url: str, customers: int, merchants: int) -> Prepared:
    empty_database(db_url)
    env = _cli_env(db_url)
    for command in (["migrate"], ["seed"]):
        subprocess.run([sys.executable, "-m", "shop.cli", *command], cwd=PROJECT_ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
    os.environ.setdefault("SECRET_KEY", env["SECRET_KEY"])
    from sqlmodel import Session, select

    from shop.customers.records import create_customer
    from shop.db import make_engine
    from shop.merchants.accounts import create_merchant
    from shop.models import Product

    engine = make_engine(db_url)
    emails = [CUSTOMER_EMAIL.format(index) for index in range(customers)]
    merchant_emails = [MERCHANT_EMAIL.format(index) for index in range(merchants)]
    with Session(engine) as db:
        for index, email in enumerate(emails):
            create_customer(db, email=email, first_name=FIRST_NAMES[index % len(FIRST_NAMES)],
                            last_name=LAST_NAMES[index * 7 % len(LAST_NAMES)], source="import", verified=True)
        for email in merchant_emails:
            create_merchant(db, email, MERCHANT_PASSWORD, name="Load test")
        products = db.exec(select(Product).where(Product.is_active == True)).all()  # noqa: E712
        for product in products:
            product.stock = PLENTY if product.slug != SCARCE_SLUG else 0
            db.add(product)
        slugs = sorted(product.slug for product in products if product.slug != SCARCE_SLUG)
        db.commit()
    engine.dispose()
    return Prepared(customers=emails, merchants=merchant_emails, products=slugs, scarce=SCARCE_SLUG)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db_url")
    parser.add_argument("--customers", type=int, default=800)
    parser.add_argument("--merchants", type=int, default=10)
    args = parser.parse_args(argv)
    prepared = prepare(args.db_url, args.customers, args.merchants)
    print(f"{len(prepared.customers)} customers, {len(prepared.merchants)} merchants, "
          f"{len(prepared.products)} products with plenty of stock, {prepared.scarce} scarce")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
