"""`/api/v1/changes/`: one ordered stream of creates, updates and deletions of partners, agreements,
activities and evidence, for a system that mirrors the portal (docs/dev/api-sync.md).

The stream is ordered by (changed at, type, id) and read in pages after a position (`cursor`, or
`updated_since` for the first page). It stops at the sync horizon (api/sync.py), so a change committed late
can never fall behind a client's position. `resume` is where the next sync starts: keep it, even when `next`
is null. Upserts carry the record as its own endpoint shows it (`data`); deletions carry `data: null`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from ..docs import E400, E401, E429
from ..pagination import MSG_BAD_CURSOR, MSG_BAD_PAGE_SIZE, MSG_BAD_SINCE, parse_timestamp
from ..permissions import IsApiPrincipal
from ..sync import horizon
from . import selectors
from .selectors import TYPES, Change, Position

# The resource whose queryset and serializer give an upsert's `data`: the record as its endpoint shows it.
RESOURCES = {
    "activity": "api.resources.activities.ActivityViewSet",
    "agreement": "api.resources.agreements.AgreementViewSet",
    "evidence": "api.resources.evidence.EvidenceViewSet",
    "partner": "api.resources.partners.PartnerViewSet",
}


def encode_position(position: Position) -> str:
    raw = json.dumps([position.at.isoformat(), position.type, position.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_position(cursor: str) -> Position:
    try:
        at, type_, pk = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        moment = dt.datetime.fromisoformat(at)
        if timezone.is_naive(moment) or not isinstance(pk, int) or (type_ and type_ not in TYPES):
            raise ValueError
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise ValidationError({"cursor": [MSG_BAD_CURSOR]}) from None
    return Position(moment, type_, pk)


class ChangeSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=TYPES, help_text="Jenis data.")
    id = serializers.IntegerField(help_text="Id data pada endpoint jenisnya.")
    action = serializers.ChoiceField(
        choices=[selectors.CREATED, selectors.UPDATED, selectors.DELETED],
        help_text="created / updated (keduanya: simpan versi `data` ini) atau deleted (hapus dari cermin).",
    )
    changed_at = serializers.DateTimeField(source="at", help_text="Waktu perubahan (urutan aliran).")
    office = serializers.IntegerField(
        source="office_id", allow_null=True, help_text="Id kantor pemilik; null untuk lembaga mitra."
    )
    data = serializers.JSONField(
        allow_null=True, help_text="Data terbaru seperti pada endpoint jenisnya; null untuk deleted."
    )


class ChangesPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True, help_text="Halaman berikutnya; null bila sudah sampai horizon.")
    resume = serializers.CharField(
        allow_null=True, help_text="Kursor untuk sinkronisasi berikutnya (simpan, juga bila `next` null)."
    )
    horizon = serializers.DateTimeField(help_text="Perubahan sampai waktu ini sudah lengkap dalam aliran.")
    results = ChangeSerializer(many=True, help_text="Perubahan, urut (changed_at, type, id) naik.")


PARAMETERS = [
    OpenApiParameter("cursor", str, description="Kursor dari `next` atau `resume` sebelumnya."),
    OpenApiParameter(
        "updated_since",
        str,
        description="Untuk halaman pertama tanpa kursor: perubahan pada atau setelah waktu ini (ISO 8601; tanpa "
        "zona waktu dibaca WIB). Diabaikan bila ada `cursor`.",
    ),
    OpenApiParameter(
        "page_size", int, description=f"Jumlah perubahan per halaman (maks. {settings.HUBAL_API_MAX_PAGE_SIZE})."
    ),
    OpenApiParameter("type", str, many=True, enum=list(TYPES), description="Hanya jenis ini (boleh berulang)."),
]


class ChangesView(APIView):
    permission_classes = [IsApiPrincipal]

    @extend_schema(
        summary="Aliran perubahan untuk sinkronisasi",
        tags=["sinkronisasi"],
        parameters=PARAMETERS,
        responses={200: ChangesPageSerializer, 400: E400, 401: E401, 429: E429},
    )
    def get(self, request) -> Response:
        position, size, types = self._params(request)
        until = horizon()
        page = selectors.changes_page(
            request.user, after=position, until=until, size=size + 1, types=types, base=self._base
        )
        more, page = len(page) > size, page[:size]
        resume = page[-1].position if page else position
        return Response(
            {
                "next": replace_query_param(request.build_absolute_uri(), "cursor", encode_position(resume))
                if more
                else None,
                "resume": encode_position(resume) if resume else None,
                "horizon": until,
                "results": self._serialize(page),
            }
        )

    def _params(self, request) -> tuple[Position | None, int, list[str]]:
        query = request.query_params
        if query.get("cursor"):
            position = decode_position(query["cursor"])
        elif query.get("updated_since"):
            since = parse_timestamp(query["updated_since"])
            if since is None:
                raise ValidationError({"updated_since": [MSG_BAD_SINCE]})
            position = Position.since(since)
        else:
            position = None
        raw, cap = query.get("page_size") or str(settings.HUBAL_API_PAGE_SIZE), settings.HUBAL_API_MAX_PAGE_SIZE
        if not raw.isdigit() or not 1 <= int(raw) <= cap:
            raise ValidationError({"page_size": [MSG_BAD_PAGE_SIZE.format(max=cap)]})
        types = query.getlist("type") or list(TYPES)
        if unknown := [t for t in types if t not in TYPES]:
            raise ValidationError({"type": [f"Jenis tidak dikenal: {', '.join(unknown)}. Pilih: {', '.join(TYPES)}."]})
        return position, int(raw), types

    def _resource(self, type_: str):
        view = import_string(RESOURCES[type_])()
        view.setup(self.request._request)
        view.request, view.format_kwarg, view.action, view.kwargs = self.request, None, "list", {}
        return view

    def _base(self, type_: str):
        return self._resource(type_).base_queryset()

    def _serialize(self, page: list[Change]) -> list[dict]:
        """Each type's records through its resource's serializer (one batch per type), then the envelope."""
        data: dict[tuple[str, int], dict] = {}
        for type_ in TYPES:
            records = [c.record for c in page if c.type == type_ and c.record is not None]
            if records:
                rows = self._resource(type_).get_serializer(records, many=True).data
                data.update({(type_, row["id"]): row for row in rows})
        stamp = serializers.DateTimeField().to_representation
        return [
            {
                "type": c.type,
                "id": c.id,
                "action": c.action,
                "changed_at": stamp(c.at),
                "office": c.office_id,
                "data": data.get((c.type, c.id)),
            }
            for c in page
        ]
