"""Applies the Alembic migrations programmatically (used by the CLI and the tests)."""

from __future__ import annotations

import io

from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError

from shop.config import PROJECT_ROOT, get_settings


def alembic_config(db_url: str | None = None) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["db_url"] = db_url or get_settings().db_url
    return config


def upgrade_database(db_url: str | None = None) -> None:
    command.upgrade(alembic_config(db_url), "head")
    _refresh_search_index(db_url or get_settings().db_url)


def models_match_database(db_url: str | None = None) -> bool:
    """Alembic's own check, with the migrations' rules (migrations/env.py): the database is at the latest
    revision and no model changed without a migration."""
    config = alembic_config(db_url)
    config.stdout = io.StringIO()  # its "No new upgrade operations detected." is no news at start-up
    try:
        command.check(config)
    except CommandError:  # differences found, or the database is not at the latest revision
        return False
    return True


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
