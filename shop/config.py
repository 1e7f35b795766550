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


MIN_SECRET_KEY_BYTES = 32


class ConfigurationError(RuntimeError):
    """A setting that would leave the shop unsafe; the message says which and how to fix it."""


def _load_or_create_secret_key() -> str:
    """Use SECRET_KEY, or a key generated once and kept in a git-ignored file."""
    key = os.environ.get("SECRET_KEY", "").strip()
    if not key:
        if not SECRET_KEY_FILE.exists():
            _write_new_key_file()
        key = SECRET_KEY_FILE.read_text().strip()
    if len(key.encode("utf-8")) < MIN_SECRET_KEY_BYTES:
        raise ConfigurationError(
            f"SECRET_KEY must be at least {MIN_SECRET_KEY_BYTES} bytes; "
            'generate one with: python -c "import secrets; print(secrets.token_urlsafe(48))"')
    return key


def _write_new_key_file() -> None:
    """Write the key to a temporary file and rename it into place: no process ever reads a half-written
    key, and of two processes starting together the first rename wins for both (link never overwrites)."""
    temporary = SECRET_KEY_FILE.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(48))
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.link(temporary, SECRET_KEY_FILE)  # fails if another process got there first
    except FileExistsError:
        pass
    finally:
        temporary.unlink()


def _non_negative_int(name: str, default: int = 0) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}")
    return int(raw)


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
    environment: str  # "dev", "test" or "prod"
    trusted_proxy_hops: int  # reverse proxies in front of the shop that set X-Forwarded-For
    test_mode_requested: bool  # STORE_TEST_MODE=1: QA's test-only endpoints

    @property
    def test_mode(self) -> bool:
        """QA's test-only endpoints (the mailbox): asked for, and never in production."""
        return self.test_mode_requested and self.environment != "prod"

    @property
    def mail_is_captured(self) -> bool:
        return not self.resend_api_key

    @property
    def secure_cookies(self) -> bool:
        """Cookies only over HTTPS when the shop is served over HTTPS."""
        return self.store_base_url.startswith("https://")

    @property
    def allowed_origins(self) -> list[str]:
        """Browsers may open the event socket only from the shop's own origin (a local shop answers on
        every loopback name)."""
        base = self.store_base_url
        if base == f"http://localhost:{self.port}":
            return [f"http://{host}:{self.port}" for host in ("localhost", "127.0.0.1", "[::1]")]
        return [base]


def _check_workers(redis_url: str | None) -> None:
    """Several Granian workers keep each tab's state in Redis: without it, each worker would hold its own copy
    and a tab served by two workers would forget who is signed in."""
    workers = _non_negative_int("GRANIAN_WORKERS", 1)
    if workers > 1 and not redis_url:
        raise ConfigurationError(
            f"GRANIAN_WORKERS={workers} needs REFLEX_REDIS_URL (Reflex's Redis state manager); "
            "set it, or run one worker")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    port = int(os.environ.get("PORT", "3000"))
    DEFAULT_DB_PATH.parent.mkdir(parents=True, exist_ok=True)
    redis_url = os.environ.get("REFLEX_REDIS_URL") or None
    _check_workers(redis_url)
    return Settings(
        db_url=os.environ.get("REFLEX_DB_URL") or f"sqlite:///{DEFAULT_DB_PATH}",
        redis_url=redis_url,
        resend_api_key=os.environ.get("RESEND_API_KEY") or None,
        resend_api_url=os.environ.get("RESEND_API_URL") or None,
        mail_from=os.environ.get("MAIL_FROM", "Maison Lumen <shop@maison-lumen.example>"),
        store_base_url=(os.environ.get("STORE_BASE_URL") or f"http://localhost:{port}").rstrip("/"),
        secret_key=_load_or_create_secret_key(),
        port=port,
        environment=os.environ.get("STORE_ENV", "dev"),
        # Reflex's setting (REFLEX_TRUSTED_PROXY_HOPS also works): without it X-Forwarded-For is ignored.
        trusted_proxy_hops=_non_negative_int("TRUSTED_PROXY_HOPS", _non_negative_int("REFLEX_TRUSTED_PROXY_HOPS")),
        test_mode_requested=os.environ.get("STORE_TEST_MODE", "").strip() == "1",
    )
