"""The one chart module: server-rendered SVG, no JavaScript library, no CDN, no inline style (the CSP forbids it).

Colours come from classes styled in static/css/ranking.css, with SVG presentation attributes as the fallback.
Every chart on a page is shown beside the table of its numbers; the SVG is a picture of that table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from django.utils import translation
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#8a1538", "#0b5cad", "#1a7f37", "#9a6700", "#5b6470", "#b42318")


def format_number(value, decimals: int | None = None) -> str:
    """Indonesian notation by Django's localisation ("id"): 1.234,5. Without `decimals`, at most two decimals
    with trailing zeros dropped; with `decimals`, exactly that many."""
    if decimals is None:
        value = Decimal(str(round(float(value), 2))).normalize()
    with translation.override("id"):
        return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    return mark_safe(  # noqa: S308 - every text inside went through escape()
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def bar_chart(
    items: Sequence[tuple[str, float]], *, title: str, max_value: float | None = None, decimals: int | None = None
) -> SafeString:
    """Horizontal bars, one per (label, value), in the given order."""
    bar_h, gap, label_w, value_w, width = 18, 6, 190, 56, 640
    top = max_value or max((value for _, value in items), default=0) or 1
    plot_w = width - label_w - value_w
    body = []
    for index, (label, value) in enumerate(items):
        y = index * (bar_h + gap)
        bar_w = max(0.0, plot_w * float(value) / float(top))
        body.append(
            f'<g class="bar-row"><text x="{label_w - 8}" y="{y + bar_h - 5}" text-anchor="end" '
            f'class="chart-label" font-size="12" fill="#1f2328">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{plot_w}" height="{bar_h}" class="chart-track" fill="#eef0f3"/>'
            f'<rect x="{label_w}" y="{y}" width="{bar_w:.1f}" height="{bar_h}" class="chart-bar" fill="{PALETTE[0]}"/>'
            f'<text x="{label_w + plot_w + 6}" y="{y + bar_h - 5}" class="chart-value" font-size="12" '
            f'fill="#1f2328">{format_number(float(value), decimals)}</text></g>'
        )
    height = max(1, len(items)) * (bar_h + gap)
    return _svg(width, height, title, body)


def line_chart(x_labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], *, title: str) -> SafeString:
    """Lines over categorical x positions (quarters); a legend names each series."""
    width, height, left, right, top, bottom = 640, 260, 48, 40, 16, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = nice_ceiling(max((float(v) for _, values in series for v in values), default=0))
    step = plot_w / max(1, len(x_labels) - 1)
    body = [_grid(peak, left, top, plot_w, plot_h)]
    for index, label in enumerate(x_labels):
        x = left + index * step
        body.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle" font-size="11" '
            f'class="chart-axis" fill="#5b6470">{escape(label)}</text>'
        )
    for number, (name, values) in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        points = [(left + i * step, top + plot_h - plot_h * float(v) / peak) for i, v in enumerate(values)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        body.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5" class="series series-{number}"/>'
        )
        body += [
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}" class="series-dot series-{number}">'
            f"<title>{escape(name)} {escape(x_labels[i])}: {format_number(float(values[i]))}</title></circle>"
            for i, (x, y) in enumerate(points)
        ]
        lx = left + number * 200
        body.append(
            f'<rect x="{lx}" y="{height - 18}" width="14" height="4" fill="{colour}" class="series-key series-{number}"/>'
            f'<text x="{lx + 20}" y="{height - 13}" font-size="12" fill="#1f2328">{escape(name)}</text>'
        )
    return _svg(width, height, title, body)


def nice_ceiling(value: float) -> float:
    """Smallest 1, 2, 2.5 or 5 × 10^k at or above `value`, so the grid lines fall on round numbers."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def _grid(peak: float, left: int, top: int, plot_w: float, plot_h: float) -> str:
    lines = []
    for tick in range(5):
        value = peak * tick / 4
        y = top + plot_h - plot_h * tick / 4
        lines.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d9dde3" class="chart-grid"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#5b6470" '
            f'class="chart-axis">{format_number(value)}</text>'
        )
    return "".join(lines)


TARGET_LABEL_W, TARGET_PLOT_W, TARGET_ROW = 64, 330, 48


def target_chart(items: Sequence[dict], *, title: str) -> SafeString:
    """Paired bars per indicator, each on its own scale: the target (grey) above the realisation (coloured by
    its `level`). Each item: code, target, value (numbers or None), level, target_label, value_label."""
    body = []
    for index, item in enumerate(items):
        top = max((v for v in (item["target"], item["value"]) if v is not None), default=0)

        def bar(v, top=top):
            return 0 if not v or not top else max(2, int(v / top * TARGET_PLOT_W))

        y, x = index * TARGET_ROW, TARGET_LABEL_W
        target_y, value_y = y + 6, y + 24
        body.append(
            f'<g><text x="0" y="{y + 22}" class="chart-code">{escape(item["code"])}</text>'
            f'<line x1="{x}" y1="{target_y}" x2="{x}" y2="{value_y + 14}" class="chart-grid"/>'
            f'<rect x="{x}" y="{target_y}" width="{bar(item["target"])}" height="14" rx="2" class="bar-target"/>'
            f'<text x="{x + bar(item["target"]) + 6}" y="{target_y + 11}" class="chart-value">'
            f"{escape(item['target_label'])}</text>"
            f'<rect x="{x}" y="{value_y}" width="{bar(item["value"])}" height="14" rx="2" '
            f'class="bar-{escape(item["level"])}"/>'
            f'<text x="{x + bar(item["value"]) + 6}" y="{value_y + 11}" class="chart-value-strong">'
            f"Realisasi {escape(item['value_label'])}</text></g>"
        )
    width, height = TARGET_LABEL_W + TARGET_PLOT_W + 170, max(1, len(items)) * TARGET_ROW + 8
    return mark_safe(  # noqa: S308 - every text inside went through escape()
        f'<svg class="lakip-chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-svg-title">'
        f'<title id="chart-svg-title">{escape(title)}</title>{"".join(body)}</svg>'
    )
