"""Server-rendered SVG charts: no JavaScript library, no CDN, no inline style (the CSP forbids it).

Colours come from classes styled in static/css/ranking.css, with SVG presentation attributes as the fallback.
Every chart on a page is shown beside the table of its numbers; the SVG is a picture of that table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#8a1538", "#0b5cad", "#1a7f37", "#9a6700", "#5b6470", "#b42318")


def _number(value: float, decimals: int | None = None) -> str:
    """Indonesian notation: decimal comma, thin-space thousands; trailing zeros dropped unless `decimals`."""
    text = f"{value:,.{decimals if decimals is not None else 2}f}"
    if decimals is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\u2009").replace(".", ",")


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
            f'fill="#1f2328">{_number(float(value), decimals)}</text></g>'
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
            f"<title>{escape(name)} {escape(x_labels[i])}: {_number(float(values[i]))}</title></circle>"
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
            f'class="chart-axis">{_number(value)}</text>'
        )
    return "".join(lines)
