"""Evidence files: upload (several at once, all or nothing), download, thumbnail, delete.

Files are never served from a public media URL: every byte goes through these views and the permission
module. Downloads go through `agencies.downloads.stored_file_response`, the one download function.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from agencies import kept_files, permissions, thumbnails
from agencies.downloads import private, stored_file_response
from agencies.models import Evidence, record_model
from agencies.services import evidence as evidence_services

from ._common import evidence_form


def _record_for(user, kind: str, pk: int, *, change: bool = False):
    model = record_model(kind)
    if model is None:
        raise Http404("Jenis data tidak dikenal.")
    return permissions.get_for_user(user, model.objects.select_related("office"), pk=pk, change=change)


def _detail_url(record) -> str:
    return record.detail_url() + "#bukti"


@login_required
@require_POST
def evidence_upload(request, kind: str, pk: int):
    record = _record_for(request.user, kind, pk, change=True)
    kept = kept_files.chosen(request)
    form = evidence_form(request, kind=kind, require_files=not kept)
    if not form.is_valid():
        _keep_for_page(request, form, record)
        messages.error(request, _upload_refused(form.errors.get("files", []) + form.errors.get("evidence_kind", [])))
        return redirect(_detail_url(record))
    reopened = []
    try:
        reopened = kept_files.reopen(request, kept)
        stored = evidence_services.evidence_add_many(
            user=request.user,
            record=record,
            files=[*form.cleaned_data["files"], *reopened],
            kind=form.cleaned_data["evidence_kind"],
        )
    except ValidationError as exc:
        for fileobj in reopened:
            fileobj.close()
        messages.error(request, _upload_refused(exc.messages))
    else:
        kept_files.release(request, kept, reopened)
        messages.success(request, f"{len(stored)} berkas bukti tersimpan.")
    return redirect(_detail_url(record))


def upload_slot(record) -> str:
    """The name under which a record page's upload form finds the files kept for it."""
    return f"{record.record_kind}-{record.pk}"


def _keep_for_page(request, form, record) -> None:
    """The good files of a refused upload stay attached to the record page's upload form."""
    if form.accepted:
        kept_files.keep(request, form.accepted, slot=upload_slot(record))
        messages.info(request, MSG_KEPT)


MSG_KEPT = "Berkas yang lolos pemeriksaan tetap terlampir pada formulir unggah di bawah: tidak perlu dipilih lagi."


def _upload_refused(errors) -> str:
    return "Unggahan ditolak, tidak ada berkas yang disimpan. " + " ".join(str(e) for e in errors)


def _get_evidence(user, pk: int, *, change: bool = False) -> Evidence:
    qs = Evidence.objects.select_related("office", "agreement", "activity")
    return permissions.get_for_user(user, qs, change=change, pk=pk)


@login_required
@require_GET
def evidence_download(request, pk: int):
    evidence = _get_evidence(request.user, pk)
    return stored_file_response(evidence.file, name=evidence.original_name)


@login_required
@require_GET
def evidence_thumbnail(request, pk: int):
    evidence = _get_evidence(request.user, pk)
    name = thumbnails.ensure_thumbnail(evidence)
    if name is None:
        raise Http404("Pratinjau tidak tersedia.")
    response = FileResponse(default_storage.open(name, "rb"), content_type="image/jpeg")
    response["Content-Disposition"] = "inline"
    return private(response, cache_seconds=3600)


@login_required
def evidence_delete(request, pk: int):
    evidence = _get_evidence(request.user, pk, change=True)
    record = evidence.parent
    if request.method == "POST":
        evidence_services.evidence_delete(user=request.user, evidence=evidence)
        messages.success(request, f"Bukti “{evidence.original_name}” dihapus (tetap tercatat di riwayat).")
        return redirect(_detail_url(record))
    return render(
        request,
        "agencies/evidence_confirm_delete.html",
        {"evidence": evidence, "record": record, "back_url": _detail_url(record)},
    )
