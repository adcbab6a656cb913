"""The LAKIP figures of the page and the workbook, cached by data version (reports/figure_cache.py)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from agencies.models import Office

from ..figure_cache import cached_figure
from . import selectors


def province_recap(year: int, today: dt.date | None = None) -> selectors.Recap:
    today = today or timezone.localdate()
    return cached_figure("lakip-recap", year, today, compute=lambda: selectors.province_recap(year, today=today))


def unit_report(year: int, office: Office, today: dt.date | None = None) -> selectors.UnitReport:
    today = today or timezone.localdate()
    return cached_figure(
        "lakip-unit", year, office.pk, today, compute=lambda: selectors.unit_report(year, office, today=today)
    )
