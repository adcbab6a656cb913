"""The one download function for every stored file: record evidence and proofs of manual LAKIP values.

Files are never served from a public media URL; a view checks permissions and hands the stored file here.
The content type is sniffed from the stored bytes by the one file check (`agencies.files`), never guessed
from the user's file name, and limited to the kinds an upload may have (anything else goes out as
`application/octet-stream`). Re-encoded images are shown inline; everything else is an attachment. Every
response is private (`Cache-Control: private, no-store`), `nosniff`, and sandboxed by its own CSP, so even a
file opened in a tab can run nothing.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404

from .evidence import ALLOWED_TYPES, JPEG, PNG
from .files import sniff_type

MSG_MISSING = "Berkas tidak ditemukan di penyimpanan."
FALLBACK_TYPE = "application/octet-stream"
INLINE_TYPES = frozenset({JPEG, PNG})  # stored images are Pillow re-encodings (agencies.evidence)
SANDBOX_CSP = "default-src 'none'; sandbox"


def content_disposition(name: str, *, inline: bool = False) -> str:
    """`attachment` (or `inline`) with an ASCII fallback and the exact name as RFC 5987 `filename*`."""
    fallback = re.sub(r"[^A-Za-z0-9._ -]", "_", name).strip() or "berkas"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def private(response, *, cache_seconds: int = 0):
    """The headers every stored-file response carries (also the derived thumbnails, cached privately)."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = f"private, max-age={cache_seconds}" if cache_seconds else "private, no-store"
    response["Content-Security-Policy"] = SANDBOX_CSP
    return response


def sniffed_type(handle) -> str:
    """The stored file's kind from its bytes, one of the upload kinds, or the opaque fallback."""
    try:
        kind = sniff_type(handle)
    except ValidationError:
        return FALLBACK_TYPE
    return kind if kind in ALLOWED_TYPES else FALLBACK_TYPE


def stored_file_response(stored, *, name: str) -> FileResponse:
    """Serve one stored file (a FieldFile) under the user's original name; 404 when the bytes are gone."""
    if not stored:
        raise Http404(MSG_MISSING)
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(MSG_MISSING) from None
    content_type = sniffed_type(handle)
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name or "berkas", inline=content_type in INLINE_TYPES)
    return private(response)
