"""Display strings of the multi-year comparison (page and published snapshot), Indonesian notation."""

from __future__ import annotations

from decimal import Decimal

from . import rules
from .comparison import Comparison, ComparisonRow


def signed(value: Decimal | None, show) -> str:
    if value is None:
        return rules.DASH
    return ("+" if value > 0 else "") + show(value)


def comparison_row(row: ComparisonRow) -> dict:
    show = rules.formatter(row.indicator)
    years = [{"value": show(v.value), "note": v.status_label} for v in row.years]
    change_percent = signed(row.change_percent, rules.format_percent)
    return {
        "code": row.indicator.code,
        "name": row.indicator.name,
        "unit": row.indicator.unit,
        "lower_is_better": row.indicator.polarity == "lower",
        "years": years,
        "change": signed(row.change, show),
        "change_percent": change_percent if row.change_percent is not None else rules.DASH,
        "trend": row.trend or "",
        "trend_label": row.trend_label,
        "renstra_target": show(row.renstra_target),
        "renstra_capaian": rules.format_percent(row.renstra_capaian),
        "end_target": show(row.end_target),
        "so_far": show(row.so_far),
        "so_far_label": "kumulatif" if row.cumulative else "tahun ini",
        "end_capaian": rules.format_percent(row.end_capaian),
    }


def comparison_table(result: Comparison) -> dict:
    return {
        "years": list(result.years),
        "period": result.period.name if result.period else "",
        "period_label": result.period.label if result.period else "",
        "rows": [comparison_row(row) for row in result.rows],
    }
