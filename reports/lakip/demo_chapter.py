"""Demo data of the LAKIP chapter (after `demo.seed_targets`): a Renstra period from last year with targets
derived from the yearly targets, budgets on some verified activities, and analyses for Kota Depok."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from agencies.choices import VerificationStatus
from agencies.models import Activity, Office

from ..models import PerformanceTarget
from .models import PerformanceAnalysis, RenstraPeriod, RenstraTarget
from .rules import FLOW, MANUAL_SUM, rule_of

GROWTH = Decimal("1.05")
DEMO_ANALYSIS = {
    "reason": "Realisasi didorong rapat koordinasi rutin dan kegiatan bersama mitra setiap triwulan.",
    "obstacles": "Keterbatasan anggaran perjalanan dinas pada triwulan II.",
    "solutions": "Sebagian rapat koordinasi dilaksanakan secara daring.",
    "follow_up": "Menambah FGD dengan perguruan tinggi dan lembaga pemantau pada tahun berikutnya.",
}


def _renstra_row(period: RenstraPeriod, targets: dict[int, PerformanceTarget], indicator) -> dict:
    first = targets.get(period.start_year) or targets.get(period.start_year + 1)
    values = [targets[y].yearly if y in targets else None for y in period.years[:2]]
    last = values[1] or values[0] or first.yearly
    for _ in range(3):
        last = (last * GROWTH).quantize(Decimal(1)) if indicator.unit.strip() != "%" else min(last + 2, Decimal(100))
        values.append(last)
    cumulative = rule_of(indicator) in (FLOW, MANUAL_SUM)
    end = sum((v for v in values if v is not None), Decimal(0)) if cumulative else values[-1]
    return {"y1": values[0], "y2": values[1], "y3": values[2], "y4": values[3], "y5": values[4], "end_target": end}


@transaction.atomic
def seed_chapter(*, seed: int, today: dt.date) -> int:
    """Renstra targets, budgets and analyses; nothing when a Renstra period exists already."""
    if RenstraPeriod.objects.exists():
        return 0
    rng = random.Random(seed)
    period = RenstraPeriod.objects.create(start_year=today.year - 1, name=f"Renstra {today.year - 1}–{today.year + 3}")
    by_cell: dict[tuple[int, int], dict[int, PerformanceTarget]] = {}
    for target in PerformanceTarget.objects.select_related("indicator"):
        by_cell.setdefault((target.office_id, target.indicator_id), {})[target.year] = target
    rows = []
    for (office_id, indicator_id), targets in by_cell.items():
        indicator = next(iter(targets.values())).indicator
        values = _renstra_row(period, targets, indicator)
        rows.append(RenstraTarget(period=period, office_id=office_id, indicator_id=indicator_id, **values))
    RenstraTarget.objects.bulk_create(rows, batch_size=1000)
    verified = Activity.objects.filter(
        verification_status=VerificationStatus.VERIFIED, end_date__year__gte=today.year - 1
    )
    changed = []
    for activity in verified.order_by("pk")[::3]:
        activity.budget_ceiling = Decimal(rng.randrange(5, 26) * 1_000_000)
        activity.budget_spent = (activity.budget_ceiling * Decimal(rng.randrange(60, 101)) / 100).quantize(
            Decimal(1000)
        )
        activity.budget_line = "5227.QDC.001.052.A.521211"
        changed.append(activity)
    Activity.objects.bulk_update(changed, ["budget_ceiling", "budget_spent", "budget_line"], batch_size=1000)
    depok = Office.objects.get(code="32.76")
    analyses = [
        PerformanceAnalysis(
            indicator_id=i, office=depok, year=today.year - 1, verification_status="verified", **DEMO_ANALYSIS
        )
        for (o, i) in by_cell
        if o == depok.pk
    ]
    PerformanceAnalysis.objects.bulk_create(analyses)
    return len(rows)
