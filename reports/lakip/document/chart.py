"""A small bar chart of one indicator as a PNG, drawn with Pillow on the server (no CDN, no matplotlib):
the realisation of the three years compared and this year's target."""

from __future__ import annotations

import io
from decimal import Decimal

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 460
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 40, 40, 70, 90
COLOURS = {"past": "#9fb3c8", "current": "#7b1e3a", "target": "#e0b04c", "axis": "#444444", "text": "#222222"}


def _font(size: int) -> ImageFont.ImageFont:
    """DejaVu Sans when the system has it (it has the en dash); Pillow's own font otherwise."""
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def bar_chart(title: str, bars: list[tuple[str, Decimal | None, str, str]]) -> bytes:
    """`bars`: (label under the bar, value or None, value label above the bar, colour key). Returns PNG bytes.

    A missing value draws no bar, only its label ("–"); the scale is the largest value (at least 1)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN_LEFT, 18), title, fill=COLOURS["text"], font=_font(30))
    top, bottom = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM
    largest = max([float(v) for _l, v, _s, _c in bars if v is not None] + [1.0])
    slot = (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / max(len(bars), 1)
    label_font, value_font = _font(26), _font(28)
    for index, (label, value, shown, colour) in enumerate(bars):
        x0 = MARGIN_LEFT + index * slot + slot * 0.2
        x1 = x0 + slot * 0.6
        height = 0 if value is None else (bottom - top - 40) * float(value) / largest
        if height > 0:
            draw.rectangle([x0, bottom - height, x1, bottom], fill=COLOURS[colour])
        draw.text(((x0 + x1) / 2, bottom - height - 8), shown, fill=COLOURS["text"], font=value_font, anchor="md")
        draw.text(((x0 + x1) / 2, bottom + 14), label, fill=COLOURS["text"], font=label_font, anchor="ma")
    draw.line([MARGIN_LEFT, bottom, WIDTH - MARGIN_RIGHT, bottom], fill=COLOURS["axis"], width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
