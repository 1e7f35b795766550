"""Apple answers a sign-in by POSTing the code to the redirect URI (`response_mode=form_post`). The callback
is a page, so this ASGI middleware (installed with the app's api_transformer) turns that POST into a 303
redirect to the same page with the answer's fields in the query: the page's on-load then checks them as
for every other provider."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Receive, Scope, Send

CALLBACK = re.compile(r"^/login/social/[a-z]{1,20}/callback$")
FIELDS = ("code", "state", "error")
MAX_BODY = 16 * 1024


async def _read_body(receive: Receive) -> bytes:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if len(body) > MAX_BODY or not message.get("more_body"):
            return body[:MAX_BODY]


def social_form_post(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST" or not CALLBACK.match(scope.get("path", "")):
            await app(scope, receive, send)
            return
        posted = dict(parse_qsl((await _read_body(receive)).decode("utf-8", "replace")))
        query = urlencode({name: posted[name][:2048] for name in FIELDS if name in posted})
        await send({"type": "http.response.start", "status": 303,
                    "headers": [(b"location", f"{scope['path']}?{query}".encode()), (b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})

    return middleware
