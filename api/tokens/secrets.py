"""The token secret: `hbl_<prefix>_<random>`. The prefix finds the row, the SHA-256 of the whole secret
proves it (the secret is 256 random bits, so a fast hash is enough: there is nothing to brute-force)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

SECRET_START = "hbl_"  # noqa: S105 (the public marker of a secret)
PREFIX_LENGTH = 8


def new_secret() -> tuple[str, str]:
    """A fresh (secret, prefix)."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    return f"{SECRET_START}{prefix}_{secrets.token_urlsafe(32)}", prefix


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def prefix_of(secret: str) -> str | None:
    """The prefix of a well-formed secret, else None."""
    if not secret.startswith(SECRET_START):
        return None
    prefix, _, rest = secret[len(SECRET_START) :].partition("_")
    return prefix if len(prefix) == PREFIX_LENGTH and rest else None


def matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)
