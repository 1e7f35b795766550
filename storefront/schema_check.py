"""Reflex's start-up schema check, told what the migrations know.

At every start Reflex compares the models with the database, but without the rules of
`migrations/env.py`: the customer register's full-text index (an FTS5 table and its shadow tables,
made by a migration and kept up to date by triggers, not models) looks to it like six tables to
drop. It then logs "Detected database schema changes. Run reflex db makemigrations": an error on
every `make run`, and advice that would write a migration dropping the index. The message is kept
only when Alembic's own check, with the migrations' rules, also finds the models and the database apart.
"""

from __future__ import annotations

import logging

from shop.migrate import models_match_database

REFLEX_LOGGER = "reflex.utils.prerequisites"
REFLEX_SCHEMA_MESSAGE = "Detected database schema changes"


class OnlyRealSchemaChanges(logging.Filter):
    def __init__(self, db_url: str):
        super().__init__()
        self.db_url = db_url

    def filter(self, record: logging.LogRecord) -> bool:
        if REFLEX_SCHEMA_MESSAGE not in record.getMessage():
            return True
        return not models_match_database(self.db_url)


def check_schema_with_the_migrations_rules(db_url: str) -> None:
    """Installed once per process, however often Reflex reads rxconfig.py."""
    logger = logging.getLogger(REFLEX_LOGGER)
    for installed in [f for f in logger.filters if isinstance(f, OnlyRealSchemaChanges)]:
        logger.removeFilter(installed)
    logger.addFilter(OnlyRealSchemaChanges(db_url))
