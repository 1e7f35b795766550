"""The customer's open order page following a status set in the back-office: pushed or polled.

`python -m bench.live_status [PAGES] [ROUNDS] [WINDOW_SECONDS]` starts the production build three times:
SQLite with one worker (the page polls every 2 s), and PostgreSQL + Redis with 2 workers, once with the poll
forced (`STORE_LIVE_ORDERS=poll`) and once with the push (LISTEN/NOTIFY). In each, PAGES customers (20)
have their order page open over the real event socket (spread over the workers), and ROUNDS (20) times a
status is set on one of the orders from this process, as the back-office does (the order service, its own
transaction). It prints:
- the latency from the commit to the update reaching that page's socket: median, p95, max;
- on PostgreSQL, the database transactions per open page per minute (from `pg_stat_database`, with the
  pages open minus with none open, over WINDOW_SECONDS each, 60 by default). A poll round is one
  transaction with three queries (the sign-in session, its customer, the order's stamp).

PostgreSQL and Redis come from `scripts/services.sh` (started if needed). Figures only, no pass/fail.
"""

from __future__ import annotations

import os
import queue
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "benchmark-secret-key-of-at-least-32-bytes")
os.environ.setdefault("STORE_ENV", "test")

import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from bench.stats import p95  # noqa: E402
from shop.customers import records  # noqa: E402
from shop.db import make_engine  # noqa: E402
from shop.identity import sessions  # noqa: E402
from shop.models import Order, Product  # noqa: E402
from shop.orders import orders  # noqa: E402
from storefront.state.orders import OrdersState  # noqa: E402
from storefront.state.shop import ShopState  # noqa: E402
from tests.support.reflex_socket import ReflexSocket  # noqa: E402
from tests.support.shop_server import PROJECT_ROOT, running_shop  # noqa: E402

ORDER_VAR = "order_rx_state_"


def _customers_with_orders(engine, count: int) -> list[tuple[str, str]]:
    """(session token, order number) of `count` new customers with one order each."""
    made = []
    with Session(engine) as db:
        product = db.exec(select(Product).where(Product.slug == "stoneware-mug-sage")).one()
        for _ in range(count):
            customer = records.create_customer(db, email=f"live-{uuid.uuid4().hex[:10]}@example.com",
                                               first_name="Live", password_hash=None, verified=True)
            order = orders.create_order(db, email=customer.email, customer_id=customer.id,
                                        lines=[(product, 1, 2400)])
            made.append((sessions.start_session(db, customer_id=customer.id), order.number))
        db.commit()
    return made


class OpenPage:
    """One tab on /account/orders/<number>, read by its own thread: when did the order last change?"""

    def __init__(self, url: str, token: str, number: str):
        self.number = number
        client_vars = {f"{ShopState.get_full_name()}.browser_token_rx_state_": token}
        self.socket = ReflexSocket(url, client_vars=client_vars, path=f"/account/orders/{number}")
        self.updates: queue.Queue[float] = queue.Queue()
        self.stopped = False
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        state = OrdersState.get_full_name()
        while not self.stopped:
            try:
                update = self.socket.next_update()
            except Exception:  # noqa: BLE001 - closed at the end, or a timeout while quiet
                if self.stopped:
                    return
                continue
            if ORDER_VAR in update.get("delta", {}).get(state, {}):
                self.updates.put(time.perf_counter())

    def close(self) -> None:
        self.stopped = True
        self.socket.close()


def _set_status(engine, number: str, status: str) -> float:
    with Session(engine) as db:
        order = db.exec(select(Order).where(Order.number == number)).one()
        orders.set_status(db, order, status)
        started = time.perf_counter()
        db.commit()
    return started


def _transactions(engine, database: str) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT xact_commit + xact_rollback FROM pg_stat_database "
                                          "WHERE datname = :name"), {"name": database}).scalar_one()


def _per_page_per_minute(engine, database: str, pages: int, window: float, close) -> float:
    """Transactions a minute with the pages open, minus with none open, per page."""
    before = _transactions(engine, database)
    time.sleep(window)
    with_pages = _transactions(engine, database) - before
    close()
    time.sleep(3)  # the watches end with their sockets
    before = _transactions(engine, database)
    time.sleep(window)
    without = _transactions(engine, database) - before
    # Each sample itself is one transaction of this process's own: the same in both windows.
    return (with_pages - without) / pages * 60 / window


def measure(label: str, shop, pages: int, rounds: int, window: float, postgres: bool) -> None:
    engine = make_engine(shop.db_url)
    tabs = [OpenPage(shop.url, token, number) for token, number in _customers_with_orders(engine, pages)]
    time.sleep(3)  # every page's watch is running
    for tab in tabs:
        while not tab.updates.empty():
            tab.updates.get_nowait()
    latencies = []
    for index in range(rounds):
        tab = tabs[index % len(tabs)]
        started = _set_status(engine, tab.number, "processing" if index % 2 == 0 else "paid")
        try:
            latencies.append(tab.updates.get(timeout=90) - started)
        except queue.Empty:
            print(f"  {label}: round {index}: no update within 90 s")
        time.sleep(random.uniform(0.3, 2.3))  # at any moment of the pages' 2-second poll cycle
    if latencies:
        median = statistics.median(latencies) * 1000
        high = p95(latencies) * 1000 if len(latencies) > 1 else latencies[0] * 1000
        print(f"  {label:<42} latency n={len(latencies):<3} median {median:7.0f} ms   p95 {high:7.0f} ms"
              f"   max {max(latencies) * 1000:7.0f} ms")

    def close_all():
        for tab in tabs:
            tab.close()

    if postgres:
        database = sa.engine.make_url(shop.db_url).database
        rate = _per_page_per_minute(engine, database, pages, window, close_all)
        print(f"  {label:<42} database transactions per open page per minute: {rate:.1f}")
    else:
        close_all()
        print(f"  {label:<42} database transactions per open page per minute: 30 by construction "
              "(one poll every 2 s)")
    engine.dispose()


def _services_env() -> dict[str, str]:
    script = PROJECT_ROOT / "scripts" / "services.sh"
    subprocess.run([str(script), "start"], check=True)
    lines = subprocess.run([str(script), "env"], check=True, capture_output=True, text=True).stdout.split()
    return dict(line.split("=", 1) for line in lines)


@contextmanager
def _environment(**values: str):
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def main(argv: list[str]) -> int:
    pages = int(argv[0]) if argv else 20
    rounds = int(argv[1]) if len(argv) > 1 else 20
    window = float(argv[2]) if len(argv) > 2 else 60.0
    services = _services_env()
    scale = {"TEST_DB_URL": services["REFLEX_DB_URL"], "TEST_REDIS_URL": services["REFLEX_REDIS_URL"],
             "TEST_WORKERS": "2"}
    print(f"Live order status: {pages} open order pages, {rounds} status changes, {window:.0f} s windows")
    sqlite = {"TEST_DB_URL": "", "TEST_REDIS_URL": "", "TEST_WORKERS": ""}
    runs = [("SQLite, 1 worker, poll every 2 s", sqlite, {}, False),
            ("PostgreSQL + Redis, 2 workers, poll", scale, {"STORE_LIVE_ORDERS": "poll"}, True),
            ("PostgreSQL + Redis, 2 workers, push", scale, {"STORE_LIVE_ORDERS": "push"}, True)]
    for label, outer, server_env, postgres in runs:
        with _environment(**outer), tempfile.TemporaryDirectory() as workdir, \
                running_shop(Path(workdir), **server_env) as shop:
            measure(label, shop, pages, rounds, window, postgres)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
