"""Validation rules for evidence files: the kind is recognised from the bytes, never from the name.

Allowed: PDF, JPEG, PNG, DOCX, XLSX, recognised by `agencies.files` (the one file check of every upload, which
also refuses zip bombs and Office macros, and PDFs with active content). Anything carrying HTML or SVG markup
anywhere in its bytes (a page renamed .pdf, a polyglot that starts with a PNG or PDF header) is refused.

Images are not stored as uploaded: they must decode (Pillow) within a pixel limit and are re-encoded, upright
(the EXIF orientation applied), in their own format. The re-encoding carries pixels only: whatever rode along
(a payload after the end of the image, text chunks, EXIF with GPS, comments) is gone, without our having to
recognise it. Size and SHA-256 describe the bytes stored, so duplicates are judged on what is kept.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from .files import DOCX, JPEG, PDF, PNG, XLSX, check_pdf, sniff_type

__all__ = ["ALLOWED_TYPES", "DOCX", "JPEG", "PDF", "PNG", "XLSX", "safe_original_name", "validate_evidence_file"]

ALLOWED_TYPES = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG", DOCX: "DOCX", XLSX: "XLSX"}

MSG_EMPTY = "Berkas kosong."
MSG_TOO_BIG = "Berkas terlalu besar: maksimal {limit} MB per berkas."
MSG_UNKNOWN = "Jenis berkas tidak diizinkan. Yang diterima: PDF, JPEG, PNG, DOCX, XLSX (dikenali dari isinya)."
MSG_MARKUP = "Berkas berisi kode HTML/SVG dan ditolak demi keamanan."
MSG_IMAGE_BAD = "Gambar rusak atau tidak dapat dibaca."
MSG_IMAGE_HUGE = "Resolusi gambar terlalu besar (maksimal {limit} megapiksel)."

IMAGE_MAX_PIXELS = 64_000_000
JPEG_QUALITY = 90

_MARKUP = re.compile(
    rb"<\s*(!doctype\s+html|html|head|body|script|svg|iframe|object|embed)\b|<\?xml[^>]*>\s*<svg", re.I
)


@dataclass(frozen=True)
class SniffedFile:
    content_type: str
    size: int
    sha256: str
    safe_name: str
    clean: bytes | None = None  # the re-encoded image, stored instead of the upload

    def content(self, uploaded):
        """What to store: the re-encoding of an image, the checked upload itself otherwise."""
        if self.clean is None:
            uploaded.seek(0)
            return uploaded
        return ContentFile(self.clean, name=self.safe_name)


def safe_original_name(name: str) -> str:
    """Keep the user's file name as data only: no folders, no control characters, bounded length."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).lstrip(".")
    return (base or "berkas")[-200:]


def reencode_image(fileobj, content_type: str) -> bytes:
    """The image decoded and encoded again, upright, pixels only; refused if it does not decode as what its
    header says or has too many pixels (a decompression bomb)."""
    from PIL import Image, ImageOps

    fileobj.seek(0)
    try:
        with Image.open(fileobj) as img:
            expected = "PNG" if content_type == PNG else "JPEG"
            if img.format != expected:
                raise ValidationError(MSG_IMAGE_BAD, code="image_bad")
            if img.width * img.height > IMAGE_MAX_PIXELS:
                raise ValidationError(MSG_IMAGE_HUGE.format(limit=IMAGE_MAX_PIXELS // 1_000_000), code="image_huge")
            img.load()
            upright = ImageOps.exif_transpose(img)
        return _encode(upright, expected)
    except ValidationError:
        raise
    except Exception:  # Pillow raises many kinds of errors on hostile input
        raise ValidationError(MSG_IMAGE_BAD, code="image_bad") from None
    finally:
        fileobj.seek(0)


def _encode(image, image_format: str) -> bytes:
    # Only the transparency of a palette image is kept; ICC profile, EXIF, comments and text chunks are not.
    image.info = {key: value for key, value in image.info.items() if key == "transparency"}
    if image_format == "JPEG" and image.mode not in ("L", "RGB", "CMYK"):
        image = image.convert("RGB")
    output = io.BytesIO()
    if image_format == "JPEG":
        image.save(output, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        image.save(output, "PNG", optimize=True)
    return output.getvalue()


def sniff_content_type(head: bytes, fileobj) -> str:
    """The allowed kind of the file, from its bytes (the one file check in `agencies.files`), markup refused."""
    if _MARKUP.search(head):
        raise ValidationError(MSG_MARKUP, code="markup")
    content_type = sniff_type(fileobj)
    if content_type not in ALLOWED_TYPES:
        raise ValidationError(MSG_UNKNOWN, code="unknown_type")
    return content_type


def validate_evidence_file(uploaded) -> SniffedFile:
    """Check an uploaded file (any file-like with `.name`, `.size`, `.read`) and describe it."""
    size = getattr(uploaded, "size", None)
    if size is None:
        uploaded.seek(0, os.SEEK_END)
        size = uploaded.tell()
    limit = settings.EVIDENCE_MAX_BYTES
    if size == 0:
        raise ValidationError(MSG_EMPTY, code="empty")
    if size > limit:
        raise ValidationError(MSG_TOO_BIG.format(limit=limit // (1024 * 1024)), code="too_big")
    uploaded.seek(0)
    head = uploaded.read(4096)
    content_type = sniff_content_type(head, uploaded)
    digest = hashlib.sha256()
    tail = b""
    for chunk in iter(lambda: uploaded.read(1024 * 1024), b""):
        digest.update(chunk)
        # A polyglot hides markup after a valid header: scan the whole file, chunk edges included.
        if _MARKUP.search(tail + chunk):
            raise ValidationError(MSG_MARKUP, code="markup")
        tail = chunk[-64:]
    uploaded.seek(0)
    name = safe_original_name(getattr(uploaded, "name", ""))
    if content_type == PDF:
        check_pdf(uploaded)
    if content_type in (PNG, JPEG):
        clean = reencode_image(uploaded, content_type)
        return SniffedFile(content_type, len(clean), hashlib.sha256(clean).hexdigest(), name, clean)
    return SniffedFile(content_type, size, digest.hexdigest(), name)
