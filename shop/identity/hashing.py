"""Random secrets and their stored forms: tokens are stored as SHA-256, codes as an HMAC."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from shop.config import get_settings


def new_token() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    # A 256-bit random token needs no salt or stretching: SHA-256 is enough.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_numeric_code(digits: int = 6) -> str:
    return f"{secrets.randbelow(10**digits):0{digits}d}"


def keyed_hash(*parts: str) -> str:
    """HMAC-SHA256 under SECRET_KEY, for short secrets such as codes."""
    message = "\x1f".join(parts).encode("utf-8")
    return hmac.new(get_settings().secret_key.encode("utf-8"), message, hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
