"""Spreadsheet import pages: upload, template download, preview, confirm (or cancel)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from agencies.models import Office

from . import imports
from .forms import ImportUploadForm
from .import_templates import build_template, template_filename

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS_PER_PAGE = 200
MAX_ERRORS_SHOWN = 1000
LIST_URLS = {
    "partners": "agencies:partner-list",
    "agreements": "agencies:agreement-list",
    "activities": "agencies:activity-list",
}
MSG_NO_PENDING = "Belum ada berkas yang diunggah, atau sesi impor sudah berakhir. Unggah berkas dulu."
MSG_CHANGED = (
    "Data berubah sejak pratinjau sehingga sebagian baris kini tidak valid. Tidak ada yang disimpan; "
    "periksa daftar kesalahan di bawah."
)
MSG_CANCELLED = "Impor dibatalkan. Berkas unggahan sudah dihapus; tidak ada data yang disimpan."


def _import_office(user) -> Office:
    office = imports.import_office_for(user)
    if office is None:
        raise PermissionDenied("Peran Anda tidak dapat mengimpor data.")
    return office


@login_required
def import_start(request):
    office = _import_office(request.user)
    imports.purge_stale_uploads()
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, office=office)
        if form.is_valid():
            _discard_pending(request)
            kind = form.cleaned_data["kind"]
            state = imports.stash_upload(form.cleaned_data["file"], kind, form.format, user=request.user, office=office)
            request.session[imports.SESSION_KEY] = state
            return redirect("reports:import-preview")
    else:
        kind = request.GET.get("kind")
        form = ImportUploadForm(office=office, initial={"kind": kind if kind in imports.KIND_LABELS else None})
    context = {
        "form": form,
        "office": office,
        "kinds": list(imports.KIND_LABELS.items()),
        "pending": request.session.get(imports.SESSION_KEY),
    }
    return render(request, "reports/import_start.html", context)


@login_required
def import_template(request, kind: str):
    office = _import_office(request.user)
    if kind not in imports.KIND_LABELS:
        raise Http404("Jenis templat tidak dikenal.")
    content = build_template(kind, user=request.user, office=office)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{template_filename(kind)}"'
    return response


@login_required
def import_preview(request):
    office = _import_office(request.user)
    state = request.session.get(imports.SESSION_KEY)
    if not state:
        messages.info(request, MSG_NO_PENDING)
        return redirect("reports:import-start")
    try:
        plan = imports.preview_import(state, user=request.user, office=office)
    except imports.FileRejected as exc:
        _forget(request)
        messages.error(request, exc.message)
        return redirect("reports:import-start")
    return render(request, "reports/import_preview.html", _preview_context(request, state, plan))


def _preview_context(request, state: dict, plan: imports.ImportPlan) -> dict:
    errors = plan.errors
    page = Paginator(plan.rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "state": state,
        "plan": plan,
        "kind_label": imports.KIND_LABELS[plan.kind],
        "counts": plan.counts(),
        "total": len(plan.rows),
        "errors": errors[:MAX_ERRORS_SHOWN],
        "errors_total": len(errors),
        "errors_hidden": max(0, len(errors) - MAX_ERRORS_SHOWN),
        "page": page,
        "status_labels": imports.STATUS_LABELS,
    }


@login_required
@require_POST
def import_confirm(request):
    office = _import_office(request.user)
    state = request.session.get(imports.SESSION_KEY)
    if not state:
        messages.info(request, MSG_NO_PENDING)
        return redirect("reports:import-start")
    if request.POST.get("action") == "cancel":
        imports.cancel_import(state, user=request.user)
        _forget(request)
        messages.info(request, MSG_CANCELLED)
        return redirect("reports:import-start")
    try:
        plan = imports.confirm_import(state, user=request.user, office=office)
    except imports.FileRejected as exc:
        _forget(request)
        messages.error(request, exc.message)
        return redirect("reports:import-start")
    if not plan.is_valid:
        messages.error(request, MSG_CHANGED)
        return redirect("reports:import-preview")
    _forget(request)
    messages.success(request, _done_message(plan))
    return redirect(_list_url(plan.kind))


def _done_message(plan: imports.ImportPlan) -> str:
    counts = plan.counts()
    text = (
        f"Impor {imports.KIND_LABELS[plan.kind].lower()} selesai: {counts['new']} baru, "
        f"{counts['update']} diperbarui, {counts['unchanged']} tidak berubah"
    )
    if counts["skipped"]:
        text += f", {counts['skipped']} dilewati"
    if plan.kind != "partners":
        text += ". Semua data berstatus draf: ajukan untuk verifikasi bila sudah benar"
    return text + "."


def _list_url(kind: str) -> str:
    try:
        url = reverse(LIST_URLS[kind])
    except NoReverseMatch:
        return reverse("reports:import-start")
    return url + ("?verification=draft" if kind != "partners" else "")


def _discard_pending(request) -> None:
    """A new upload replaces the one waiting for confirmation; its stored file is deleted."""
    previous = request.session.get(imports.SESSION_KEY)
    if previous:
        imports.cancel_import(previous, user=request.user)
    _forget(request)


def _forget(request) -> None:
    request.session.pop(imports.SESSION_KEY, None)
