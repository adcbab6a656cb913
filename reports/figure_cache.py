"""Report figures cached by data version (docs/dev/figure-cache.md).

`cached_figure("ranking", period, weights, compute=lambda: compute_ranking(period, weights))` returns the
selector's result from the default cache when the same inputs were computed at the current data version, and
computes and stores it otherwise. The key holds the figure's name, its inputs and the data version
(`agencies.figures`, one database row that every figure-changing write bumps inside its transaction), so a
write makes every cached figure unreachable the moment it commits; nothing is ever deleted, old entries age
out with the cache timeout. The inputs must have a stable `repr` (dates, numbers, strings, dataclasses of
them); a model instance is given by its primary key. Figures that depend on the day take it as an input.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from agencies.figures import bump_data_version, data_version

__all__ = ["bump_data_version", "cached_figure", "cached_html", "data_version", "figure_key"]

T = TypeVar("T")
PREFIX = "hubal:figure"
# Raised when a cached value's layout changes (a dataclass gains a field), so old pickles are never read.
LAYOUT = 2


def figure_key(name: str, *key: object, version: int | None = None) -> str:
    """The cache key of one figure: name, data version and a digest of the inputs' repr."""
    version = data_version() if version is None else version
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:32]
    return f"{PREFIX}:{LAYOUT}:{name}:{version}:{digest}"


def cached_figure(name: str, *key: object, compute: Callable[[], T]) -> T:
    """The figure `name` for inputs `key`: from the cache at the current data version, else computed."""
    cache_key = figure_key(name, *key)
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, settings.HUBAL_FIGURE_CACHE_SECONDS)
    return value


def cached_html(name: str, *key: object, render: Callable[[], str]) -> SafeString:
    """A rendered part of a report page (a table, a chart) cached like a figure: at the current data version, for
    the inputs `key`. Rendering the 27 offices' tables costs more than reading their cached figures (10 ms and
    more per page), and the HTML changes only with the figures. `render` must depend on nothing but the figures
    and `key`: nothing of the request or the user that `key` does not hold (no CSRF token, no messages)."""
    return mark_safe(cached_figure(f"html-{name}", *key, compute=lambda: str(render())))  # noqa: S308 - rendered by our templates
