"""The LAKIP of one unit and year as plain data: what a published LAKIP freezes and what the LKjIP document is
written from. Figures (selectors), targets, Renstra comparison, predicate scale, budget and analysis texts.

`build_snapshot` reads everything live; `PublishedLakip.snapshot` keeps its result as JSON, so a published LAKIP
is shown and downloaded again from the very same data whatever is verified or changed later. Decimals are kept as
strings (exact), formatted for reading by `snapshot_display.display`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from agencies.models import Office

from . import selectors
from .analysis import analyses_of
from .chapter import Chapter, build_chapter
from .comparison import Comparison

VERSION = 1


def _d(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _indicator_rows(report: selectors.UnitReport, scale) -> list[dict]:
    rows = []
    for result in report.results:
        indicator, target = result.indicator, result.target
        rows.append(
            {
                "code": indicator.code,
                "goal": indicator.strategic_goal,
                "name": indicator.name,
                "unit": indicator.unit,
                "polarity": indicator.polarity,
                "source": indicator.get_source_display(),
                "rule": result.rule_label,
                "target": _d(target.yearly) if target else None,
                "target_quarters": [_d(v) for v in target.quarters] if target else [None] * 4,
                "quarters": [_d(v) for v in result.quarters],
                "year_value": _d(result.year_value),
                "capaian": _d(result.capaian),
                "predicate": scale.predicate(result.capaian),
            }
        )
    return rows


def _comparison(result: Comparison) -> dict:
    rows = []
    for row in result.rows:
        rows.append(
            {
                "code": row.indicator.code,
                "years": [{"year": v.year, "value": _d(v.value), "status": v.status} for v in row.years],
                "change": _d(row.change),
                "change_percent": _d(row.change_percent),
                "trend": row.trend,
                "renstra_target": _d(row.renstra_target),
                "renstra_capaian": _d(row.renstra_capaian),
                "end_target": _d(row.end_target),
                "so_far": _d(row.so_far),
                "cumulative": row.cumulative,
                "end_capaian": _d(row.end_capaian),
            }
        )
    period = result.period
    return {
        "years": list(result.years),
        "period": period.name if period else "",
        "period_label": period.label if period else "",
        "rows": rows,
    }


def _budget(chapter: Chapter) -> dict:
    total = chapter.budget_total
    items = [
        {
            "goal": b.goal,
            "ceiling": _d(b.ceiling),
            "spent": _d(b.spent),
            "records": b.records,
            "absorption": _d(b.absorption),
            "capaian": _d(b.capaian),
            "efficiency": _d(b.efficiency),
            "note": b.note_label,
        }
        for b in chapter.budgets
    ]
    return {"goals": items, "total": {"ceiling": _d(total.ceiling), "spent": _d(total.spent), "records": total.records}}


def _analyses(year: int, office: Office, report) -> dict:
    found = analyses_of(office, year)
    texts = {}
    for result in report.results:
        analysis = found.get(result.indicator.pk)
        if analysis is not None:
            texts[result.indicator.code] = {
                "reason": analysis.reason,
                "obstacles": analysis.obstacles,
                "solutions": analysis.solutions,
                "follow_up": analysis.follow_up,
                "verified": analysis.is_verified,
            }
    return texts


def _recap(recap: selectors.Recap) -> list[dict]:
    """The province's recap: every office's year value and capaian (the province office's own row without)."""
    return [
        {
            "office": row.office.name,
            "own_records": row.office.is_province,
            "cells": [{"value": _d(r.year_value), "capaian": _d(r.capaian)} for r in row.results],
        }
        for row in recap.rows
    ]


def build_snapshot(year: int, office: Office, *, today: dt.date | None = None) -> dict:
    """Every figure and text of the LAKIP chapter of one unit (an office, or the province) for `year`, read live
    (THE chapter selector, not the figure cache: a publication describes the data as it is)."""
    today = today or timezone.localdate()
    chapter = build_chapter(year, office, today=today)
    report, scale = chapter.report, chapter.scale
    return {
        "version": VERSION,
        "year": year,
        "office": {"code": office.code, "name": office.name, "is_province": office.is_province},
        "measured_on": report.measured_on.isoformat() if report.measured_on else None,
        "generated_on": today.isoformat(),
        "scale": scale.as_dict(),
        "indicators": _indicator_rows(report, scale),
        "goals": [
            {"goal": g.goal, "codes": list(g.codes), "capaian": _d(g.capaian), "predicate": g.predicate}
            for g in chapter.goals
        ],
        "comparison": _comparison(chapter.comparison),
        "budget": _budget(chapter),
        "analyses": _analyses(year, office, report),
        "recap": _recap(chapter.recap) if chapter.recap else [],
    }
