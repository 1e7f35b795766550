"""Shared fixtures: every unit test gets a fresh SQLite database and a fixed secret key."""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "unit-test-secret-key")
os.environ.setdefault("STORE_ENV", "test")

import pytest  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

import storefront.models  # noqa: E402,F401
from storefront.db import make_engine  # noqa: E402


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine):
    with Session(engine, expire_on_commit=False) as session:
        yield session
