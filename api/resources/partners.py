"""Partners: the province-wide shared directory. Every role reads it; a read-write token registers
partners for its office and changes or deletes the ones its office registered (as staff do in the web)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework.response import Response

from agencies import permissions
from agencies.filters import PartnerFilter
from agencies.forms import PartnerForm
from agencies.models import Partner
from agencies.services import partners as partner_services

from ..docs import (
    CHANGE_DESCRIPTION,
    CREATE_DESCRIPTION,
    ERRORS_READ,
    ERRORS_WRITE,
    IF_MATCH,
    LIST_DESCRIPTION,
    errors_for,
)
from ..filtersets import api_filterset
from ..serializers import DescribedModelSerializer
from ..viewsets import ScopedReadViewSet
from ..writes import form_input, valid_form

FIELDS = PartnerForm.DATA_FIELDS
MSG_CANNOT_REGISTER = "Anda tidak berwenang mendaftarkan lembaga mitra."


class PartnerSerializer(DescribedModelSerializer):
    class Meta:
        model = Partner
        fields = ["id", *FIELDS, "registered_by", "version", "created_at", "updated_at"]
        read_only_fields = ["id", "registered_by", "version", "created_at", "updated_at"]
        extra_kwargs = {
            "name": {"help_text": "Nama lembaga; unik di direktori (tanpa membedakan huruf besar, tanda baca)."},
            "home_office": {"help_text": "Kantor wilayah lembaga (id kantor); null untuk lembaga nasional/lainnya."},
            "registered_by": {
                "help_text": "Kantor yang mendaftarkan (id kantor); hanya kantor ini yang dapat mengubah."
            },
            "accreditation_number": {"help_text": "Khusus lembaga pemantau pemilu, beserta masa berlakunya."},
            "version": {"help_text": "Versi data; naik pada setiap perubahan (dasar ETag)."},
        }


EXAMPLE = OpenApiExample(
    "Lembaga mitra baru",
    value={"name": "Universitas Indonesia Depok", "acronym": "UI", "category": "university", "level": "local"},
    request_only=True,
)

PartnerFilterSet = api_filterset(PartnerFilter)


@extend_schema_view(
    list=extend_schema(
        summary="Daftar lembaga mitra (direktori bersama)",
        description=LIST_DESCRIPTION,
        responses=errors_for(PartnerSerializer(many=True), ERRORS_READ),
    ),
    retrieve=extend_schema(summary="Detail lembaga mitra", responses=errors_for(PartnerSerializer, ERRORS_READ)),
    create=extend_schema(
        summary="Daftarkan lembaga mitra",
        description=CREATE_DESCRIPTION,
        examples=[EXAMPLE],
        responses=errors_for(PartnerSerializer, ERRORS_WRITE, 201),
    ),
    update=extend_schema(
        summary="Ubah lembaga mitra (seluruh isian)",
        description=CHANGE_DESCRIPTION,
        parameters=[IF_MATCH],
        responses=errors_for(PartnerSerializer, ERRORS_WRITE),
    ),
    partial_update=extend_schema(
        summary="Ubah sebagian isian lembaga mitra",
        description=CHANGE_DESCRIPTION,
        parameters=[IF_MATCH],
        responses=errors_for(PartnerSerializer, ERRORS_WRITE),
    ),
    destroy=extend_schema(
        summary="Hapus lembaga mitra yang tidak dipakai",
        parameters=[IF_MATCH],
        responses=errors_for(None, ERRORS_WRITE, 204),
    ),
)
class PartnerViewSet(ScopedReadViewSet):
    serializer_class = PartnerSerializer
    filterset_class = PartnerFilterSet
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def base_queryset(self) -> QuerySet:
        return Partner.objects.all()

    def create(self, request, *args, **kwargs) -> Response:
        if not permissions.can_register_partner(request.user):
            raise PermissionDenied(MSG_CANNOT_REGISTER)
        form = valid_form(PartnerForm(data=form_input(request.data, form_class=PartnerForm, fields=FIELDS)))
        data = {name: form.cleaned_data[name] for name in FIELDS}
        return self.respond(partner_services.partner_create(user=request.user, data=data), status=201)

    def update(self, request, *args, partial: bool = False, **kwargs) -> Response:
        partner = self.get_object()
        version = self.expected_version(partner)
        payload = form_input(request.data, form_class=PartnerForm, fields=FIELDS, instance=partner, partial=partial)
        form = valid_form(PartnerForm(data={**payload, "version": version}, instance=partner))
        data = {name: form.cleaned_data[name] for name in FIELDS}
        partner_services.partner_update(user=request.user, partner=partner, data=data, expected_version=version)
        return self.respond(partner)

    def partial_update(self, request, *args, **kwargs) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs) -> Response:
        partner = self.get_object()
        self.expected_version(partner)
        partner_services.partner_delete(user=request.user, partner=partner)
        return Response(status=204)
