"""A LAKIP snapshot (`snapshot.build_snapshot`, live or published) formatted for reading: the published page and
the LKjIP document show the same strings, in Indonesian notation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..charts import format_number
from . import rules
from .comparison import STATUS_LABELS, TREND_LABELS
from .predicates import Scale

POLARITY_LABELS = {"higher": "semakin tinggi semakin baik", "lower": "semakin rendah semakin baik"}
ANALYSIS_FIELDS = (
    ("reason", "Analisis penyebab keberhasilan/kegagalan"),
    ("obstacles", "Hambatan dan kendala"),
    ("solutions", "Upaya/solusi yang telah dilakukan"),
    ("follow_up", "Rencana tindak lanjut"),
)


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def value(raw: str | None, unit: str) -> str:
    """A figure as the page shows it: percentages with two decimals, counts as they are; '–' without value."""
    shown = rules.format_percent if unit.strip() == "%" else rules.format_value
    return shown(_dec(raw))


def percent(raw: str | None) -> str:
    return rules.format_percent(_dec(raw))


def percent_sign(raw: str | None) -> str:
    return rules.DASH if raw is None else f"{percent(raw)}%"


def rupiah(raw: str | None) -> str:
    return rules.DASH if raw is None else format_number(Decimal(raw).quantize(Decimal(1)), 0)


def ratio(raw: str | None) -> str:
    return rules.DASH if raw is None else format_number(rules.round2(Decimal(raw)), 2)


def signed(raw: str | None, unit: str) -> str:
    if raw is None:
        return rules.DASH
    return ("+" if Decimal(raw) > 0 else "") + value(raw, unit)


def date(raw: str | None) -> str:
    return "" if raw is None else dt.date.fromisoformat(raw).strftime("%d/%m/%Y")


def _indicator(row: dict) -> dict:
    unit = row["unit"]
    return {
        **row,
        "polarity_label": POLARITY_LABELS.get(row["polarity"], ""),
        "target_text": value(row["target"], unit),
        "target_quarters_text": [value(v, unit) for v in row["target_quarters"]],
        "quarters_text": [value(v, unit) for v in row["quarters"]],
        "year_text": value(row["year_value"], unit),
        "capaian_text": percent_sign(row["capaian"]),
        "predicate_text": row["predicate"] or rules.DASH,
    }


def _comparison_row(row: dict, indicator: dict) -> dict:
    unit = indicator["unit"]
    change = signed(row["change"], unit)
    if row["change_percent"] is not None:
        sign = "+" if Decimal(row["change_percent"]) > 0 else ""
        change = f"{change} ({sign}{percent(row['change_percent'])}%)"
    return {
        **row,
        "indicator": indicator,
        "years_text": [
            value(v["value"], unit) + (f" ({STATUS_LABELS[v['status']]})" if STATUS_LABELS[v["status"]] else "")
            for v in row["years"]
        ],
        "change_text": change,
        "trend_text": TREND_LABELS.get(row["trend"], ""),
        "renstra_target_text": value(row["renstra_target"], unit),
        "renstra_capaian_text": percent_sign(row["renstra_capaian"]),
        "end_target_text": value(row["end_target"], unit),
        "so_far_text": value(row["so_far"], unit) + (" (kumulatif)" if row["cumulative"] else ""),
        "end_capaian_text": percent_sign(row["end_capaian"]),
    }


def display(snapshot: dict) -> dict:
    """Every string the published page and the document print, computed once from the snapshot."""
    indicators = [_indicator(row) for row in snapshot["indicators"]]
    by_code = {row["code"]: row for row in indicators}
    comparison = snapshot["comparison"]
    budget = snapshot["budget"]
    goals = [
        {**g, "capaian_text": percent_sign(g["capaian"]), "predicate_text": g["predicate"] or "–"}
        for g in snapshot["goals"]
    ]
    budget_rows = [
        {
            **b,
            "ceiling_text": rupiah(b["ceiling"]),
            "spent_text": rupiah(b["spent"]),
            "absorption_text": percent_sign(b["absorption"]),
            "capaian_text": percent_sign(b["capaian"]),
            "efficiency_text": ratio(b["efficiency"]),
        }
        for b in budget["goals"]
    ]
    analyses = {
        code: {**texts, "items": [(label, texts[name]) for name, label in ANALYSIS_FIELDS if texts.get(name)]}
        for code, texts in snapshot["analyses"].items()
    }
    for row in indicators:
        row["analysis"] = analyses.get(row["code"])
    units = [row["unit"] for row in indicators]
    recap = [
        {
            "office": row["office"] + (" (data sendiri)" if row["own_records"] else ""),
            "cells": [
                value(cell["value"], unit) + (f"\n{percent(cell['capaian'])}%" if cell["capaian"] is not None else "")
                for cell, unit in zip(row["cells"], units, strict=False)
            ],
        }
        for row in snapshot.get("recap", [])
    ]
    return {
        "year": snapshot["year"],
        "office": snapshot["office"],
        "unit_name": "Seluruh Jawa Barat" if snapshot["office"]["is_province"] else snapshot["office"]["name"],
        "measured_on": date(snapshot["measured_on"]),
        "bands": Scale.from_dict(snapshot["scale"]).bands(),
        "indicators": indicators,
        "goals": goals,
        "comparison": {
            **comparison,
            "rows": [
                _comparison_row(row, by_code[row["code"]]) for row in comparison["rows"] if row["code"] in by_code
            ],
        },
        "budget": {
            "rows": budget_rows,
            "total_ceiling": rupiah(budget["total"]["ceiling"]),
            "total_spent": rupiah(budget["total"]["spent"]),
            "total_records": budget["total"]["records"],
        },
        "analyses": analyses,
        "recap": recap,
    }
