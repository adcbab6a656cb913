"""Validation rules for evidence files: the kind is recognised from the bytes, never from the name.

Allowed: PDF, JPEG, PNG, DOCX, XLSX. Office files are zip archives and are checked against zip bombs
(total uncompressed size, entry count, compression ratio) and macros. Images must decode (Pillow) within a
pixel limit. Anything carrying HTML or SVG markup anywhere in its bytes (a page renamed .pdf, a polyglot
that starts with a PNG or PDF header) is refused.
"""

from __future__ import annotations

import hashlib
import os
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ALLOWED_TYPES = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG", DOCX: "DOCX", XLSX: "XLSX"}

ZIP_MAX_ENTRIES = 2000
ZIP_MAX_UNCOMPRESSED = 100 * 1024 * 1024
ZIP_MAX_RATIO = 200

MSG_EMPTY = "Berkas kosong."
MSG_TOO_BIG = "Berkas terlalu besar: maksimal {limit} MB per berkas."
MSG_UNKNOWN = "Jenis berkas tidak diizinkan. Yang diterima: PDF, JPEG, PNG, DOCX, XLSX (dikenali dari isinya)."
MSG_MARKUP = "Berkas berisi kode HTML/SVG dan ditolak demi keamanan."
MSG_ZIP_BAD = "Berkas Office rusak atau tidak dapat dibaca."
MSG_ZIP_BOMB = "Berkas Office ditolak: isi terkompresinya terlalu besar atau terlalu banyak (dugaan zip bomb)."
MSG_MACRO = "Berkas Office berisi makro (VBA) dan ditolak demi keamanan. Simpan ulang sebagai DOCX/XLSX biasa."
MSG_IMAGE_BAD = "Gambar rusak atau tidak dapat dibaca."
MSG_IMAGE_HUGE = "Resolusi gambar terlalu besar (maksimal {limit} megapiksel)."

IMAGE_MAX_PIXELS = 64_000_000

_MARKUP = re.compile(
    rb"<\s*(!doctype\s+html|html|head|body|script|svg|iframe|object|embed)\b|<\?xml[^>]*>\s*<svg", re.I
)


@dataclass(frozen=True)
class SniffedFile:
    content_type: str
    size: int
    sha256: str
    safe_name: str


def safe_original_name(name: str) -> str:
    """Keep the user's file name as data only: no folders, no control characters, bounded length."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).lstrip(".")
    return (base or "berkas")[-200:]


def _sniff_zip(fileobj) -> str:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
            if len(infos) > ZIP_MAX_ENTRIES:
                raise ValidationError(MSG_ZIP_BOMB, code="zip_bomb")
            total = sum(info.file_size for info in infos)
            packed = sum(info.compress_size for info in infos) or 1
            if total > ZIP_MAX_UNCOMPRESSED or total / packed > ZIP_MAX_RATIO:
                raise ValidationError(MSG_ZIP_BOMB, code="zip_bomb")
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, OSError, EOFError):
        raise ValidationError(MSG_ZIP_BAD, code="zip_bad") from None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ValidationError(MSG_MACRO, code="macro")
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return XLSX
    raise ValidationError(MSG_UNKNOWN, code="unknown_type")


def _check_image(fileobj, content_type: str) -> None:
    """The image must decode as what its header says, within a sane pixel count (no decompression bomb)."""
    from PIL import Image

    fileobj.seek(0)
    try:
        with Image.open(fileobj) as img:
            expected = "PNG" if content_type == PNG else "JPEG"
            if img.format != expected:
                raise ValidationError(MSG_IMAGE_BAD, code="image_bad")
            if img.width * img.height > IMAGE_MAX_PIXELS:
                raise ValidationError(MSG_IMAGE_HUGE.format(limit=IMAGE_MAX_PIXELS // 1_000_000), code="image_huge")
            img.verify()
    except ValidationError:
        raise
    except Exception:  # Pillow raises many kinds of errors on hostile input
        raise ValidationError(MSG_IMAGE_BAD, code="image_bad") from None


def sniff_content_type(head: bytes, fileobj) -> str:
    if _MARKUP.search(head):
        raise ValidationError(MSG_MARKUP, code="markup")
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        fileobj.seek(0)
        return _sniff_zip(fileobj)
    raise ValidationError(MSG_UNKNOWN, code="unknown_type")


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
    if content_type in (PNG, JPEG):
        _check_image(uploaded, content_type)
    uploaded.seek(0)
    digest = hashlib.sha256()
    tail = b""
    for chunk in iter(lambda: uploaded.read(1024 * 1024), b""):
        digest.update(chunk)
        # A polyglot hides markup after a valid header: scan the whole file, chunk edges included.
        if _MARKUP.search(tail + chunk):
            raise ValidationError(MSG_MARKUP, code="markup")
        tail = chunk[-64:]
    uploaded.seek(0)
    return SniffedFile(content_type, size, digest.hexdigest(), safe_original_name(getattr(uploaded, "name", "")))
