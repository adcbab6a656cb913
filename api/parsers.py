"""Request bodies with a size cap (HUBAL_API_MAX_BODY_BYTES for JSON; evidence uploads: one file up to
EVIDENCE_MAX_BYTES plus form fields). The cap is checked on the declared Content-Length before anything is
read, and again on the bytes actually read (a chunked body has no Content-Length)."""

from __future__ import annotations

from django.conf import settings
from rest_framework.parsers import JSONParser, MultiPartParser

from .exceptions import PayloadTooLarge

MSG_TOO_LARGE = "Isi permintaan terlalu besar (maksimum {limit} byte)."
MULTIPART_OVERHEAD = 64 * 1024


def json_body_limit() -> int:
    return settings.HUBAL_API_MAX_BODY_BYTES


def upload_body_limit() -> int:
    return settings.EVIDENCE_MAX_BYTES + MULTIPART_OVERHEAD


def check_declared_length(request, limit: int) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise PayloadTooLarge(MSG_TOO_LARGE.format(limit=limit))


class _CappedStream:
    """Reads at most `limit` bytes; one byte more raises 413."""

    def __init__(self, stream, limit: int):
        self.stream, self.limit, self.seen = stream, limit, 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(self.limit + 1 - self.seen if size is None or size < 0 else size)
        self.seen += len(chunk)
        if self.seen > self.limit:
            raise PayloadTooLarge(MSG_TOO_LARGE.format(limit=self.limit))
        return chunk


class CappedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = json_body_limit()
        check_declared_length(parser_context["request"], limit)
        return super().parse(_CappedStream(stream, limit), media_type, parser_context)


class CappedMultiPartParser(MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        check_declared_length(parser_context["request"], upload_body_limit())
        return super().parse(stream, media_type, parser_context)
