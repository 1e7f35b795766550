"""GET /admin/export-file/<token>: an export file, sent to the merchant session that asked for it (once, with a
one-minute grace for a repeated request).

Mounted with the app's api_transformer (storefront/storefront.py). The token is random (32 bytes) and
expires after 15 minutes; the request's `ml_admin` cookie must be the session that started the export,
still signed in and still allowed to export (shop.transfer.export.claim_download).
"""

from __future__ import annotations

import anyio
from reflex.model import get_engine
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from shop.i18n import normalize_language, translate
from shop.merchants import accounts, two_factor
from shop.merchants.permissions import Permission, allows
from shop.routes import ADMIN
from shop.transfer.export import Download, claim_download

EXPORT_FILE_PATH = f"{ADMIN}/export-file/{{token}}"
ADMIN_COOKIE = "ml_admin"  # backoffice.state.auth.ADMIN_COOKIE (not imported: this module loads no State)
PRIVATE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def claim(token: str, session_token: str) -> Download | None:
    """The file, when the cookie's merchant session is alive, may export, and is the one that made it."""
    with Session(get_engine()) as db:
        merchant = accounts.current_merchant(db, session_token)
        db.commit()  # the session's last-seen time
        # As the export itself was (backoffice.state.auth.checked_merchant); that module is a State's.
        if not allows(merchant, Permission.OWNER) or two_factor.setup_required(db, merchant):
            return None
        download = claim_download(token, session_token)
    if download is not None and download.merchant_user_id != merchant.id:
        return None
    return download


async def export_file(request: Request) -> Response:
    token = request.path_params.get("token", "")
    session_token = request.cookies.get(ADMIN_COOKIE, "")
    download = await anyio.to_thread.run_sync(claim, token, session_token)
    if download is None:
        lang = normalize_language(request.cookies.get("ml_lang", ""))
        return PlainTextResponse(translate(lang, "admin.transfer.export.link_gone"), status_code=404,
                                 headers=PRIVATE)
    # The file stays for the link's one-minute repeat window; shop.transfer.export deletes it afterwards.
    return FileResponse(download.path, media_type=download.media_type, filename=download.filename,
                        headers=PRIVATE)


def downloads() -> Starlette:
    """The route's app for Reflex's api_transformer."""
    return Starlette(routes=[Route(EXPORT_FILE_PATH, export_file, methods=["GET"])])
