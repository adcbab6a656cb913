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

from agencies import tabular_stash
from agencies.models import Office

from . import imports
from .forms import ImportUploadForm
from .import_templates import build_template, template_filename

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS_PER_PAGE = 200
MAX_ERRORS_SHOWN = 1000
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
    kept = tabular_stash.pending(request.session, imports.KEPT_KEY)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, has_kept=bool(kept))
        if form.is_valid():
            try:
                state = _checked_upload(request, form, office, kept)
            except imports.FileRejected as exc:
                form.add_error("file", exc.message)
            else:
                _discard_pending(request)
                request.session.pop(imports.KEPT_KEY, None)  # its stash is now the pending import's
                request.session[imports.SESSION_KEY] = state
                return redirect("reports:import-preview")
        kept = tabular_stash.pending(request.session, imports.KEPT_KEY)
    else:
        kind = request.GET.get("kind")
        form = ImportUploadForm(initial={"kind": kind if kind in imports.KIND_LABELS else ""}, has_kept=bool(kept))
    context = {
        "form": form,
        "office": office,
        "kinds": list(imports.KIND_LABELS.items()),
        "pending": request.session.get(imports.SESSION_KEY),
        "kept": kept,
    }
    return render(request, "reports/import_start.html", context)


def _checked_upload(request, form, office: Office, kept: dict | None) -> dict:
    """The state of a new upload (or of the attached one): stashed once it is a readable spreadsheet, so that a
    data type that does not fit keeps the file for the next try (`KEPT_KEY`), then its headers checked."""
    uploaded = form.cleaned_data.get("file")
    if uploaded:
        fmt = imports.sniff_format(uploaded)  # an unsafe or unreadable file is not kept
        _discard_kept(request)
        state = imports.stash_upload(uploaded, "", fmt, user=request.user, office=office)
        request.session[imports.KEPT_KEY] = state
    else:
        state = dict(kept)
    try:
        state["kind"] = imports.check_stashed(state, form.cleaned_data["kind"], user=request.user, office=office)
    except imports.FileRejected as exc:
        if exc.message == tabular_stash.MSG_EXPIRED:  # the attached file is gone: choose it again
            request.session.pop(imports.KEPT_KEY, None)
        raise
    state["detected"] = not form.cleaned_data["kind"]
    return state


def _discard_kept(request) -> None:
    tabular_stash.forget(request.session, imports.KEPT_KEY, user=request.user)


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
        "kinds": list(imports.KIND_LABELS.items()),
    }


@login_required
@require_POST
def import_confirm(request):
    office = _import_office(request.user)
    state = request.session.get(imports.SESSION_KEY)
    if not state:
        messages.info(request, MSG_NO_PENDING)
        return redirect("reports:import-start")
    if request.POST.get("action") == "kind":
        return _change_kind(request, state, office)
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
    return redirect(_list_url(plan.kind, plan.batch))


def _change_kind(request, state: dict, office: Office):
    """The user corrects the recognised data type: the stashed file's headers must fit the new one."""
    try:
        kind = imports.check_stashed(state, request.POST.get("kind", ""), user=request.user, office=office)
    except imports.FileRejected as exc:
        messages.error(request, exc.message)
    else:
        request.session[imports.SESSION_KEY] = {**state, "kind": kind, "detected": False}
    return redirect("reports:import-preview")


def _done_message(plan: imports.ImportPlan) -> str:
    counts = plan.counts()
    text = (
        f"Impor {imports.KIND_LABELS[plan.kind].lower()} selesai: {counts['new']} baru, "
        f"{counts['update']} diperbarui, {counts['unchanged']} tidak berubah"
    )
    if counts["skipped"]:
        text += f", {counts['skipped']} dilewati"
    if plan.kind != "partners" and plan.batch is not None:
        text += ". Di bawah ini baris-baris hasil impor itu, berstatus draf: ajukan untuk verifikasi bila sudah benar"
    return text + "."


def _list_url(kind: str, batch=None) -> str:
    try:
        return imports.imported_rows_url(kind, batch)
    except NoReverseMatch:
        return reverse("reports:import-start")


def _discard_pending(request) -> None:
    """A new upload replaces the one waiting for confirmation; its stored file is deleted."""
    previous = request.session.get(imports.SESSION_KEY)
    if previous:
        imports.cancel_import(previous, user=request.user)
    _forget(request)


def _forget(request) -> None:
    request.session.pop(imports.SESSION_KEY, None)
