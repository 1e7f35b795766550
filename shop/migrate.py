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
