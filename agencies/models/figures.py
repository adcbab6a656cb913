"""The version of the data behind the report figures (read by `reports.figure_cache`)."""

from __future__ import annotations

from django.db import models


class FigureDataVersion(models.Model):
    """One row (pk 1): a counter bumped, inside the writing transaction, by every write that can change a
    report figure (ranking, LAKIP, IKP, coverage). Cached figures are keyed by it, so a bump makes every
    cached figure unreachable at the moment the write commits. It lives in the database, not in the cache,
    so that every app server sees it whatever cache it runs with and a cache eviction cannot roll it back."""

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "versi data angka laporan"

    def __str__(self) -> str:
        return f"versi data {self.value}"
