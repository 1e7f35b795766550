"""End-to-end fixtures: the shop (a production build started for the run, or a deployment named by
BASE_URL), a fresh browser context per test, the test mailbox, and what to keep when a test fails.

`make e2e` starts the production build on a free port with its own database; `make e2e BASE_URL=https://…`
runs the same suite against a running shop, where tests that need its database are skipped and say why.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.e2e.mailbox import Mailbox, MailboxUnavailable
from tests.support.shop_server import PROJECT_ROOT, chromium_launch_options, running_shop

# A shared 2-core machine is slow at times: wait generously, never sleep.
expect.set_options(timeout=10_000)
BASE_URL = os.environ.get("BASE_URL", "").rstrip("/")
ARTIFACTS = PROJECT_ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def shop(tmp_path_factory):
    """{"url", "db_url"}: the shop under test. `db_url` is None for a deployment."""
    if BASE_URL:
        yield {"url": BASE_URL, "db_url": None, "log": None, "oidc": None}
        return
    with running_shop(tmp_path_factory.mktemp("shop")) as running:
        yield {"url": running.url, "db_url": running.db_url, "log": running.log, "oidc": running.oidc}


@pytest.fixture(scope="session")
def shop_db(shop):
    """The shop's database, for tests that set up data or check rows directly (a local build only)."""
    if shop["db_url"] is None:
        pytest.skip(f"needs the shop's database, which a deployment ({shop['url']}) does not open to tests")
    from shop.db import make_engine

    engine = make_engine(shop["db_url"])
    yield engine
    engine.dispose()


@pytest.fixture
def mailbox(shop, request):
    """The emails this test causes: from the outbox table locally, from /_test/mailbox on a deployment."""
    try:
        if shop["db_url"] is not None:
            return Mailbox(engine=request.getfixturevalue("shop_db"))
        return Mailbox(base_url=shop["url"])
    except MailboxUnavailable as unavailable:
        pytest.skip(str(unavailable))


@pytest.fixture
def new_customer(shop, browser, request):
    """new_customer("tag", first_name="Jules") -> the email of a verified account whose password is
    PASSWORD. Locally it is written to the shop's database (quick); on a deployment it signs up in a
    browser of its own and verifies the address with the emailed code, so the test runs there too."""
    from tests.e2e.helpers import PASSWORD, create_customer, unique_email
    from tests.e2e.pages import AccountPage, SignUpPage

    def make(tag: str = "customer", *, first_name: str = "Ana", last_name: str = "Lopez") -> str:
        if shop["db_url"] is not None:
            shop_db = request.getfixturevalue("shop_db")
            return create_customer(shop_db, tag, first_name=first_name, last_name=last_name).email
        mail = Mailbox(base_url=shop["url"])  # its own: the sign-up's email is the test's set-up, not its subject
        email = unique_email(tag)
        own_browser = browser.new_context(base_url=shop["url"])
        try:
            page = own_browser.new_page()
            verify = SignUpPage(page).goto().create_account(email, PASSWORD, first_name=first_name,
                                                            last_name=last_name)
            verify.enter_code(mail.wait_for(email).code)
            AccountPage(page).expect_open()
        finally:
            own_browser.close()
        if "mailbox" in request.fixturenames:
            request.getfixturevalue("mailbox").catch_up()
        return email

    return make


@pytest.fixture
def store_setting(shop_db):
    """Change one store setting for a test, and put it back afterwards."""
    from sqlmodel import Session

    from shop.models import StoreSettings

    changed = []

    def change(name: str, value):
        with Session(shop_db) as db:
            settings = db.get(StoreSettings, 1)
            changed.append((name, getattr(settings, name)))
            setattr(settings, name, value)
            db.add(settings)
            db.commit()

    yield change
    with Session(shop_db) as db:
        settings = db.get(StoreSettings, 1)
        for name, value in reversed(changed):
            setattr(settings, name, value)
        db.add(settings)
        db.commit()


@pytest.fixture(scope="session")
def playwright():
    """One Playwright per test run: its sync API cannot be started twice in one process."""
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(**chromium_launch_options())
    yield browser
    browser.close()


@pytest.fixture
def context(browser, shop, request):
    """A fresh browser per test, traced: a failing test leaves its screenshot and trace in test-artifacts/."""
    context = browser.new_context(base_url=shop["url"], viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    context.tracing.start(screenshots=True, snapshots=True, sources=False)
    yield context
    failed = getattr(request.node, "failed_call", False)
    if failed:
        folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-120:]
        folder.mkdir(parents=True, exist_ok=True)
        for index, page in enumerate(context.pages):
            page.screenshot(path=str(folder / f"screenshot-{index}.png"), full_page=True)
        context.tracing.stop(path=str(folder / "trace.zip"))
        request.node.failure_artifacts = folder
    else:
        context.tracing.stop()
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Mark a failed test for the `context` fixture, and link its screenshot and trace in the HTML report."""
    report = yield
    if report.when == "call" and report.failed:
        item.failed_call = True
    if report.when == "teardown" and getattr(item, "failure_artifacts", None) is not None:
        import pytest_html

        folder: Path = item.failure_artifacts
        links = [(shot, f"Screenshot {shot.stem}") for shot in sorted(folder.glob("screenshot-*.png"))]
        links.append((folder / "trace.zip", "Playwright trace (open with: playwright show-trace trace.zip)"))
        report.extras = [*getattr(report, "extras", []),
                         *(pytest_html.extras.url(str(path.relative_to(ARTIFACTS)), name=name) for path, name in links)]
    return report
