"""Presentation of the Capaian Kinerja page: display strings, links to the records behind figures, the chart."""

from __future__ import annotations

from django.db.models import Max, Min
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from agencies.models import Activity, Agreement

from .. import charts
from ..figure_cache import cached_figure
from ..models import ManualRealisation, PerformanceTarget
from . import rules
from . import selectors as lakip

ACTIVITY_SOURCES = {"activities", "distinct_partners", "monitoring_activities", "violation_reports", "evidence_share"}


def years_with_data() -> set[int]:
    """Every year from the first to the last activity (by end) and agreement (by start), and the years holding
    targets or manual values. The first and last dates come from indexes: a DISTINCT over every record's year
    read the whole activity table (≈ 25 ms at scale 10, on every uncached page). A year between two years with
    records is offered even if it happens to hold none (it then shows empty figures, as any year does)."""
    years: set[int] = set()
    for model, name in ((Activity, "end_date"), (Agreement, "start_date")):
        # Query (one per model): the first and last date.
        span = model.objects.aggregate(first=Min(name), last=Max(name))
        if span["first"] is not None:
            years.update(range(span["first"].year, span["last"].year + 1))
    # Query: the years of targets and manual values (a UNION).
    targets = PerformanceTarget.objects.values_list("year", flat=True).order_by()
    years.update(targets.union(ManualRealisation.objects.values_list("year", flat=True).order_by()))
    return years


def year_choices(selected: int, *, planning: bool = False) -> list[int]:
    """Years with data or targets, the current year and the one selected; `planning` (target entry) adds the
    next year so that its targets can be set before it starts."""
    this_year = timezone.localdate().year
    extra = {this_year + 1} if planning else set()
    # Cached by data version: a year only matters here once it holds counted (submitted or verified) data.
    years = cached_figure("lakip-years", compute=years_with_data)
    return sorted({*years, this_year, selected, *extra}, reverse=True)


def _level(value) -> str:
    if value is None:
        return "none"
    return "good" if value >= 100 else ("fair" if value >= 75 else "low")


def _record_url(report: lakip.UnitReport, source: str, start, end) -> str | None:
    """The list of verified records behind a figure (activity or agreement list with the same filters)."""
    office = "" if report.is_province else f"&office={report.office.code}"
    try:
        if source in ACTIVITY_SOURCES:
            monitoring = "&monitoring=1" if source == "monitoring_activities" else ""
            base = reverse("agencies:activity-list")
            return f"{base}?verification=verified&end_from={start}&end_to={end}{office}{monitoring}"
        if source == "agreements_active_end":
            base = reverse("agencies:agreement-list")
            return f"{base}?verification=verified&active_from={end}&active_to={end}{office}"
    except NoReverseMatch:
        return None
    return None


def table_rows(report: lakip.UnitReport) -> list[dict]:
    """Display strings of the quarterly table, with the links to the records behind each figure."""
    rows = []
    for result in report.results:
        source, quarters = result.indicator.source, []
        show = rules.formatter(result.indicator)
        for index, value in enumerate(result.quarters):
            start, end = rules.quarter_bounds(report.year, index + 1)
            end = min(end, report.measured_on) if report.measured_on else end
            target = result.target.quarters[index] if result.target else None
            quarters.append(
                {
                    "value": show(value),
                    "url": _record_url(report, source, start, end) if value is not None else None,
                    "target": None if target is None else show(target),
                    "capaian": rules.format_percent(result.quarter_capaian[index]),
                }
            )
        year_url = None
        if result.year_value is not None and report.measured_on:
            year_url = _record_url(report, source, rules.quarter_bounds(report.year, 1)[0], report.measured_on)
        rows.append(
            {
                "result": result,
                "target": show(result.target.yearly if result.target else None),
                "quarters": quarters,
                "year": show(result.year_value),
                "year_url": year_url,
                "capaian": rules.format_percent(result.capaian),
                "level": _level(result.capaian),
            }
        )
    return rows


def chart(report: lakip.UnitReport) -> str:
    """The SVG bar chart of the page (yearly target vs realisation, one scale per indicator), from `charts`."""
    items = []
    for result in report.results:
        target = result.target.yearly if result.target else None
        show = rules.formatter(result.indicator)
        items.append(
            {
                "code": result.indicator.code,
                "target": target,
                "value": result.year_value,
                "level": _level(result.capaian),
                "target_label": "Target belum ditetapkan" if target is None else f"Target {show(target)}",
                "value_label": show(result.year_value),
            }
        )
    return charts.target_chart(
        items,
        title="Diagram batang target dan realisasi tahunan per indikator; angkanya ada pada tabel di sampingnya",
    )


def _cell(result: lakip.IndicatorResult) -> dict:
    return {
        "value": rules.formatter(result.indicator)(result.year_value),
        "capaian": rules.format_percent(result.capaian),
        "has_capaian": result.capaian is not None,
        "level": _level(result.capaian),
    }


def recap_rows(recap: lakip.Recap) -> dict:
    rows = [{"office": row.office, "cells": [_cell(result) for result in row.results]} for row in recap.rows]
    return {"indicators": recap.indicators, "rows": rows, "total": [_cell(r) for r in recap.total.results]}
