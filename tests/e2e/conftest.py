"""End-to-end fixtures: one production build per test session, on a free port, with its own database.

Each test gets a fresh browser context and an `outbox` helper that reads only the emails it caused.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import func
from sqlmodel import Session, select

from tests.support.shop_server import chromium_launch_options, running_shop

# A shared 2-core machine is slow at times: wait generously, never sleep.
expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def shop(tmp_path_factory):
    """The production build on a free port, once per test session, with a temporary database."""
    with running_shop(tmp_path_factory.mktemp("shop")) as running:
        yield {"url": running.url, "db_url": running.db_url, "log": running.log}


@pytest.fixture(scope="session")
def shop_db(shop):
    from shop.db import make_engine

    engine = make_engine(shop["db_url"])
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium_launch_options())
        yield browser
        browser.close()


@pytest.fixture
def context(browser, shop):
    context = browser.new_context(base_url=shop["url"], viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


class Outbox:
    """The emails this test caused, read from the shop's outbox table."""

    def __init__(self, engine):
        from shop.models import OutboxEmail

        self._engine, self._model = engine, OutboxEmail
        with Session(engine) as db:
            self._first_id = (db.exec(select(func.max(OutboxEmail.id))).one() or 0) + 1

    def emails(self, to: str | None = None) -> list:
        model = self._model
        with Session(self._engine) as db:
            query = select(model).where(model.id >= self._first_id).order_by(model.id)
            if to is not None:
                query = query.where(model.to_address == to.lower())
            return list(db.exec(query))

    def sent_to(self, to: str, count: int = 1) -> list:
        """The emails to `to`. Call it once the page has confirmed the action: an email is written
        in the same transaction as the action that causes it, so it is there by then."""
        found = self.emails(to)
        assert len(found) >= count, f"expected {count} email(s) to {to}, found {len(found)}"
        return found


@pytest.fixture
def outbox(shop_db):
    return Outbox(shop_db)
