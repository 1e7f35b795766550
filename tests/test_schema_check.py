"""Reflex's start-up schema check reports only real differences: not the register's full-text index."""

import logging

import pytest
from alembic import command
from reflex import model as reflex_model
from reflex.utils import prerequisites
from reflex_base.config import get_config
from sqlalchemy import text

from shop.db import make_engine
from shop.migrate import alembic_config, models_match_database, upgrade_database
from storefront.schema_check import REFLEX_LOGGER, REFLEX_SCHEMA_MESSAGE, OnlyRealSchemaChanges


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def reflex_start_up_check(tmp_path, monkeypatch):
    """Runs Reflex's own start-up comparison on a migrated database; returns what it logged."""
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    upgrade_database(url)
    monkeypatch.setattr(get_config(), "db_url", url)
    logger = logging.getLogger(REFLEX_LOGGER)
    collect = Collect()
    logger.addHandler(collect)
    monkeypatch.setattr(logger, "filters", [f for f in logger.filters if not isinstance(f, OnlyRealSchemaChanges)])

    def run(*, with_filter: bool) -> list[str]:
        collect.messages.clear()
        only_real = OnlyRealSchemaChanges(url)
        if with_filter:
            logger.addFilter(only_real)
        try:
            prerequisites.check_schema_up_to_date()
        finally:
            logger.removeFilter(only_real)
            reflex_model._ENGINE.pop(url).dispose()
        return [m for m in collect.messages if REFLEX_SCHEMA_MESSAGE in m]

    run.url = url
    yield run
    logger.removeHandler(collect)


def test_a_migrated_database_starts_without_the_false_alarm(reflex_start_up_check):
    assert reflex_start_up_check(with_filter=False), "Reflex's own check no longer says this: the filter is moot"
    assert models_match_database(reflex_start_up_check.url)
    assert reflex_start_up_check(with_filter=True) == []


def test_a_model_changed_without_a_migration_is_still_reported(reflex_start_up_check):
    engine = make_engine(reflex_start_up_check.url)
    with engine.begin() as connection:  # the database lacks an index a model declares
        connection.execute(text("DROP INDEX ix_shop_order_status"))
    engine.dispose()
    assert not models_match_database(reflex_start_up_check.url)
    assert reflex_start_up_check(with_filter=True)


def test_a_database_behind_the_migrations_does_not_match(tmp_path):
    url = f"sqlite:///{tmp_path / 'behind.db'}"
    upgrade_database(url)
    command.downgrade(alembic_config(url), "-1")
    assert not models_match_database(url)


def test_other_messages_pass(tmp_path):
    record = logging.LogRecord(REFLEX_LOGGER, logging.ERROR, __file__, 1, "Database is not initialized.", None, None)
    assert OnlyRealSchemaChanges(f"sqlite:///{tmp_path / 'none.db'}").filter(record)
