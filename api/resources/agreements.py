"""Cooperation agreements (MoU, PKS …). Reads: what the web list shows the principal. Writes: drafts of the
principal's office through `AgreementForm` and the agreement services; `submit` asks for verification."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers

from agencies.choices import AgreementStatus, FocusArea
from agencies.filters import AgreementFilter
from agencies.forms import AgreementForm
from agencies.models import Agreement, Partner
from agencies.services import agreements as agreement_services

from ..docs import (
    CHANGE_DESCRIPTION,
    CREATE_DESCRIPTION,
    ERRORS_CREATE,
    ERRORS_READ,
    ERRORS_WRITE,
    IF_MATCH,
    LIST_DESCRIPTION,
    SUBMIT_DESCRIPTION,
    errors_for,
)
from ..filtersets import api_filterset
from ..serializers import DescribedModelSerializer
from .records import HELP, READ_ONLY, VERIFICATION_FIELDS, RecordViewSet, code_list, partner_ids


class AgreementSerializer(DescribedModelSerializer):
    partners = partner_ids()
    focus_areas = code_list(FocusArea.choices, "Ruang lingkup kerja sama (kode).")
    status = serializers.ChoiceField(
        choices=AgreementStatus.choices,
        source="computed_status",
        read_only=True,
        help_text="Status berlaku hari ini (WIB), dihitung dari tanggal; tidak disimpan.",
    )

    class Meta:
        model = Agreement
        fields = [
            "id",
            "office",
            *AgreementForm.Meta.fields,
            "status",
            *VERIFICATION_FIELDS,
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = READ_ONLY
        extra_kwargs = {
            **HELP,
            "parent": {"help_text": "Kerja sama induk (id), mis. MoU nasional/provinsi yang dijabarkan PKS ini."},
            "is_public": {"help_text": "Kantor mengizinkan publikasi (mis. ke JDIH) setelah terverifikasi."},
            "end_date": {"help_text": "Kosong bila tanpa batas waktu."},
        }


EXAMPLE = OpenApiExample(
    "PKS baru",
    value={
        "kind": "pks",
        "title": "Perjanjian Kerja Sama Pengawasan Partisipatif",
        "number": "001/PKS/HM.02/2025",
        "partners": [12],
        "focus_areas": ["prevention", "participatory"],
        "signed_on": "2025-03-01",
        "start_date": "2025-03-01",
        "end_date": "2027-02-28",
        "is_public": True,
    },
    request_only=True,
)

WRITE = errors_for(AgreementSerializer, ERRORS_WRITE)


@extend_schema_view(
    list=extend_schema(
        summary="Daftar kerja sama",
        description=LIST_DESCRIPTION,
        responses=errors_for(AgreementSerializer(many=True), ERRORS_READ),
    ),
    retrieve=extend_schema(
        summary="Detail kerja sama (dengan ETag)", responses=errors_for(AgreementSerializer, ERRORS_READ)
    ),
    create=extend_schema(
        summary="Catat kerja sama (draf kantor token)",
        description=CREATE_DESCRIPTION,
        examples=[EXAMPLE],
        responses=errors_for(AgreementSerializer, ERRORS_CREATE, 201),
    ),
    update=extend_schema(
        summary="Ubah kerja sama (seluruh isian)",
        description=CHANGE_DESCRIPTION,
        parameters=[IF_MATCH],
        responses=WRITE,
    ),
    partial_update=extend_schema(
        summary="Ubah sebagian isian kerja sama", description=CHANGE_DESCRIPTION, parameters=[IF_MATCH], responses=WRITE
    ),
    destroy=extend_schema(
        summary="Hapus kerja sama", parameters=[IF_MATCH], responses=errors_for(None, ERRORS_WRITE, 204)
    ),
    submit=extend_schema(
        summary="Ajukan kerja sama untuk diverifikasi",
        description=SUBMIT_DESCRIPTION,
        request=None,
        parameters=[IF_MATCH],
        responses=WRITE,
    ),
)
class AgreementViewSet(RecordViewSet):
    serializer_class = AgreementSerializer
    filterset_class = api_filterset(AgreementFilter)
    form_class = AgreementForm
    create_service = staticmethod(agreement_services.agreement_create)
    update_service = staticmethod(agreement_services.agreement_update)
    delete_service = staticmethod(agreement_services.agreement_delete)
    record_arg = "agreement"

    def base_queryset(self) -> QuerySet:
        partners = Prefetch("partners", queryset=Partner.objects.only("id"))
        return Agreement.objects.with_status(timezone.localdate()).prefetch_related(partners)
