"""Demo LAKIP targets (used by `manage.py seed_demo` after the records of `agencies.demo`).

Plausible targets: for the previous and the current year, each office's yearly target is its measured
realisation (projected to the full year for the year in progress) times a factor between 0.85 and 1.3, so the
demo shows capaian above and below 100 %. Quarterly targets follow the indicator's rule: flows are split over
the quarters, stocks and percentages repeat the yearly target, distinct partners use about half of it per quarter.
Manual indicators get a small target and a value for each quarter already past.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from agencies.models import Office

from ..models import ManualRealisation, PerformanceTarget
from . import rules
from . import selectors as lakip

SHARE_TARGETS = (Decimal(75), Decimal(80), Decimal(85), Decimal(90))


def _whole(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _quarters(rule: str, yearly: Decimal, unit: str) -> tuple[Decimal, ...]:
    if rule == rules.FLOW or rule == rules.MANUAL_SUM:
        base = (yearly / 4).quantize(Decimal(1), rounding="ROUND_DOWN")
        return (base, base, base, yearly - 3 * base)
    if unit.strip() != "%" and rule == rules.PERIOD:
        return (_whole(yearly / 2),) * 4
    return (yearly,) * 4


def _yearly(rng: random.Random, result: lakip.IndicatorResult, projection: Decimal) -> Decimal:
    indicator, rule = result.indicator, result.rule
    if indicator.unit.strip() == "%":
        return rng.choice(SHARE_TARGETS)
    if indicator.is_manual:
        return Decimal(rng.choice([2, 3, 4]))
    measured = result.year_value or Decimal(0)
    if rule == rules.FLOW:
        measured *= projection
    return max(Decimal(1), _whole(measured * Decimal(str(rng.uniform(0.85, 1.3)))))


def _manual_values(rng, office: Office, year: int, result, started: int) -> list[ManualRealisation]:
    note = "Rekap triwulan (data demo)."
    return [
        ManualRealisation(
            indicator=result.indicator,
            office=office,
            year=year,
            quarter=q,
            value=Decimal(rng.choice([0, 0, 1, 2])),
            note=note,
        )  # fmt: skip
        for q in range(1, started + 1)
    ]


@transaction.atomic
def seed_targets(*, seed: int, today: dt.date) -> int:
    """Targets (and manual values) for the previous and the current year; nothing when some exist already."""
    if PerformanceTarget.objects.exists():
        return 0
    rng = random.Random(seed)
    targets, manual = [], []
    for year in (today.year - 1, today.year):
        recap = lakip.province_recap(year, today=today)
        started = recap.total.started_quarters
        elapsed = max(1, (min(today, dt.date(year, 12, 31)) - dt.date(year, 1, 1)).days + 1)
        projection = Decimal(365) / Decimal(elapsed)
        units = [(row.office, row.results) for row in recap.rows if not row.office.is_province]
        units.append((recap.total.office, recap.total.results))
        for office, results in units:
            for result in results:
                yearly = _yearly(rng, result, projection)
                q1, q2, q3, q4 = _quarters(result.rule, yearly, result.indicator.unit)
                targets.append(
                    PerformanceTarget(
                        indicator=result.indicator, office=office, year=year, yearly=yearly, q1=q1, q2=q2, q3=q3, q4=q4
                    )
                )
                if result.indicator.is_manual:
                    manual += _manual_values(rng, office, year, result, started)
    bulk_create_with_history(targets, PerformanceTarget, batch_size=1000)
    ManualRealisation.objects.bulk_create(manual, batch_size=1000)
    return len(targets)
