"""End-to-end fixtures: one production build per test session, on a free port, with its own database.

Each test gets a fresh browser context and an `outbox` helper that reads only the emails it caused.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright
from sqlalchemy import func
from sqlmodel import Session, select

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
START_TIMEOUT_SECONDS = 600
# A shared 2-core machine is slow at times: wait generously, never sleep.
expect.set_options(timeout=10_000)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the shop exited early:\n{log_path.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url + "/ping", timeout=2) as ping, \
                    urllib.request.urlopen(url + "/", timeout=5) as home:
                if ping.status == 200 and home.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"the shop did not start in time:\n{log_path.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def shop(tmp_path_factory):
    """Migrate and seed a temporary database, then serve the production build on a free port."""
    workdir = tmp_path_factory.mktemp("shop")
    db_url = f"sqlite:///{workdir / 'e2e.db'}"
    port = _free_port()
    env = {
        **os.environ,
        "REFLEX_DB_URL": db_url,
        "PORT": str(port),
        "STORE_BASE_URL": f"http://localhost:{port}",
        "STORE_ENV": "test",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "REFLEX_CHECK_LATEST_VERSION": "false",
        "REFLEX_USE_SYSTEM_BUN": "1",
    }
    env.pop("RESEND_API_KEY", None)  # emails are captured, never sent, in tests
    for command in (["migrate"], ["seed"]):
        subprocess.run([sys.executable, "-m", "storefront.cli", *command], cwd=PROJECT_ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
    reflex = shutil.which("reflex", path=env["PATH"]) or str(Path(sys.executable).parent / "reflex")
    log_path = workdir / "server.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [reflex, "run", "--env", "prod", "--single-port", "--frontend-port", str(port)],
            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    url = f"http://localhost:{port}"
    try:
        _wait_until_up(url, process, log_path)
        yield {"url": url, "db_url": db_url, "log": log_path}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def shop_db(shop):
    from storefront.db import make_engine

    engine = make_engine(shop["db_url"])
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        options = {"args": CHROMIUM_ARGS}
        if os.path.exists(CHROMIUM):
            options["executable_path"] = CHROMIUM
        browser = playwright.chromium.launch(**options)
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
        from storefront.models import OutboxEmail

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

    def wait_for(self, to: str, count: int = 1, timeout: float = 10.0) -> list:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.emails(to)
            if len(found) >= count:
                return found
            time.sleep(0.2)
        raise AssertionError(f"expected {count} email(s) to {to}, found {len(self.emails(to))}")


@pytest.fixture
def outbox(shop_db):
    return Outbox(shop_db)
