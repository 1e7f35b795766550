"""Alembic environment: migrates the database named by REFLEX_DB_URL to the SQLModel tables."""

import warnings

from alembic import context
from sqlmodel import SQLModel

import shop.models  # noqa: F401  (registers every table)
from shop.config import get_settings
from shop.db import make_engine

target_metadata = SQLModel.metadata
# SQLite cannot reflect the lower(email) indexes; the migrations create them explicitly.
warnings.filterwarnings("ignore", message=".*expression-based index.*")


def include_object(object_, name, type_, reflected, compare_to):
    """The register's full-text index (FTS5 and its shadow tables) is not a model: triggers own it."""
    return not (type_ == "table" and name and name.startswith("customer_search"))


def run_migrations() -> None:
    url = context.config.attributes.get("db_url") or get_settings().db_url
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, render_as_batch=True,
                          literal_binds=True, include_object=include_object)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Batch mode rebuilds SQLite tables; with foreign keys on, dropping the old table would
            # cascade-delete the rows that point at it.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # end SQLAlchemy's implicit transaction, so Alembic's own commits
        # Batch mode lets SQLite alter tables; PostgreSQL ignores it.
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                          include_object=include_object)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
