"""Live order status: a change to an order reaches the pages that show it, whichever worker serves them.

On PostgreSQL every flush that changes an order sends `NOTIFY order_changed, '<number>'` in the same
transaction (so it is delivered at commit, never for a rolled-back change, and no code path can forget it).
Each worker process keeps one listening connection (a daemon thread) and wakes the pages waiting for that
number. On SQLite there is nothing to listen to: the page falls back to polling the order's version stamp.

No Reflex import: the State awaits `wait_for_change` and re-reads the order when it returns.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.orm import Session as OrmSession

from shop.orders.models import Order

log = logging.getLogger("storefront.live")

CHANNEL = "order_changed"
RECONNECT_SECONDS = 2.0


def _is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


def push_enabled(db_url: str) -> bool:
    """Push on PostgreSQL unless STORE_LIVE_ORDERS=poll (benchmarks compare both on one database)."""
    return _is_postgres(db_url) and os.environ.get("STORE_LIVE_ORDERS", "push").strip().lower() != "poll"


@sa.event.listens_for(OrmSession, "after_flush")
def _announce_changed_orders(session: OrmSession, _flush_context) -> None:
    """Queue a NOTIFY for each changed order; PostgreSQL delivers it when the transaction commits."""
    numbers = {obj.number for obj in session.dirty
               if isinstance(obj, Order) and obj.number and session.is_modified(obj)}
    if not numbers:
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return
    for number in sorted(numbers):
        connection.execute(sa.text("SELECT pg_notify(:channel, :number)"), {"channel": CHANNEL, "number": number})


class OrderChanges:
    """One LISTEN connection per process, and the pages waiting on it: {number: {(loop, event)}}."""

    def __init__(self, db_url: str):
        self._dsn = sa.engine.make_url(db_url).set(drivername="postgresql").render_as_string(hide_password=False)
        self._waiters: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Event]]] = defaultdict(set)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0

    def _ensure_listening(self) -> None:
        with self._lock:
            # A forked worker does not inherit the thread: it starts its own.
            if self._thread is not None and self._thread.is_alive() and self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._thread = threading.Thread(target=self._listen_forever, name="order-changes", daemon=True)
            self._thread.start()

    def _listen_forever(self) -> None:
        import psycopg

        while True:
            try:
                # TCP keepalives: a connection that died silently (a network cut) is noticed and replaced.
                with psycopg.connect(self._dsn, autocommit=True, keepalives=1, keepalives_idle=30,
                                     keepalives_interval=10, keepalives_count=3) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    # Anything sent while this connection was down is unknown: every waiter re-reads.
                    self._wake_all()
                    for notice in connection.notifies():
                        self._wake(notice.payload)
            except Exception:  # the database restarted or the network broke: listen again shortly
                log.warning("order change listener lost its connection; reconnecting", exc_info=True)
            threading.Event().wait(RECONNECT_SECONDS)

    def _wake(self, number: str) -> None:
        with self._lock:
            waiters = list(self._waiters.get(number, ()))
        for loop, event in waiters:
            loop.call_soon_threadsafe(event.set)

    def _wake_all(self) -> None:
        with self._lock:
            waiters = [waiter for group in self._waiters.values() for waiter in group]
        for loop, event in waiters:
            loop.call_soon_threadsafe(event.set)

    def subscribe(self, number: str) -> Subscription:
        """Wake-ups for one order, from now on (subscribe first, then read the order: nothing is missed)."""
        self._ensure_listening()
        subscription = Subscription(self, number, asyncio.get_running_loop())
        with self._lock:
            self._waiters[number].add(subscription.waiter)
        return subscription

    def _unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            group = self._waiters.get(subscription.number)
            if group is not None:
                group.discard(subscription.waiter)
                if not group:
                    del self._waiters[subscription.number]

    def waiting(self) -> int:
        with self._lock:
            return sum(len(group) for group in self._waiters.values())


class Subscription:
    """`async with changes.subscribe(number) as changed: await changed.wait(60)`."""

    def __init__(self, changes: OrderChanges, number: str, loop: asyncio.AbstractEventLoop):
        self.changes, self.number = changes, number
        self.event = asyncio.Event()
        self.waiter = (loop, self.event)

    async def wait(self, timeout: float) -> bool:
        """True when the order (may have) changed since the last wait, False after `timeout` seconds of quiet."""
        try:
            await asyncio.wait_for(self.event.wait(), timeout)
        except TimeoutError:
            return False
        self.event.clear()
        return True

    async def __aenter__(self) -> Subscription:
        return self

    async def __aexit__(self, *_exc) -> None:
        self.changes._unsubscribe(self)


_changes: dict[str, OrderChanges] = {}


def order_changes(db_url: str) -> OrderChanges:
    """The process's listener for this database."""
    if db_url not in _changes:
        _changes[db_url] = OrderChanges(db_url)
    return _changes[db_url]
