"""Activities (kegiatan). Reads: what the web list shows the principal. Writes: drafts of the principal's
office through `ActivityForm` and the activity services; `submit` asks for verification."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers

from agencies.choices import FocusArea, IkpDimension
from agencies.filters import ActivityFilter
from agencies.forms import ActivityForm
from agencies.models import Activity, Partner
from agencies.services import activities as activity_services

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


class ActivitySerializer(DescribedModelSerializer):
    partners = partner_ids()
    focus_areas = code_list(FocusArea.choices, "Ruang lingkup kegiatan (kode).")
    ikp_dimensions = code_list(IkpDimension.choices, "Dimensi IKP yang disasar (kode).")
    participants_male = serializers.IntegerField(min_value=0, max_value=100_000, required=False)
    participants_female = serializers.IntegerField(min_value=0, max_value=100_000, required=False)
    reports_received = serializers.IntegerField(
        min_value=0,
        max_value=10_000,
        required=False,
        help_text="Jumlah laporan dugaan pelanggaran atau informasi awal yang diteruskan mitra.",
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            "office",
            *ActivityForm.Meta.fields,
            *VERIFICATION_FIELDS,
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = READ_ONLY
        extra_kwargs = {
            **HELP,
            "agreement": {"help_text": "Kerja sama terkait (id): milik kantor ini atau kerja sama provinsi."},
            "end_date": {"help_text": "Tidak boleh di masa depan: kegiatan dilaporkan setelah terlaksana."},
        }


EXAMPLE = OpenApiExample(
    "Kegiatan baru",
    value={
        "title": "Rapat koordinasi pengawasan kampanye",
        "kind": "coordination",
        "start_date": "2025-06-10",
        "end_date": "2025-06-10",
        "location": "Kantor Bawaslu Kota Depok",
        "partners": [12, 31],
        "focus_areas": ["prevention"],
        "stage": "campaign",
        "ikp_dimensions": ["contestation"],
        "participants_male": 14,
        "participants_female": 9,
    },
    request_only=True,
)

WRITE = errors_for(ActivitySerializer, ERRORS_WRITE)


@extend_schema_view(
    list=extend_schema(
        summary="Daftar kegiatan",
        description=LIST_DESCRIPTION,
        responses=errors_for(ActivitySerializer(many=True), ERRORS_READ),
    ),
    retrieve=extend_schema(
        summary="Detail kegiatan (dengan ETag)", responses=errors_for(ActivitySerializer, ERRORS_READ)
    ),
    create=extend_schema(
        summary="Catat kegiatan (draf kantor token)",
        description=CREATE_DESCRIPTION,
        examples=[EXAMPLE],
        responses=errors_for(ActivitySerializer, ERRORS_CREATE, 201),
    ),
    update=extend_schema(
        summary="Ubah kegiatan (seluruh isian)", description=CHANGE_DESCRIPTION, parameters=[IF_MATCH], responses=WRITE
    ),
    partial_update=extend_schema(
        summary="Ubah sebagian isian kegiatan", description=CHANGE_DESCRIPTION, parameters=[IF_MATCH], responses=WRITE
    ),
    destroy=extend_schema(
        summary="Hapus kegiatan", parameters=[IF_MATCH], responses=errors_for(None, ERRORS_WRITE, 204)
    ),
    submit=extend_schema(
        summary="Ajukan kegiatan untuk diverifikasi",
        description=SUBMIT_DESCRIPTION,
        request=None,
        parameters=[IF_MATCH],
        responses=WRITE,
    ),
)
class ActivityViewSet(RecordViewSet):
    serializer_class = ActivitySerializer
    filterset_class = api_filterset(ActivityFilter)
    form_class = ActivityForm
    create_service = staticmethod(activity_services.activity_create)
    update_service = staticmethod(activity_services.activity_update)
    delete_service = staticmethod(activity_services.activity_delete)
    record_arg = "activity"

    def base_queryset(self) -> QuerySet:
        return Activity.objects.prefetch_related(Prefetch("partners", queryset=Partner.objects.only("id")))
