"""Verification events: the trail of submit, verify, return and reopen of the records the principal sees."""

from __future__ import annotations

import django_filters as df
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view

from agencies.choices import VerificationAction
from agencies.models import VerificationEvent

from ..docs import ERRORS_READ, LIST_DESCRIPTION, errors_for
from ..serializers import DescribedModelSerializer
from ..viewsets import ScopedReadViewSet


class VerificationEventSerializer(DescribedModelSerializer):
    class Meta:
        model = VerificationEvent
        fields = ["id", "agreement", "activity", "action", "note", "created_at"]
        read_only_fields = fields
        extra_kwargs = {
            "agreement": {"help_text": "Kerja sama yang dimaksud (id), atau null."},
            "activity": {"help_text": "Kegiatan yang dimaksud (id), atau null."},
            "note": {"help_text": "Catatan, mis. alasan pengembalian."},
            "created_at": {"help_text": "Waktu kejadian (dasar urutan dan `updated_since`)."},
        }


class VerificationEventFilter(df.FilterSet):
    action = df.ChoiceFilter(choices=VerificationAction.choices, help_text="Jenis tindakan.")
    agreement = df.NumberFilter(field_name="agreement_id", help_text="Jejak satu kerja sama (id).")
    activity = df.NumberFilter(field_name="activity_id", help_text="Jejak satu kegiatan (id).")

    class Meta:
        model = VerificationEvent
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        summary="Jejak verifikasi",
        description=LIST_DESCRIPTION,
        responses=errors_for(VerificationEventSerializer(many=True), ERRORS_READ),
    ),
    retrieve=extend_schema(
        summary="Satu kejadian verifikasi", responses=errors_for(VerificationEventSerializer, ERRORS_READ)
    ),
)
class VerificationEventViewSet(ScopedReadViewSet):
    serializer_class = VerificationEventSerializer
    filterset_class = VerificationEventFilter
    sync_field = "created_at"

    def base_queryset(self) -> QuerySet:
        return VerificationEvent.objects.all()
