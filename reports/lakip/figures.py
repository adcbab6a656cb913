"""The LAKIP chapter of the page and the workbook, cached by data version (reports/figure_cache.py).

Everything in it changes only through writes that bump the data version: verified records, indicators, targets,
manual values, the Renstra (periods and targets) and the predicate scale (docs/dev/figure-cache.md).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from agencies.models import Office

from ..figure_cache import cached_figure
from .chapter import Chapter, build_chapter


def chapter(year: int, office: Office, today: dt.date | None = None) -> Chapter:
    today = today or timezone.localdate()
    return cached_figure(
        "lakip-chapter", year, office.pk, today, compute=lambda: build_chapter(year, office, today=today)
    )
