"""Verification actions (submit, verify, return; one by one or in bulk), the verifier's queue and the
page of agreements about to expire. Each action is one transaction and redirects after POST."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from agencies import notifications, permissions, reminders, services, verification
from agencies.workflow_forms import BulkForm, ExpiringFilterForm, QueueFilterForm, ReturnForm

QUEUE_PAGE_SIZE = 50
EXPIRING_PAGE_SIZE = 100


def _get_record(user, kind: str, pk: int, *, change: bool = False):
    """The record through the permission boundary, locked for this transaction (404 outsiders, 403 readers)."""
    model = verification.KINDS.get(kind)
    if model is None:
        raise Http404("Jenis data tidak dikenal.")
    return permissions.get_for_user(user, model.objects.select_for_update(), pk=pk, change=change)


def _next_or(request, fallback: str):
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def _record_url(kind: str, pk: int) -> str:
    return notifications.record_path(kind, pk)


def _safe_reverse(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return reverse("home")


def _label(kind: str, record) -> str:
    return f"{verification.KIND_LABELS[kind]} “{record.title}”"


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_POST
def record_submit(request, kind: str, pk: int):
    with transaction.atomic():
        record = _get_record(request.user, kind, pk, change=True)
        try:
            services.record_submit(user=request.user, record=record)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, f"{_label(kind, record)} diajukan untuk diverifikasi oleh provinsi.")
    return _next_or(request, _record_url(kind, pk))


def _verifier_record(request, kind: str, pk: int):
    record = _get_record(request.user, kind, pk)
    if not permissions.can_verify(request.user):
        raise PermissionDenied("Hanya verifikator provinsi yang dapat memverifikasi.")
    return record


@login_required
@require_POST
def record_verify(request, kind: str, pk: int):
    with transaction.atomic():
        record = _verifier_record(request, kind, pk)
        try:
            services.record_verify(user=request.user, record=record)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            notifications.records_verified([record], actor=request.user, request=request)
            messages.success(request, f"{_label(kind, record)} terverifikasi. Kantor diberi tahu lewat surel.")
    return _next_or(request, _record_url(kind, pk))


@login_required
@require_POST
def record_return(request, kind: str, pk: int):
    form = ReturnForm(request.POST)
    with transaction.atomic():
        record = _verifier_record(request, kind, pk)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors["note"]))
            return _next_or(request, _record_url(kind, pk))
        try:
            services.record_return(user=request.user, record=record, note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            notifications.record_returned(record, actor=request.user, request=request)
            messages.success(request, f"{_label(kind, record)} dikembalikan ke {record.office.name} dengan catatan.")
    return _next_or(request, _record_url(kind, pk))


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
    result = verification.bulk_submit(user=request.user, kind=kind, ids=form.cleaned_data["ids"])
    _bulk_message(request, result, "diajukan")
    return _next_or(request, _safe_reverse(f"agencies:{kind}-list"))


@login_required
@require_POST
def bulk_verify(request):
    if not permissions.can_verify(request.user):
        raise PermissionDenied("Hanya verifikator provinsi yang dapat memverifikasi.")
    form = _bulk_form(request)
    if form is not None:
        with transaction.atomic():
            result = verification.bulk_verify(
                user=request.user, kind=form.cleaned_data["kind"], ids=form.cleaned_data["ids"]
            )
            notifications.records_verified(result.done, actor=request.user, request=request)
        _bulk_message(request, result, "diverifikasi")
    return _next_or(request, reverse("agencies:verification-queue"))


@login_required
@require_GET
def verification_queue(request):
    if not permissions.sees_all_offices(request.user):
        raise PermissionDenied("Antrean verifikasi hanya untuk verifikator dan pimpinan provinsi.")
    form = QueueFilterForm(request.GET, user=request.user)
    office, kind = form.selected("office"), form.selected("kind")
    keys = verification.queue_keys(request.user, office=office, kind=kind)
    page = Paginator(keys, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows": verification.queue_records(list(page.object_list)),
        "offices": verification.queue_counts(verification.office_overview(request.user)),
        "can_act": permissions.can_verify(request.user),
        "return_form": ReturnForm(),
        "selected_office": office,
        "selected_kind": kind,
    }
    return render(request, "agencies/verification_queue.html", context)


@login_required
@require_GET
def expiring(request):
    form = ExpiringFilterForm(request.GET, user=request.user)
    office, within = form.selected("office"), form.selected("within", 180)
    today = timezone.localdate()
    qs = reminders.expiring_agreements(request.user, today=today, within=within, office=office)
    page = Paginator(qs, EXPIRING_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows": reminders.annotate_rows(list(page.object_list), today=today),
        "bands": reminders.band_counts(request.user, today=today, office=office),
        "within": within,
        "today": today,
        "selected_office": office,
    }
    return render(request, "agencies/expiring.html", context)
