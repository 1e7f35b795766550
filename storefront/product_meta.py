"""The HTML the server sends for /products/<slug>: the product's own title and description, for links
shared and for search engines, and HTTP 404 for a product that does not exist.

Reflex serves one prerendered page for every product; this ASGI middleware (installed with the app's
api_transformer) rewrites the head of that one response. The page itself still renders in the browser.

That page is React Router's fallback for any route, so it names none of the product page's scripts: the browser
found them only after running the router, one round trip later, and the product's image only once the page's
data arrived. The head now preloads both (a phone's first paint and largest paint, issue 11's Lighthouse target).
"""

from __future__ import annotations

import gzip
import html
import json
import re
from http.cookies import SimpleCookie
from typing import NamedTuple

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
MANIFEST = re.compile(rb'<link rel="modulepreload" href="(/assets/manifest-[\w-]+\.js)"/?>')
PRODUCT_ROUTE = "products/:slug"


class Described(NamedTuple):
    title: str
    description: str
    image: str  # the URL of its first image, "" without one


PRIVATE = Described("", "", "")  # a members-only shop tells nothing about its products to the HTML a visitor gets


def describe(slug: str, lang: str) -> Described | None:
    """An active product's title, description and image; None when there is none, PRIVATE in a members-only shop."""
    with session_scope() as db:
        settings = get_store_settings(db)
        if settings.registration_mode == RegistrationMode.MEMBERS_ONLY.value:
            return PRIVATE
        found = products.active_product(db, slug)  # its name, text and image only: no price to compute
        shop_name = settings.shop_name
        if found is None:
            return None
        product, image_path = found
        name, text = localized_text(product, lang)
        image_url = f"/{image_path}" if image_path else ""
    text = " ".join(text.split())
    if len(text) > MAX_DESCRIPTION:
        text = text[:MAX_DESCRIPTION - 1].rsplit(" ", 1)[0] + "…"
    return Described(f"{name} · {shop_name}", text, image_url)


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


def product_route_modules(manifest: bytes) -> list[str]:
    """The scripts of the product page's route, from React Router's manifest (`window.__reactRouterManifest=…;`)."""
    try:
        routes = json.loads(manifest.decode("utf-8").split("=", 1)[1].rstrip().rstrip(";"))["routes"]
        route = next(route for route in routes.values() if route.get("path") == PRODUCT_ROUTE)
        return [str(module) for module in (route["module"], *route.get("imports", []))]
    except (AttributeError, IndexError, KeyError, StopIteration, TypeError, ValueError):
        return []  # not the manifest this was written for: the page goes out without the preloads


def _preloads(page: bytes, modules: list[str], image: str) -> bytes:
    links = [f'<link rel="modulepreload" href="{html.escape(module)}"/>' for module in modules
             if f'href="{module}"'.encode() not in page]
    if image:
        links.append(f'<link rel="preload" as="image" href="{html.escape(image)}"/>')
    return "".join(links).encode("utf-8")


async def _plain_response(app: ASGIApp, scope: Scope, receive: Receive) -> tuple[dict, bytes]:
    """The app's answer to `scope`, uncompressed and held (to be read or rewritten): its start message and body.
    No server extensions either: a file sent by path (pathsend) would bypass the capture."""
    headers = [(name, value) for name, value in scope["headers"] if name != b"accept-encoding"]
    start: dict = {}
    body = bytearray()

    async def capture(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))

    await app({**scope, "headers": headers, "extensions": {}}, receive, capture)
    return start, bytes(body)


async def _get(app: ASGIApp, scope: Scope, path: str) -> bytes | None:
    """The body of GET `path` from the app itself (the build's static files), None unless it answers 200."""
    requested = False

    async def receive() -> Message:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await anyio.sleep_forever()  # no disconnect: the app answers, then stops listening
        raise AssertionError("unreachable")

    start, body = await _plain_response(app, {**scope, "method": "GET", "path": path, "raw_path": path.encode(),
                                              "query_string": b""}, receive)
    return body if start.get("status") == 200 else None


def product_meta(app: ASGIApp) -> ASGIApp:
    route_modules: dict[bytes, list[str]] = {}  # by the manifest's URL, which changes with every build

    async def product_scripts(scope: Scope, page: bytes) -> list[str]:
        found = MANIFEST.search(page)
        if found is None:
            return []
        manifest = found.group(1)
        if manifest not in route_modules:
            body = await _get(app, scope, manifest.decode())
            route_modules[manifest] = product_route_modules(body) if body else []
        return route_modules[manifest]

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        match = PRODUCT_PATH.match(scope.get("path", "")) if scope["type"] == "http" else None
        if match is None or scope.get("method") not in ("GET", "HEAD"):
            await app(scope, receive, send)
            return
        lang = _language(scope)
        described = await anyio.to_thread.run_sync(describe, match.group(1), lang)
        # The plain body, to rewrite it: no precompressed variant for this one page (it is gzipped below).
        gzip_accepted = any(name == b"accept-encoding" and b"gzip" in value.lower() for name, value in scope["headers"])
        start, page = await _plain_response(app, scope, receive)
        content_type = dict(start.get("headers", [])).get(b"content-type", b"")
        if start.get("status") == 200 and content_type.startswith(b"text/html"):
            if described is None:
                start["status"] = 404
                head = _head(translate(lang, "product.not_found_title"), None)
            elif described == PRIVATE:
                head = b""
            else:
                head = _head(described.title, described.description) + \
                    _preloads(page, await product_scripts(scope, page), described.image)
            # The prerendered page has no <title> of its own (Reflex sets it in the browser): add one.
            if head:
                page = DESCRIPTIONS.sub(b"", page)
                page = TITLE.sub(lambda _: head, page, count=1) if TITLE.search(page) else \
                    page.replace(b"</head>", head + b"</head>", 1)
            kept = [(name, value) for name, value in start["headers"] if name not in (b"content-length", b"vary")]
            if gzip_accepted:
                page = gzip.compress(page, compresslevel=6, mtime=0)
                kept.append((b"content-encoding", b"gzip"))
            start["headers"] = [*kept, (b"vary", b"Accept-Encoding"), (b"content-length", str(len(page)).encode())]
        await send(start)
        await send({"type": "http.response.body", "body": page if scope["method"] == "GET" else b""})

    return middleware
