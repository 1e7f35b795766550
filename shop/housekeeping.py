"""Chores the app runs in the background, as a lifespan task: every minute, the "back in stock" emails;
every hour, deleting guests' old carts and cancelling bank-transfer orders left unpaid past the delay."""

from __future__ import annotations

import asyncio
import logging
import time

from shop.catalog.cart import purge_guest_carts
from shop.catalog.stock_alerts import notify_returned
from shop.db import session_scope
from shop.identity.passkeys import delete_old_challenges
from shop.identity.social import delete_old_flows
from shop.orders.orders import expire_unpaid_orders

log = logging.getLogger("storefront.housekeeping")
EVERY_SECONDS = 60.0
HOURLY_SECONDS = 3600.0


def minutely() -> int:
    with session_scope() as db:
        return notify_returned(db)


def hourly() -> int:
    """Returns how many rows it changed."""
    with session_scope() as db:
        expired = expire_unpaid_orders(db)
        return purge_guest_carts(db) + len(expired) + delete_old_challenges(db) + delete_old_flows(db)


async def run_housekeeping() -> None:
    last_hourly = 0.0
    while True:
        try:
            await asyncio.to_thread(minutely)
            if time.monotonic() - last_hourly >= HOURLY_SECONDS:
                last_hourly = time.monotonic()
                changed = await asyncio.to_thread(hourly)
                if changed:
                    log.info("housekeeping: %d old cart line(s) deleted or unpaid order(s) expired", changed)
        except Exception:  # a database hiccup must not stop the chores
            log.exception("housekeeping pass failed; retrying")
        await asyncio.sleep(EVERY_SECONDS)
