"""The enrolment QR code, drawn on the server as inline SVG (no script, no outside service)."""

from base64 import b32encode

import segno
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice


def qr_svg(device: TOTPDevice) -> SafeString:
    code = segno.make(device.config_url, error="m")
    svg = code.svg_inline(scale=1, border=2, omitsize=True, svgclass="mfa-qr-svg", dark="#000", light="#fff")
    # segno escapes nothing user-controlled into the markup except the data, which it encodes as modules.
    return mark_safe(svg.replace("<svg ", '<svg role="img" aria-label="Kode QR untuk aplikasi autentikator" ', 1))  # noqa: S308


def typed_key(device: TOTPDevice) -> str:
    """The secret for typing by hand: base32 in groups of four ('ABCD EFGH …')."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
