"""Applies the Alembic migrations programmatically (used by the CLI and the tests)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from shop.config import PROJECT_ROOT, get_settings


def alembic_config(db_url: str | None = None) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["db_url"] = db_url or get_settings().db_url
    return config


def upgrade_database(db_url: str | None = None) -> None:
    command.upgrade(alembic_config(db_url), "head")
    _refresh_search_index(db_url or get_settings().db_url)


def _refresh_search_index(db_url: str) -> None:
    """PostgreSQL: the register's pg_trgm indexes as `search_index` defines them now (idempotent, quick when
    they exist), for a database that ran migration 0005 before they changed."""
    if not db_url.startswith("postgresql"):
        return
    from shop.customers import search_index
    from shop.db import make_engine

    engine = make_engine(db_url)
    with engine.begin() as connection:
        search_index.install(connection)
    engine.dispose()
