"""Database engine for code that runs outside Reflex (CLI, sender, tests) and SQLite tuning for all engines."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool
from sqlmodel import Session, create_engine

from shop.config import get_settings


@sa.event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection, _record) -> None:
    """WAL lets readers and one writer work together; busy_timeout waits instead of failing."""
    module = type(dbapi_connection).__module__
    if "sqlite" not in module:
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@sa.event.listens_for(Pool, "connect")
def _remember_process(_dbapi_connection, record) -> None:
    record.info["pid"] = os.getpid()


@sa.event.listens_for(Pool, "checkout")
def _refuse_inherited_connections(_dbapi_connection, record, proxy) -> None:
    """Several workers are forked from a supervisor that may have opened connections (Reflex imports the app
    before forking): a worker must never use the parent's socket, or two processes talk over one connection
    ("prepared statement already exists", mixed-up results). The pool then opens a fresh one."""
    if record.info.get("pid") != os.getpid():
        record.dbapi_connection = proxy.dbapi_connection = None
        raise sa.exc.DisconnectionError(f"connection opened by process {record.info.get('pid')}, not this one")


def make_engine(url: str) -> Engine:
    connect_args = {"check_same_thread": False} if url.startswith("sqlite") else {}
    return create_engine(url, connect_args=connect_args, pool_pre_ping=True)


@lru_cache(maxsize=4)
def get_engine(url: str | None = None) -> Engine:
    return make_engine(url or get_settings().db_url)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """One transaction: committed on success, rolled back on any error."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
