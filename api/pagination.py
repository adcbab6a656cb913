"""Keyset ("cursor") pages ordered by (updated_at, id), and `updated_since`, for incremental sync.

Every list endpoint uses `SyncCursorPagination`:
- the order is always (`<sync field>`, `id`) ascending; the sync field is `updated_at` unless the view sets
  `sync_field` (evidence: `uploaded_at`, verification events: `created_at`, both immutable rows);
- `updated_since=<ISO 8601 timestamp>` keeps rows with sync field >= the timestamp (inclusive, so a row
  changed in the same instant as the client's last sync is not lost; the client de-duplicates by `id`);
  a timestamp without an offset is read as WIB (Asia/Jakarta);
- `page_size` (default HUBAL_API_PAGE_SIZE, capped at HUBAL_API_MAX_PAGE_SIZE);
- `cursor` is opaque (base64 of the last row's sync value and id); `next` is the URL of the next page or
  null at the end. A page costs one query (page_size + 1 rows fetched to know whether more follow).
The response is `{"next": <url|null>, "results": [...]}`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

MSG_BAD_CURSOR = "Kursor tidak valid. Gunakan tautan `next` dari halaman sebelumnya."
MSG_BAD_SINCE = "Format waktu tidak valid. Gunakan ISO 8601, misalnya 2026-01-31T08:00:00+07:00."
MSG_BAD_PAGE_SIZE = "page_size harus bilangan bulat antara 1 dan {max}."


def parse_timestamp(value: str) -> dt.datetime | None:
    """An ISO 8601 timestamp; naive ones are read in the portal's time zone (WIB). None if malformed."""
    try:
        # An unencoded "+07:00" arrives as " 07:00".
        parsed = parse_datetime(value.strip().replace(" ", "+"))
    except ValueError:
        return None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


class SyncCursorPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    since_query_param = "updated_since"

    def paginate_queryset(self, queryset: QuerySet, request, view=None) -> list:
        self.request = request
        self.field = getattr(view, "sync_field", "updated_at")
        size = self._page_size(request)
        queryset = self._since(queryset, request).order_by(self.field, "id")
        position = self._decode(request.query_params.get(self.cursor_query_param))
        if position is not None:
            value, pk = position
            queryset = queryset.filter(Q(**{f"{self.field}__gt": value}) | Q(**{self.field: value, "id__gt": pk}))
        rows = list(queryset[: size + 1])
        self.has_next = len(rows) > size
        self.page = rows[:size]
        return self.page

    def get_paginated_response(self, data) -> Response:
        return Response({"next": self.get_next_link(), "results": data})

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        last = self.page[-1]
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self._encode(getattr(last, self.field), last.pk))

    def _page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return settings.HUBAL_API_PAGE_SIZE
        cap = settings.HUBAL_API_MAX_PAGE_SIZE
        if not raw.isdigit() or not 1 <= int(raw) <= cap:
            raise ValidationError({self.page_size_query_param: [MSG_BAD_PAGE_SIZE.format(max=cap)]})
        return int(raw)

    def _since(self, queryset: QuerySet, request) -> QuerySet:
        raw = request.query_params.get(self.since_query_param)
        if raw in (None, ""):
            return queryset
        since = parse_timestamp(raw)
        if since is None:
            raise ValidationError({self.since_query_param: [MSG_BAD_SINCE]})
        return queryset.filter(**{f"{self.field}__gte": since})

    @staticmethod
    def _encode(value: dt.datetime, pk: int) -> str:
        raw = json.dumps([value.isoformat(), pk]).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def _decode(self, cursor: str | None) -> tuple[dt.datetime, int] | None:
        if not cursor:
            return None
        try:
            value, pk = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
            moment = dt.datetime.fromisoformat(value)
            if timezone.is_naive(moment) or not isinstance(pk, int):
                raise ValueError
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            raise ValidationError({self.cursor_query_param: [MSG_BAD_CURSOR]}) from None
        return moment, pk

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": self.cursor_query_param,
                "in": "query",
                "required": False,
                "description": "Kursor halaman berikutnya (ambil dari `next`; jangan disusun sendiri).",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": (
                    f"Jumlah baris per halaman (bawaan {settings.HUBAL_API_PAGE_SIZE}, "
                    f"maksimum {settings.HUBAL_API_MAX_PAGE_SIZE})."
                ),
                "schema": {"type": "integer", "minimum": 1, "maximum": settings.HUBAL_API_MAX_PAGE_SIZE},
            },
            {
                "name": self.since_query_param,
                "in": "query",
                "required": False,
                "description": (
                    "Hanya baris yang berubah pada atau setelah waktu ini (ISO 8601; tanpa zona waktu dibaca "
                    "sebagai WIB). Urutan selalu (updated_at, id) naik."
                ),
                "schema": {"type": "string", "format": "date-time"},
            },
        ]

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "URL halaman berikutnya; null pada halaman terakhir.",
                },
                "results": {**schema, "description": "Baris halaman ini, berurutan (updated_at, id) naik."},
            },
        }
