"""Thumbnails of image evidence (Pillow), generated on first request and cached in the storage under thumbs/.

The cache key covers the stored file and its SHA-256, so a new file never shows an old picture. Images too
large to decode safely, or that Pillow cannot read, simply get no thumbnail.
"""

from __future__ import annotations

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from .models import Evidence

THUMB_SIZE = (320, 240)
MAX_PIXELS = 40_000_000  # far above any phone photo; refuses decompression bombs early
THUMB_QUALITY = 80


def thumbnail_name(evidence: Evidence) -> str:
    key = hashlib.sha256(f"{evidence.file.name}|{evidence.sha256}|{THUMB_SIZE}".encode()).hexdigest()
    return f"thumbs/{key[:2]}/{key}.jpg"


def _flatten(img: Image.Image) -> Image.Image:
    """Transparent PNGs on a white background (JPEG has no alpha)."""
    if img.mode in ("RGBA", "LA") or (img.mode == "P" and "transparency" in img.info):
        img = img.convert("RGBA")
        background = Image.new("RGB", img.size, "white")
        background.paste(img, mask=img.getchannel("A"))
        return background
    return img.convert("RGB")


def render_thumbnail(data) -> bytes | None:
    """JPEG bytes of a thumbnail of the image in the file-like `data`, or None if it cannot be made."""
    try:
        with Image.open(data) as img:
            if img.width * img.height > MAX_PIXELS:
                return None
            img.draft("RGB", THUMB_SIZE)  # JPEG: let the decoder downscale, much faster for big photos
            small = ImageOps.exif_transpose(img)
            small.thumbnail(THUMB_SIZE)
            out = io.BytesIO()
            _flatten(small).save(out, "JPEG", quality=THUMB_QUALITY, optimize=True)
            return out.getvalue()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None


def ensure_thumbnail(evidence: Evidence) -> str | None:
    """Storage name of the cached thumbnail of an image evidence (made now if missing), or None."""
    if not evidence.is_image:
        return None
    name = thumbnail_name(evidence)
    if default_storage.exists(name):
        return name
    try:
        with evidence.file.open("rb") as source:
            data = render_thumbnail(source)
    except OSError:
        return None
    if data is None:
        return None
    return default_storage.save(name, ContentFile(data))
