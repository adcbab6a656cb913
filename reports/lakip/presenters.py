"""Presentation of the Capaian Kinerja page: display strings, links to the records behind figures, the chart."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from . import rules
from . import selectors as lakip

CHART_LABEL, CHART_BARS, CHART_ROW = 64, 330, 48
ACTIVITY_SOURCES = {"activities", "distinct_partners", "monitoring_activities", "violation_reports", "evidence_share"}


def year_choices(selected: int) -> list[int]:
    this_year = timezone.localdate().year
    return sorted({*range(this_year - 4, this_year + 2), selected}, reverse=True)


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
        for index, value in enumerate(result.quarters):
            start, end = rules.quarter_bounds(report.year, index + 1)
            end = min(end, report.measured_on) if report.measured_on else end
            target = result.target.quarters[index] if result.target else None
            quarters.append(
                {
                    "value": rules.format_value(value),
                    "url": _record_url(report, source, start, end) if value is not None else None,
                    "target": None if target is None else rules.format_value(target),
                    "capaian": rules.format_value(result.quarter_capaian[index]),
                }
            )
        year_url = None
        if result.year_value is not None and report.measured_on:
            year_url = _record_url(report, source, rules.quarter_bounds(report.year, 1)[0], report.measured_on)
        rows.append(
            {
                "result": result,
                "target": rules.format_value(result.target.yearly if result.target else None),
                "quarters": quarters,
                "year": rules.format_value(result.year_value),
                "year_url": year_url,
                "capaian": rules.format_value(result.capaian),
                "level": _level(result.capaian),
            }
        )
    return rows


def chart(report: lakip.UnitReport) -> dict:
    """Geometry of the server-rendered SVG bar chart: yearly target vs realisation, one scale per indicator."""
    bars = []
    for index, result in enumerate(report.results):
        target = result.target.yearly if result.target else None
        value = result.year_value
        top = max((v for v in (target, value) if v is not None), default=0)

        def width(v, top=top):
            return 0 if not v or not top else max(2, int(v / top * CHART_BARS))

        y = index * CHART_ROW
        bars.append(
            {
                "code": result.indicator.code,
                "name": result.indicator.name,
                "y": y,
                "target_y": y + 6,
                "value_y": y + 24,
                "target_w": width(target),
                "value_w": width(value),
                "target_text_x": CHART_LABEL + width(target) + 6,
                "value_text_x": CHART_LABEL + width(value) + 6,
                "target_label": "Target belum ditetapkan" if target is None else f"Target {rules.format_value(target)}",
                "value_label": rules.format_value(value),
                "text_y": y + 22,
                "level": _level(result.capaian),
            }
        )
    width = CHART_LABEL + CHART_BARS + 170
    return {"bars": bars, "width": width, "height": max(1, len(bars)) * CHART_ROW + 8, "label_x": CHART_LABEL}


def _cell(result: lakip.IndicatorResult) -> dict:
    return {
        "value": rules.format_value(result.year_value),
        "capaian": rules.format_value(result.capaian),
        "has_capaian": result.capaian is not None,
        "level": _level(result.capaian),
    }


def recap_rows(recap: lakip.Recap) -> dict:
    rows = [{"office": row.office, "cells": [_cell(result) for result in row.results]} for row in recap.rows]
    return {"indicators": recap.indicators, "rows": rows, "total": [_cell(r) for r in recap.total.results]}
