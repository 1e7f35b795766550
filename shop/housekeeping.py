"""Chores the app runs in the background, as a lifespan task: today, deleting guests' old carts."""

from __future__ import annotations

import asyncio
import logging

from shop.catalog.cart import purge_guest_carts
from shop.db import session_scope

log = logging.getLogger("storefront.housekeeping")
EVERY_SECONDS = 3600.0


def tidy_once() -> int:
    with session_scope() as db:
        return purge_guest_carts(db)


async def run_housekeeping() -> None:
    while True:
        try:
            removed = await asyncio.to_thread(tidy_once)
            if removed:
                log.info("deleted %d line(s) of old guest carts", removed)
        except Exception:  # a database hiccup must not stop the chores
            log.exception("housekeeping pass failed; retrying")
        await asyncio.sleep(EVERY_SECONDS)
