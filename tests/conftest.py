"""Shared fixtures: every unit test gets a fresh database (SQLite, or PostgreSQL when TEST_DB_URL names a
server) and a fixed secret key.

`TEST_DB_URL=postgresql+psycopg://user:password@host:port/any` (see `scripts/services.sh env`) runs the
tests on PostgreSQL: the tables are created once in a template database per run, and each test gets its own
copy (`CREATE DATABASE ... TEMPLATE`, about 50 ms), dropped afterwards.
"""

from __future__ import annotations

import itertools
import os
import time

os.environ.setdefault("SECRET_KEY", "unit-test-secret-key-of-at-least-32-bytes")
os.environ.setdefault("STORE_ENV", "test")

import pytest  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

import shop.models  # noqa: E402,F401
from shop.db import make_engine  # noqa: E402

TEST_DB_URL = os.environ.get("TEST_DB_URL", "").strip()


@pytest.fixture(scope="session", autouse=True)
def every_state_class_defined():
    """A tab lists its substates once per State class (storefront.state.app.substates_by_making), as the app
    does after importing every page; so every State class exists before a test makes a tab, whichever
    test files run together."""
    import importlib
    import pkgutil

    for package in ("storefront.state", "backoffice.state"):
        for info in pkgutil.iter_modules(importlib.import_module(package).__path__):
            importlib.import_module(f"{package}.{info.name}")


def on_postgres() -> bool:
    return TEST_DB_URL.startswith("postgresql")


class PostgresDatabases:
    """Fresh PostgreSQL databases for tests: copies of one template holding the empty tables."""

    def __init__(self, server_url: str):
        from sqlalchemy.engine import make_url

        self.server = make_url(server_url)
        self.prefix = f"lumen_test_{os.getpid()}"
        self.template = f"{self.prefix}_template"
        self.counter = itertools.count(1)
        self.admin = make_engine(self.server.render_as_string(hide_password=False))
        self.admin = self.admin.execution_options(isolation_level="AUTOCOMMIT")
        self._run(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._run(f'CREATE DATABASE "{self.template}"')
        template_engine = make_engine(self.url(self.template))
        SQLModel.metadata.create_all(template_engine)
        template_engine.dispose()  # no connection may stay open on a template

    def _run(self, statement: str) -> None:
        with self.admin.connect() as connection:
            connection.exec_driver_sql(statement)

    def url(self, name: str) -> str:
        return self.server.set(database=name).render_as_string(hide_password=False)

    def create(self) -> str:
        name = f"{self.prefix}_{next(self.counter)}"
        self._run(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return name

    def drop(self, name: str) -> None:
        import sqlalchemy as sa

        for attempt in range(3):  # a connection of a test's thread may still be closing
            try:
                self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                return
            except sa.exc.DBAPIError:
                if attempt == 2:
                    raise
                time.sleep(0.5)

    def close(self) -> None:
        self.drop(self.template)
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres_databases():
    if not on_postgres():
        pytest.skip("needs PostgreSQL: set TEST_DB_URL (make test-scale does)")
    databases = PostgresDatabases(TEST_DB_URL)
    yield databases
    databases.close()


@pytest.fixture
def engine(request, tmp_path):
    if on_postgres():
        databases = request.getfixturevalue("postgres_databases")
        name = databases.create()
        engine = make_engine(databases.url(name))
        yield engine
        engine.dispose()
        databases.drop(name)
        return
    engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine):
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def cheap_bcrypt(monkeypatch):
    """bcrypt at cost 4 for tests that hash many passwords; test_passwords.py checks the real cost."""
    from shop.identity import passwords

    monkeypatch.setattr(passwords, "BCRYPT_COST", 4)
    passwords._dummy_hash.cache_clear()
    yield
    passwords._dummy_hash.cache_clear()


@pytest.fixture
def make_customer(db, cheap_bcrypt):
    """A verified customer with a password, unless told otherwise."""
    from shop.customers import records
    from shop.identity.passwords import hash_password
    from shop.models import utcnow

    counter = {"n": 0}

    def make(email: str | None = None, password: str | None = "green tea and linen towels", *,
             verified: bool = True, **values):
        counter["n"] += 1
        customer = records.create_customer(
            db, email=email or f"customer{counter['n']}@example.com", first_name=values.pop("first_name", "Camille"),
            last_name=values.pop("last_name", "Martin"), password_hash=hash_password(password) if password else None,
            verified=verified)
        for key, value in values.items():
            setattr(customer, key, value)
        customer.email_verified_at = utcnow() if verified else None
        db.add(customer)
        db.commit()
        return customer

    return make


@pytest.fixture
def outbox(db):
    """The emails written so far, newest last."""
    from sqlmodel import select

    from shop.models import OutboxEmail

    def emails(to: str | None = None):
        query = select(OutboxEmail).order_by(OutboxEmail.id)
        if to:
            query = query.where(OutboxEmail.to_address == to)
        return list(db.exec(query))

    return emails


@pytest.fixture
def store_settings(db):
    from shop.settings.store import get_store_settings

    settings = get_store_settings(db)
    db.commit()
    return settings


@pytest.fixture
def make_product(db):
    """A product for sale: `make_product("mug", price_cents=2400, stock=5, image="images/products/mug.svg")`."""
    from shop.models import Product, ProductImage

    def make(slug: str, *, image: str | None = None, **values):
        values = {"sku": slug.upper(), "name": slug.replace("-", " ").capitalize(), "price_cents": 1000, "stock": 5,
                  **values}
        product = Product(slug=slug, **values)
        db.add(product)
        db.flush()
        if image:
            db.add(ProductImage(product_id=product.id, path=image, alt=product.name))
        db.commit()
        return product

    return make


@pytest.fixture
def merchant(db):
    """A back-office user: ops@example.com / "a long enough password"."""
    from shop.merchants import accounts

    user = accounts.create_merchant(db, "Ops@Example.com", "a long enough password", name="Ops")
    db.commit()
    return user


@pytest.fixture
def cli_db(tmp_path, monkeypatch):
    """An empty database for `python -m shop.cli` (which opens the one REFLEX_DB_URL names); its URL."""
    from shop.config import get_settings
    from shop.db import get_engine

    monkeypatch.setenv("REFLEX_DB_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield get_settings().db_url
    get_settings.cache_clear()
    get_engine.cache_clear()
