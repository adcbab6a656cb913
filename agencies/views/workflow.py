"""Verification actions (submit, verify, return; one by one or in bulk), the verifier's queue and the
page of agreements about to expire. Each action is one service call (its transaction, its e-mails) and
redirects after POST."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from agencies import notifications, permissions, selectors
from agencies.expiry import PAGE_HORIZON_DAYS
from agencies.models import record_model
from agencies.services import verification as verification_services
from agencies.workflow_forms import BulkForm, ExpiringFilterForm, ReturnForm

QUEUE_PAGE_SIZE = 50
EXPIRING_PAGE_SIZE = 100


def _get_record(user, kind: str, pk: int, *, change: bool = False):
    """The record through the permission boundary (404 outsiders, 403 readers); the service locks it."""
    model = record_model(kind)
    if model is None:
        raise Http404("Jenis data tidak dikenal.")
    return permissions.get_for_user(user, model.objects.select_related("office"), pk=pk, change=change)


def _next_or(request, fallback: str):
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def _label(record) -> str:
    return f"{record.kind_label} “{record.title}”"


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_POST
def record_submit(request, kind: str, pk: int):
    record = _get_record(request.user, kind, pk, change=True)
    try:
        verification_services.record_submit(user=request.user, record=record)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"{_label(record)} diajukan untuk diverifikasi oleh provinsi.")
    return _next_or(request, record.detail_url())


def _verifier_record(request, kind: str, pk: int):
    record = _get_record(request.user, kind, pk)
    if not permissions.can_verify(request.user):
        raise PermissionDenied("Hanya verifikator provinsi yang dapat memverifikasi.")
    return record


@login_required
@require_POST
def record_verify(request, kind: str, pk: int):
    record = _verifier_record(request, kind, pk)
    try:
        verification_services.record_verify(user=request.user, record=record, base_url=notifications.site_url(request))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            f"{_label(record)} terverifikasi. Kantor diberi tahu lewat surel. "
            f"Salah tekan? Verifikasi dapat dibatalkan dalam {verification_services.UNDO_MINUTES} menit.",
        )
    return _next_or(request, record.detail_url())


@login_required
@require_POST
def record_verification_undo(request, kind: str, pk: int):
    record = _verifier_record(request, kind, pk)
    try:
        verification_services.record_verification_undo(user=request.user, record=record)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"Verifikasi {_label(record)} dibatalkan; data kembali ke antrean verifikasi.")
    return _next_or(request, record.detail_url())


@login_required
@require_POST
def record_return(request, kind: str, pk: int):
    form = ReturnForm(request.POST)
    record = _verifier_record(request, kind, pk)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["note"]))
        return _next_or(request, record.detail_url())
    try:
        verification_services.record_return(
            user=request.user, record=record, note=form.cleaned_data["note"], base_url=notifications.site_url(request)
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"{_label(record)} dikembalikan ke {record.office.name} dengan catatan.")
    return _next_or(request, record.detail_url())


def _bulk_form(request) -> BulkForm | None:
    form = BulkForm(request.POST)
    if form.is_valid():
        return form
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return None


def _bulk_message(request, result, done_word: str) -> None:
    text = f"{result.done_count} {done_word}, {result.skipped} dilewati"
    if result.skipped:
        text += " (bukan milik kantor Anda, tidak ditemukan, atau statusnya tidak sesuai)"
    (messages.success if result.done_count else messages.warning)(request, text + ".")


@login_required
@require_POST
def bulk_submit(request):
    if permissions.is_leader(request.user):
        raise PermissionDenied("Pimpinan hanya dapat melihat data.")
    form = _bulk_form(request)
    if form is None:
        return _next_or(request, reverse("home"))
    kind = form.cleaned_data["kind"]
    result = verification_services.bulk_submit(user=request.user, kind=kind, ids=form.cleaned_data["ids"])
    _bulk_message(request, result, "diajukan")
    return _next_or(request, reverse(f"agencies:{kind}-list"))


@login_required
@require_POST
def import_batch_submit(request, pk: int):
    """ "Ajukan semua (N)" on the list of one import's rows; back to that list."""
    batch = permissions.scope_import_batches(request.user).filter(pk=pk).select_related("office").first()
    if batch is None:
        raise Http404("Impor tidak ditemukan.")
    result = verification_services.import_batch_submit(user=request.user, batch=batch)
    _bulk_message(request, result, "diajukan")
    return redirect(reverse(f"agencies:{batch.record_kind}-list") + f"?batch={batch.pk}")


@login_required
@require_POST
def bulk_verify(request):
    if not permissions.can_verify(request.user):
        raise PermissionDenied("Hanya verifikator provinsi yang dapat memverifikasi.")
    form = _bulk_form(request)
    if form is not None:
        result = verification_services.bulk_verify(
            user=request.user,
            kind=form.cleaned_data["kind"],
            ids=form.cleaned_data["ids"],
            base_url=notifications.site_url(request),
        )
        _bulk_message(request, result, "diverifikasi")
    return _next_or(request, reverse("agencies:verification-queue"))


def _chosen(filterset, name: str) -> str:
    filterset.form.is_valid()
    return getattr(filterset.form, "cleaned_data", {}).get(name) or ""


@login_required
@require_GET
def verification_queue(request):
    if not permissions.sees_all_offices(request.user):
        raise PermissionDenied("Antrean verifikasi hanya untuk verifikator dan pimpinan provinsi.")
    filterset = selectors.queue_filter(request.user, request.GET)
    page = Paginator(selectors.queue_keys(request.user, request.GET), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    offices = selectors.queue_counts(selectors.office_overview(request.user))
    office_code = _chosen(filterset, "office")
    can_act = permissions.can_verify(request.user)
    since = timezone.now() - dt.timedelta(minutes=verification_services.UNDO_MINUTES)
    context = {
        "form": filterset.form,
        "page": page,
        "rows": selectors.queue_records(list(page.object_list)),
        "offices": offices,
        "can_act": can_act,
        "recent": selectors.recently_verified(request.user, since=since) if can_act else [],
        "undo_minutes": verification_services.UNDO_MINUTES,
        "return_form": ReturnForm(),
        "selected_office": next((o for o in offices if o.code == office_code), None),
        "selected_kind": _chosen(filterset, "kind"),
        "filtered": any(_chosen(filterset, name) for name in ("office", "kind", "q")),
        "newest_first": filterset.newest_first,
    }
    return render(request, "agencies/verification_queue.html", context)


@login_required
@require_GET
def expiring(request):
    form = ExpiringFilterForm(request.GET, user=request.user)
    office, within = form.selected("office"), form.selected("within", PAGE_HORIZON_DAYS)
    today = timezone.localdate()
    qs = selectors.expiring_agreements(request.user, today=today, within=within, office=office)
    page = Paginator(qs, EXPIRING_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows": selectors.annotate_rows(list(page.object_list), today=today),
        "bands": selectors.band_counts(request.user, today=today, office=office),
        "within": within,
        "today": today,
        "selected_office": office,
    }
    return render(request, "agencies/expiring.html", context)
