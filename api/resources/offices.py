"""Offices: the 28 Bawaslu offices of West Java (read only). Staff tokens see their own office only."""

from __future__ import annotations

import django_filters as df
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from agencies.choices import OfficeKind
from agencies.models import Office

from ..docs import ERRORS_READ, LIST_DESCRIPTION, errors_for
from ..serializers import DescribedModelSerializer
from ..viewsets import ScopedReadViewSet


class OfficeSerializer(DescribedModelSerializer):
    region_label = serializers.CharField(read_only=True, help_text="Nama wilayah dengan jenisnya, mis. “Kota Bogor”.")

    class Meta:
        model = Office
        fields = ["id", "code", "kind", "region_name", "region_label", "name", "parent", "updated_at"]
        extra_kwargs = {
            "code": {"help_text": "Kode wilayah Kemendagri: `32` provinsi, `32.01`–`32.79` kabupaten/kota."},
            "parent": {"help_text": "Kantor induk (provinsi) untuk kabupaten/kota; null untuk provinsi."},
            "updated_at": {"help_text": "Waktu perubahan terakhir (dasar `updated_since`)."},
        }


class OfficeFilter(df.FilterSet):
    kind = df.ChoiceFilter(choices=OfficeKind.choices, help_text="Jenis kantor.")
    code = df.CharFilter(help_text="Kode wilayah persis, mis. `32.76`.")

    class Meta:
        model = Office
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        summary="Daftar kantor",
        description=LIST_DESCRIPTION,
        responses=errors_for(OfficeSerializer(many=True), ERRORS_READ),
    ),
    retrieve=extend_schema(summary="Detail kantor", responses=errors_for(OfficeSerializer, ERRORS_READ)),
)
class OfficeViewSet(ScopedReadViewSet):
    serializer_class = OfficeSerializer
    filterset_class = OfficeFilter

    def base_queryset(self) -> QuerySet:
        return Office.objects.all()
