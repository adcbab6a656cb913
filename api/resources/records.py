"""What the agreement and activity resources share: writes through the web forms and services, always
as drafts of the principal's recording office, the explicit `submit` action, and the verification fields."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from agencies import permissions
from agencies.models import Partner
from agencies.services import verification

from ..viewsets import ScopedReadViewSet
from ..writes import form_input, valid_form

MSG_CANNOT_RECORD = "Anda tidak berwenang mencatat data."

VERIFICATION_FIELDS = ["verification_status", "submitted_at", "verified_at", "return_note"]
READ_ONLY = ["id", "office", *VERIFICATION_FIELDS, "version", "created_at", "updated_at"]
HELP = {
    "office": {"help_text": "Kantor pemilik (id kantor). Data baru selalu milik kantor token, sebagai draf."},
    "partners": {"help_text": "Id lembaga mitra dari direktori bersama (minimal satu)."},
    "verification_status": {"help_text": "draft → submitted → verified, atau returned dengan catatan."},
    "return_note": {"help_text": "Catatan verifikator saat data dikembalikan."},
    "version": {"help_text": "Versi data; naik pada setiap perubahan (dasar ETag)."},
}


def partner_ids() -> serializers.PrimaryKeyRelatedField:
    """Partner ids, read from the prefetched partners (no query per row)."""
    return serializers.PrimaryKeyRelatedField(many=True, queryset=Partner.objects.all(), **HELP["partners"])


def code_list(choices, help_text: str) -> serializers.ListField:
    return serializers.ListField(child=serializers.ChoiceField(choices=choices), help_text=help_text, required=False)


class RecordViewSet(ScopedReadViewSet):
    """Agreements and activities. A subclass names its web form and its services."""

    form_class: type
    create_service: Callable
    update_service: Callable
    delete_service: Callable
    record_arg: str  # "agreement" or "activity", the services' keyword

    def create(self, request, *args, **kwargs) -> Response:
        office = permissions.recording_office(request.user)
        if office is None:
            raise PermissionDenied(MSG_CANNOT_RECORD)
        fields = self.form_class.Meta.fields
        form = valid_form(
            self.form_class(
                data=form_input(request.data, form_class=self.form_class, fields=fields),
                user=request.user,
                office=office,
            )
        )
        record = self.create_service(
            user=request.user, office=office, data=form.data_for_service(), partners=form.cleaned_data["partners"]
        )
        return self.respond(record, status=201)

    def update(self, request, *args, partial: bool = False, **kwargs) -> Response:
        record = self.get_object()
        version = self.expected_version(record)
        fields = self.form_class.Meta.fields
        payload = form_input(request.data, form_class=self.form_class, fields=fields, instance=record, partial=partial)
        form = self.form_class(
            data={**payload, "version": version}, instance=record, user=request.user, office=record.office
        )
        valid_form(form)
        self.update_service(
            user=request.user,
            data=form.data_for_service(),
            partners=form.cleaned_data["partners"],
            expected_version=version,
            **{self.record_arg: record},
        )
        return self.respond(record)

    def partial_update(self, request, *args, **kwargs) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs) -> Response:
        record = self.get_object()
        self.expected_version(record)
        self.delete_service(user=request.user, **{self.record_arg: record})
        return Response(status=204)

    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs) -> Response:
        """Submit for verification (draft or returned → submitted). Verifying stays in the portal."""
        record = self.get_object()
        self.expected_version(record)
        verification.record_submit(user=request.user, record=record)
        return self.respond(record)
