"""Colour contrast of the status badges and alerts (WCAG AA: 4.5:1 for normal text), from the palette of
static/css/hubal.css, so that a palette change cannot silently fall under it again. axe-core checks the
rendered pages as well (tests/browser/test_axe.py)."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[1] / "static" / "css" / "hubal.css").read_text()
PALETTE = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS))


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    high, low = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_on_known_pairs():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#1a7f37", "#e6f4ea"), 2) == 4.47  # the old "Terverifikasi" badge, under 4.5


@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("ok", "ok-soft"),  # Terverifikasi, Aktif
        ("warn", "warn-soft"),  # Diajukan, Akan berakhir, the amber chips
        ("bad", "bad-soft"),  # Dikembalikan, Berakhir
        ("muted", "grey-soft"),  # Draf
        ("info", "info-soft"),
        ("muted", "bg"),
    ],
)
def test_badge_text_is_readable(text, background):
    assert contrast(PALETTE[text], PALETTE[background]) >= 4.5, (text, background)
