"""Chores the app runs in the background, as a lifespan task: deleting guests' old carts and cancelling
bank-transfer orders left unpaid past the shop's delay."""

from __future__ import annotations

import asyncio
import logging

from shop.catalog.cart import purge_guest_carts
from shop.db import session_scope
from shop.orders.orders import expire_unpaid_orders

log = logging.getLogger("storefront.housekeeping")
EVERY_SECONDS = 3600.0


def tidy_once() -> int:
    """One pass; returns how many rows it changed."""
    with session_scope() as db:
        expired = expire_unpaid_orders(db)
        return purge_guest_carts(db) + len(expired)


async def run_housekeeping() -> None:
    while True:
        try:
            removed = await asyncio.to_thread(tidy_once)
            if removed:
                log.info("housekeeping: %d old cart line(s) deleted or unpaid order(s) expired", removed)
        except Exception:  # a database hiccup must not stop the chores
            log.exception("housekeeping pass failed; retrying")
        await asyncio.sleep(EVERY_SECONDS)
