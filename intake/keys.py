"""Partner API keys: `kidas_<prefix>.<secret>`. Pure functions, no database."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import NamedTuple

KEY_PREFIX = "kidas_"


class NewKey(NamedTuple):
    prefix: str
    secret: str
    key: str
    hashed: str


def hash_key(key: str) -> str:
    # A random 256-bit secret needs no slow hash: SHA-256 of it cannot be guessed back.
    return hashlib.sha256(key.encode()).hexdigest()


def generate_key() -> NewKey:
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    key = f"{KEY_PREFIX}{prefix}.{secret}"
    return NewKey(prefix=prefix, secret=secret, key=key, hashed=hash_key(key))


def split_key(key: str) -> str | None:
    """The prefix of a well-formed key, or None."""
    if not key.startswith(KEY_PREFIX) or "." not in key:
        return None
    prefix, _, secret = key[len(KEY_PREFIX) :].partition(".")
    if len(prefix) != 12 or not secret:
        return None
    return prefix


def key_matches(key: str, hashed: str) -> bool:
    return hmac.compare_digest(hash_key(key), hashed)
