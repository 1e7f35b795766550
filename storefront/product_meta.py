"""The HTML the server sends for /products/<slug>: the product's own title and description, for links
shared and for search engines, and HTTP 404 for a product that does not exist.

Reflex serves one prerendered page for every product; this ASGI middleware (installed with the app's
api_transformer) rewrites the head of that one response. The page itself still renders in the browser.
"""

from __future__ import annotations

import gzip
import html
import re
from http.cookies import SimpleCookie

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shop.catalog import products
from shop.catalog.products import localized_text
from shop.db import session_scope
from shop.i18n import normalize_language, translate
from shop.models import RegistrationMode
from shop.settings.store import get_store_settings

PRODUCT_PATH = re.compile(r"^/products/([^/]{1,120})/?$")
TITLE = re.compile(rb"<title>.*?</title>", re.S)
# Tags the product's own replace: the shop's description that every page carries, and open-graph copies.
DESCRIPTIONS = re.compile(rb'<meta(?=[^>]*(?:name="description"|property="og:(?:title|description)"))[^>]*>')
SHOP_DESCRIPTION = translate("en", "footer.tagline")
MAX_DESCRIPTION = 160


PRIVATE = ("", "")  # a members-only shop tells nothing about its products to the HTML a visitor gets


def describe(slug: str, lang: str) -> tuple[str, str] | None:
    """(title, description) of an active product, None when there is none, PRIVATE in a members-only shop."""
    with session_scope() as db:
        settings = get_store_settings(db)
        if settings.registration_mode == RegistrationMode.MEMBERS_ONLY.value:
            return PRIVATE
        product = products.active_product(db, slug)  # its name and text only: no price to compute
        shop_name = settings.shop_name
        if product is None:
            return None
        name, text = localized_text(product, lang)
    text = " ".join(text.split())
    if len(text) > MAX_DESCRIPTION:
        text = text[:MAX_DESCRIPTION - 1].rsplit(" ", 1)[0] + "…"
    return f"{name} · {shop_name}", text


def _language(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            cookie = SimpleCookie()
            cookie.load(value.decode("latin-1"))
            if "ml_lang" in cookie:
                return normalize_language(cookie["ml_lang"].value)
    return "en"


def _head(title: str, description: str | None) -> bytes:
    escape = html.escape
    parts = [f"<title>{escape(title)}</title>", f'<meta property="og:title" content="{escape(title)}"/>']
    if description:
        parts += [f'<meta name="description" content="{escape(description)}"/>',
                  f'<meta property="og:description" content="{escape(description)}"/>']
    return "".join(parts).encode("utf-8")


def product_meta(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        match = PRODUCT_PATH.match(scope.get("path", "")) if scope["type"] == "http" else None
        if match is None or scope.get("method") not in ("GET", "HEAD"):
            await app(scope, receive, send)
            return
        lang = _language(scope)
        described = await anyio.to_thread.run_sync(describe, match.group(1), lang)
        # The plain body, to rewrite it: no precompressed variant for this one page (it is gzipped below).
        headers = [(name, value) for name, value in scope["headers"] if name != b"accept-encoding"]
        gzip_accepted = any(name == b"accept-encoding" and b"gzip" in value.lower() for name, value in scope["headers"])
        start: dict = {}
        body = bytearray()

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))

        # No server extensions either: a file sent by path (pathsend) would bypass `capture`.
        await app({**scope, "headers": headers, "extensions": {}}, receive, capture)
        content_type = dict(start.get("headers", [])).get(b"content-type", b"")
        if start.get("status") == 200 and content_type.startswith(b"text/html"):
            if described is None:
                start["status"] = 404
                head = _head(translate(lang, "product.not_found_title"), None)
            elif described == PRIVATE:
                head = b""
            else:
                head = _head(*described)
            page = bytes(body)
            # The prerendered page has no <title> of its own (Reflex sets it in the browser): add one.
            if head:
                page = DESCRIPTIONS.sub(b"", page)
                page = TITLE.sub(lambda _: head, page, count=1) if TITLE.search(page) else \
                    page.replace(b"</head>", head + b"</head>", 1)
            kept = [(name, value) for name, value in start["headers"] if name not in (b"content-length", b"vary")]
            if gzip_accepted:
                page = gzip.compress(page, compresslevel=6, mtime=0)
                kept.append((b"content-encoding", b"gzip"))
            body[:] = page
            start["headers"] = [*kept, (b"vary", b"Accept-Encoding"), (b"content-length", str(len(body)).encode())]
        await send(start)
        await send({"type": "http.response.body", "body": bytes(body) if scope["method"] == "GET" else b""})

    return middleware
