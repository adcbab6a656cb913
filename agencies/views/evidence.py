"""Evidence files: upload (several at once, all or nothing), download, thumbnail, delete.

Files are never served from a public media URL: every byte goes through these views and the permission
module. Downloads are attachments with `nosniff`, so a browser never renders an uploaded file inline.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from agencies import permissions, thumbnails
from agencies.models import Evidence, record_model
from agencies.services import evidence as evidence_services

from ._common import evidence_form

MSG_MISSING = "Berkas tidak ditemukan di penyimpanan."


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
    form = evidence_form(request, kind=kind, require_files=True)
    if not form.is_valid():
        messages.error(request, _upload_refused(form.errors.get("files", []) + form.errors.get("evidence_kind", [])))
        return redirect(_detail_url(record))
    try:
        stored = evidence_services.evidence_add_many(
            user=request.user,
            record=record,
            files=form.cleaned_data["files"],
            kind=form.cleaned_data["evidence_kind"],
        )
    except ValidationError as exc:
        messages.error(request, _upload_refused(exc.messages))
    else:
        messages.success(request, f"{len(stored)} berkas bukti tersimpan.")
    return redirect(_detail_url(record))


def _upload_refused(errors) -> str:
    return "Unggahan ditolak, tidak ada berkas yang disimpan. " + " ".join(str(e) for e in errors)


def _get_evidence(user, pk: int, *, change: bool = False) -> Evidence:
    qs = Evidence.objects.select_related("office", "agreement", "activity")
    return permissions.get_for_user(user, qs, change=change, pk=pk)


def attachment_header(name: str) -> str:
    """`attachment` with an ASCII fallback and the exact name as RFC 5987 `filename*`."""
    fallback = re.sub(r"[^A-Za-z0-9._ -]", "_", name).strip() or "berkas"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _private(response, *, cache_seconds: int = 0):
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = f"private, max-age={cache_seconds}" if cache_seconds else "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_GET
def evidence_download(request, pk: int):
    evidence = _get_evidence(request.user, pk)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(MSG_MISSING) from None
    response = FileResponse(handle, content_type=evidence.content_type)
    response["Content-Disposition"] = attachment_header(evidence.original_name)
    return _private(response)


@login_required
@require_GET
def evidence_thumbnail(request, pk: int):
    evidence = _get_evidence(request.user, pk)
    name = thumbnails.ensure_thumbnail(evidence)
    if name is None:
        raise Http404("Pratinjau tidak tersedia.")
    response = FileResponse(default_storage.open(name, "rb"), content_type="image/jpeg")
    response["Content-Disposition"] = "inline"
    return _private(response, cache_seconds=3600)


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
