"""Serve `/cart` as it is asked for. Reflex's static export writes both `cart.html` and `cart/index.html`,
and the static server answers `/cart` with a redirect to `/cart/` (a round trip that costs a phone about
600 ms). This ASGI middleware (installed with the app's api_transformer) serves `cart.html` directly."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from starlette.types import ASGIApp, Receive, Scope, Send


@lru_cache(maxsize=1)
def _pages() -> frozenset[str]:
    """'/cart' for every prerendered page file of the build being served ('' when there is none)."""
    from reflex import constants
    from reflex.config import get_config
    from reflex.utils import prerequisites

    root = (prerequisites.get_web_dir() / constants.Dirs.STATIC / get_config().frontend_path.strip("/")).resolve()
    if not root.is_dir():
        return frozenset()
    return frozenset("/" + str(page.relative_to(root).with_suffix("")) for page in Path(root).rglob("*.html")
                     if page.name not in ("index.html", "404.html") and not page.name.startswith("__"))


def page_paths(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if scope.get("method") in ("GET", "HEAD") and path in _pages():
            scope = {**scope, "path": path + ".html", "raw_path": (path + ".html").encode()}
        await app(scope, receive, send)

    return middleware
