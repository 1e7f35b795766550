"""Settings read from the environment, with safe local defaults (no Reflex import)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "shop.db"
SECRET_KEY_FILE = PROJECT_ROOT / ".secret_key"


def _load_or_create_secret_key() -> str:
    """Use SECRET_KEY, or a key generated once and kept in a git-ignored file."""
    from_env = os.environ.get("SECRET_KEY", "").strip()
    if from_env:
        return from_env
    if SECRET_KEY_FILE.exists():
        return SECRET_KEY_FILE.read_text().strip()
    key = secrets.token_urlsafe(48)
    # O_EXCL: two processes starting together keep the first key written.
    try:
        fd = os.open(SECRET_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return SECRET_KEY_FILE.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


@dataclass(frozen=True)
class Settings:
    db_url: str
    redis_url: str | None
    resend_api_key: str | None
    resend_api_url: str | None
    mail_from: str
    store_base_url: str
    secret_key: str
    port: int
    environment: str  # "dev" or "prod"

    @property
    def mail_is_captured(self) -> bool:
        return not self.resend_api_key


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    port = int(os.environ.get("PORT", "3000"))
    DEFAULT_DB_PATH.parent.mkdir(parents=True, exist_ok=True)
    return Settings(
        db_url=os.environ.get("REFLEX_DB_URL") or f"sqlite:///{DEFAULT_DB_PATH}",
        redis_url=os.environ.get("REFLEX_REDIS_URL") or None,
        resend_api_key=os.environ.get("RESEND_API_KEY") or None,
        resend_api_url=os.environ.get("RESEND_API_URL") or None,
        mail_from=os.environ.get("MAIL_FROM", "Maison Lumen <shop@maison-lumen.example>"),
        store_base_url=(os.environ.get("STORE_BASE_URL") or f"http://localhost:{port}").rstrip("/"),
        secret_key=_load_or_create_secret_key(),
        port=port,
        environment=os.environ.get("STORE_ENV", "dev"),
    )
