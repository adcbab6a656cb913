"""Evidence metadata, its download through the portal's permission-checked view, upload and delete.

An upload is one file per request (multipart: `file`, `kind`, and exactly one of `agreement`/`activity`),
checked by the web's `EvidenceBatchForm` (the one file check of `agencies/files.py`: type from the bytes,
size and zip limits) and stored by `evidence_add_many`; a submitted or verified record goes back to draft.
"""

from __future__ import annotations

import django_filters as df
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from agencies import permissions
from agencies.choices import EvidenceKind
from agencies.filters import OFFICE_CHOICES
from agencies.forms import EvidenceBatchForm
from agencies.models import Activity, Agreement, Evidence
from agencies.services import evidence as evidence_services
from agencies.views import evidence as evidence_views

from ..docs import E401, E404, E429, ERRORS_CREATE, ERRORS_READ, ERRORS_WRITE, IF_MATCH, LIST_DESCRIPTION, errors_for
from ..parsers import CappedJSONParser, CappedMultiPartParser
from ..serializers import DescribedModelSerializer
from ..viewsets import ScopedReadViewSet
from ..writes import valid_form

MSG_ONE_PARENT = "Isi tepat satu dari `agreement` atau `activity`."
MSG_NOT_AN_ID = "Harus berupa id bilangan bulat."
MSG_ONE_FILE = "Kirim tepat satu berkas pada isian `file`."


class EvidenceSerializer(DescribedModelSerializer):
    download_url = serializers.SerializerMethodField(
        help_text="Unduh berkas (GET dengan token/sesi yang sama); melalui tampilan unduh portal yang memeriksa izin."
    )

    class Meta:
        model = Evidence
        fields = [
            "id",
            "office",
            "agreement",
            "activity",
            "kind",
            "original_name",
            "size",
            "content_type",
            "sha256",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "original_name": {"help_text": "Nama berkas saat diunggah (hanya data; disimpan dengan nama acak)."},
            "size": {"help_text": "Ukuran dalam byte."},
            "content_type": {"help_text": "Jenis isi yang dikenali dari isi berkas, bukan dari namanya."},
            "uploaded_at": {"help_text": "Waktu unggah (dasar urutan dan `updated_since`: bukti tidak pernah diubah)."},
        }

    def get_download_url(self, evidence: Evidence) -> str:
        return self.context["request"].build_absolute_uri(reverse("api:evidence-download", args=[evidence.pk]))


class EvidenceUploadSerializer(serializers.Serializer):
    """The multipart form of an upload (for the schema; the web's form validates)."""

    file = serializers.FileField(help_text="PDF, JPEG, PNG, DOCX atau XLSX; jenis dikenali dari isinya.")
    kind = serializers.ChoiceField(choices=EvidenceKind.choices, help_text="Jenis bukti.")
    agreement = serializers.IntegerField(required=False, help_text="Id kerja sama (atau isi `activity`).")
    activity = serializers.IntegerField(required=False, help_text="Id kegiatan (atau isi `agreement`).")


class EvidenceFilter(df.FilterSet):
    office = df.ChoiceFilter(choices=OFFICE_CHOICES, field_name="office__code", help_text="Kode kantor pemilik.")
    kind = df.ChoiceFilter(choices=EvidenceKind.choices, help_text="Jenis bukti.")
    agreement = df.NumberFilter(field_name="agreement_id", help_text="Bukti satu kerja sama (id).")
    activity = df.NumberFilter(field_name="activity_id", help_text="Bukti satu kegiatan (id).")

    class Meta:
        model = Evidence
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        summary="Daftar bukti (metadata)",
        description=LIST_DESCRIPTION,
        responses=errors_for(EvidenceSerializer(many=True), ERRORS_READ),
    ),
    retrieve=extend_schema(
        summary="Detail bukti (metadata, dengan ETag)", responses=errors_for(EvidenceSerializer, ERRORS_READ)
    ),
    create=extend_schema(
        summary="Unggah satu berkas bukti",
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses=errors_for(EvidenceSerializer, ERRORS_CREATE, 201),
    ),
    destroy=extend_schema(summary="Hapus bukti", parameters=[IF_MATCH], responses=errors_for(None, ERRORS_WRITE, 204)),
    download=extend_schema(
        summary="Unduh berkas bukti",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="Isi berkas."),
            401: E401,
            404: E404,
            429: E429,
        },
    ),
)
class EvidenceViewSet(ScopedReadViewSet):
    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilter
    sync_field = "uploaded_at"
    http_method_names = ["get", "post", "delete", "head", "options"]
    parser_classes = [CappedMultiPartParser, CappedJSONParser]

    def base_queryset(self) -> QuerySet:
        return Evidence.objects.all()

    def create(self, request, *args, **kwargs) -> Response:
        record = self._record(request)
        uploads = request.FILES.getlist("file")
        if len(uploads) != 1:
            raise serializers.ValidationError({"file": [MSG_ONE_FILE]})
        files = MultiValueDict({"files": uploads})
        form = valid_form(EvidenceBatchForm({"evidence_kind": request.data.get("kind")}, files, require_files=True))
        stored = evidence_services.evidence_add_many(
            user=request.user, record=record, files=form.cleaned_data["files"], kind=form.cleaned_data["evidence_kind"]
        )
        return self.respond(stored[0], status=201)

    def _record(self, request) -> Agreement | Activity:
        given = {name: request.data.get(name) for name in ("agreement", "activity") if request.data.get(name)}
        if len(given) != 1:
            raise serializers.ValidationError({"non_field_errors": [MSG_ONE_PARENT]})
        (name, raw), model = next(iter(given.items())), {"agreement": Agreement, "activity": Activity}
        if not str(raw).isdigit():
            raise serializers.ValidationError({name: [MSG_NOT_AN_ID]})
        qs = model[name].objects.select_related("office")
        return permissions.get_for_user(request.user, qs, change=True, pk=int(raw))

    def destroy(self, request, *args, **kwargs) -> Response:
        evidence = self.get_object()
        self.expected_version(evidence)
        evidence_services.evidence_delete(user=request.user, evidence=evidence)
        return Response(status=204)

    @action(detail=True, methods=["get"])
    def download(self, request, *args, pk: str, **kwargs) -> HttpResponse:
        """The portal's own download view, with the API's principal as the user: one permission check."""
        if not str(pk).isdigit():  # "null,null" from a client is not found, not a 500 in int()
            raise Http404
        return evidence_views.evidence_download(request._request, int(pk))
