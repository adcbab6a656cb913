"""Fixed-window counters in Django's cache (per process with the default local-memory cache; configure a
shared cache such as Redis or the database cache when several workers serve the portal)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def hit(kind: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt for (`kind`, `key`); True while the count is within `limit` for the window."""
    cache_key = f"accounts:rl:{kind}:{hashlib.sha256(key.casefold().encode()).hexdigest()}"
    if cache.add(cache_key, 1, window_seconds):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, window_seconds)
        return True
    return count <= limit
