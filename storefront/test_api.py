"""QA's test-only HTTP endpoint: the mailbox of a deployed shop, so a browser suite can read the codes and
links it sends. Served only when STORE_TEST_MODE=1, and never when STORE_ENV=prod.

GET /_test/mailbox?to=ADDRESS&after=ID -> {"latest_id": N, "messages": [{subject, text, code, links...}]}
"""

from __future__ import annotations

import logging

from reflex.model import get_engine
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from shop.config import get_settings
from shop.testing import mailbox

MAILBOX_PATH = "/_test/mailbox"
log = logging.getLogger("storefront")


async def mailbox_endpoint(request: Request) -> JSONResponse:
    to = request.query_params.get("to", "")[:254]
    after = request.query_params.get("after", "0")
    after_id = int(after) if after.isascii() and after.isdigit() and len(after) <= 12 else 0
    with Session(get_engine()) as db:
        return JSONResponse({"latest_id": mailbox.latest_id(db),
                             "messages": mailbox.messages(db, to=to, after_id=after_id)})


def test_api() -> Starlette | None:
    """The endpoint's app for Reflex's api_transformer, or None (the route then does not exist)."""
    settings = get_settings()
    if settings.test_mode_requested and not settings.test_mode:
        log.warning("STORE_TEST_MODE=1 is refused with STORE_ENV=prod: no test endpoint is served")
    return Starlette(routes=[Route(MAILBOX_PATH, mailbox_endpoint)]) if settings.test_mode else None
