"""Password hashing: NFKC, an HMAC pre-hash so nothing past bcrypt's 72 bytes is lost, bcrypt cost 12."""

from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata
from functools import lru_cache

import bcrypt

BCRYPT_COST = 12
SCHEME = "bcrypt-sha256$"
MIN_LENGTH = 8
MAX_LENGTH = 128


def normalize_password(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


def _prehash(password: str) -> bytes:
    # The pre-hash is keyed with a constant, not SECRET_KEY: losing the key must not lock everyone out.
    digest = hmac.new(b"maison-lumen-password", normalize_password(password).encode("utf-8"), hashlib.sha256)
    return base64.b64encode(digest.digest())  # 44 bytes, no NUL


def hash_password(password: str, cost: int | None = None) -> str:
    rounds = cost or BCRYPT_COST  # read at call time, so tests can make hashing cheap
    return SCHEME + bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds=rounds)).decode("ascii")


def verify_password(password: str, stored: str | None) -> bool:
    """Constant work whether or not a hash exists, so timing says nothing about the account."""
    if not stored or not stored.startswith(SCHEME):
        bcrypt.checkpw(_prehash(password), _dummy_hash().encode("ascii"))
        return False
    return bcrypt.checkpw(_prehash(password), stored[len(SCHEME):].encode("ascii"))


def needs_rehash(stored: str | None, cost: int | None = None) -> bool:
    if not stored or not stored.startswith(SCHEME):
        return True
    parts = stored[len(SCHEME):].split("$")
    return len(parts) < 3 or int(parts[2]) != (cost or BCRYPT_COST)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return bcrypt.hashpw(b"not-a-real-password", bcrypt.gensalt(rounds=BCRYPT_COST)).decode("ascii")
