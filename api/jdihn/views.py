"""The JDIHN feed: public (no sign-in), the agreements their office marked publishable and the province
verified, in the JDIH network's integration JSON (a plain array of documents).

Cheap and cacheable: an `ETag` and a `Last-Modified` from one aggregate query; a conditional GET that matches
gets 304 without building the list; the list itself costs three queries (agreements, partners, documents).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from agencies.selectors import catalogue

from ..docs import E429
from ..throttling import ApiClientThrottle
from .mapping import jdihn_document
from .serializers import JdihnDocumentSerializer

MAX_AGE = 300


def _validators(today: dt.date) -> tuple[str, dt.datetime]:
    """ETag and Last-Modified: the catalogue's version, and today, since `status` is computed for today."""
    latest, count = catalogue.catalogue_version()
    midnight = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    last_modified = max(latest, midnight) if latest else midnight
    digest = hashlib.sha256(f"{latest and latest.isoformat()}|{count}|{today}".encode()).hexdigest()[:32]
    return f'"jdihn-{digest}"', last_modified.replace(microsecond=0)


class JdihnFeedView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ApiClientThrottle]

    @extend_schema(
        summary="Umpan JDIHN (publik)",
        description=(
            "Kerja sama yang dinyatakan dapat dipublikasikan oleh kantornya dan telah diverifikasi, dalam format "
            "JSON integrasi JDIHN. Tanpa autentikasi. Mendukung GET bersyarat (If-None-Match / "
            "If-Modified-Since → 304)."
        ),
        tags=["jdihn"],
        auth=[],
        parameters=[
            OpenApiParameter(
                "If-None-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=False,
                description="ETag dari respons sebelumnya; bila masih sama: 304 tanpa isi.",
            ),
            OpenApiParameter(
                "If-Modified-Since",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=False,
                description="Last-Modified dari respons sebelumnya (tanggal HTTP); bila tidak berubah: 304.",
            ),
        ],
        responses={
            200: JdihnDocumentSerializer(many=True),
            304: OpenApiResponse(description="Tidak berubah sejak ETag / waktu yang dikirim."),
            429: E429,
        },
    )
    def get(self, request):
        today = timezone.localdate()
        etag, last_modified = _validators(today)
        response = get_conditional_response(request, etag=etag, last_modified=int(last_modified.timestamp()))
        if response is None:
            documents = [
                jdihn_document(agreement, today=today, absolute=request.build_absolute_uri)
                for agreement in catalogue.public_catalogue(today)
            ]
            response = Response(JdihnDocumentSerializer(documents, many=True).data)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified.timestamp())
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response
