"""The outbox sender as an app lifespan task: polls the outbox off the event loop, never in a handler."""

from __future__ import annotations

import asyncio
import logging

from shop.db import get_engine
from shop.mail.sender import deliver_due_emails

log = logging.getLogger("storefront.mail")
POLL_SECONDS = 2.0


async def run_outbox_sender() -> None:
    engine = get_engine()
    while True:
        try:
            await asyncio.to_thread(deliver_due_emails, engine)
        except Exception:  # a bad row or a database hiccup must not stop the sender
            log.exception("outbox sender pass failed; retrying")
        await asyncio.sleep(POLL_SECONDS)
