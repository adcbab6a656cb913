"""Renstra pages: the periods, the targets grid of one indicator (offices × years), template and import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from agencies import permissions, tabular_stash
from agencies.models import Office
from agencies.tabular import FileRejected

from . import renstra
from . import renstra_import as importer
from . import selectors as lakip
from .models import RenstraPeriod, RenstraTarget
from .renstra_forms import RenstraGridForm, RenstraImportForm, RenstraPeriodForm
from .renstra_template import build_renstra_template
from .services import NOT_ALLOWED
from .views import _xlsx_response

IMPORT_SESSION_KEY = "lakip_renstra_import"
MSG_NO_PERIOD = "Belum ada periode Renstra. Buat periode terlebih dahulu."


def _require_reader(user) -> None:
    if not (permissions.can_manage_settings(user) or permissions.is_leader(user)):
        raise PermissionDenied("Target Renstra dikelola verifikator provinsi.")


def _period(request) -> RenstraPeriod | None:
    raw = request.POST.get("period") or request.GET.get("period")
    periods = RenstraPeriod.objects.all()
    if raw:
        return get_object_or_404(periods, pk=raw) if str(raw).isdigit() else None
    return periods.first()


def _indicator(request):
    code = request.GET.get("indicator") or request.POST.get("indicator") or ""
    active = lakip.active_indicators()
    if not active:
        raise Http404("Belum ada indikator aktif.")
    chosen = next((i for i in active if i.code == code), None)
    if code and chosen is None:
        raise Http404("Indikator tidak ditemukan.")
    return chosen or active[0], active


def _grid_url(period: RenstraPeriod, indicator) -> str:
    return reverse("reports:renstra") + f"?period={period.pk}&indicator={indicator.code}"


@login_required
def renstra_targets(request):
    _require_reader(request.user)
    period = _period(request)
    indicator, active = _indicator(request)
    context = {
        "period": period,
        "periods": RenstraPeriod.objects.all(),
        "indicator": indicator,
        "all_indicators": active,
        "can_manage": permissions.can_manage_settings(request.user),
        "period_form": RenstraPeriodForm(),
        "import_form": RenstraImportForm(),
    }
    if period is None:
        return render(request, "reports/renstra_grid.html", context)
    offices = list(Office.objects.order_by("code"))
    existing = {(t.office_id, t.indicator_id): t for t in RenstraTarget.objects.filter(period=period)}
    form = RenstraGridForm(request.POST or None, period=period, offices=offices, indicator=indicator, existing=existing)
    if request.method == "POST":
        permissions.require_settings_manager(request.user, NOT_ALLOWED)
        if form.is_valid() and _save(request, form, period):
            return redirect(_grid_url(period, indicator))
        messages.error(request, "Target Renstra belum disimpan: periksa sel yang ditandai merah.")
    context["form"] = form
    return render(request, "reports/renstra_grid.html", context)


def _save(request, form: RenstraGridForm, period: RenstraPeriod) -> bool:
    try:
        result = renstra.renstra_grid_save(user=request.user, period=period, cells=form.cells())
    except ValidationError as error:
        for problems in error.message_dict.values():
            for problem in problems:
                form.add_error(None, problem)
        return False
    messages.success(
        request,
        f"Target {period.name} disimpan: {result.created} baru, {result.updated} diubah, "
        f"{result.deleted} dihapus, {result.unchanged} tidak berubah.",
    )
    return True


@login_required
@require_POST
def renstra_period_create(request):
    permissions.require_settings_manager(request.user, NOT_ALLOWED)
    form = RenstraPeriodForm(request.POST)
    if form.is_valid():
        try:
            period = renstra.renstra_period_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Periode {period.name} dibuat.")
            return redirect(reverse("reports:renstra") + f"?period={period.pk}")
    else:
        messages.error(request, "Tahun awal periode harus diisi (2000–2096).")
    return redirect("reports:renstra")


@login_required
def renstra_template(request):
    permissions.require_settings_manager(request.user, NOT_ALLOWED)
    period = _period(request)
    if period is None:
        raise Http404(MSG_NO_PERIOD)
    offices = list(Office.objects.order_by("code"))
    existing = {(t.office_id, t.indicator_id): t for t in RenstraTarget.objects.filter(period=period)}
    return _xlsx_response(
        lambda output: build_renstra_template(
            output, period=period, offices=offices, indicators=lakip.active_indicators(), existing=existing
        ),
        f"templat-renstra-{period.start_year}-{period.end_year}.xlsx",
    )


@login_required
@require_POST
def renstra_import(request):
    permissions.require_settings_manager(request.user, NOT_ALLOWED)
    period = _period(request)
    if period is None:
        raise Http404(MSG_NO_PERIOD)
    form = RenstraImportForm(request.POST, request.FILES)
    preview = None
    tabular_stash.forget(request.session, IMPORT_SESSION_KEY, user=request.user)
    if form.is_valid():
        try:
            rows = importer.read_rows(form.cleaned_data["file"], period)
        except FileRejected as error:
            form.add_error("file", error.message)
        else:
            preview = importer.renstra_import_preview(period, rows)
            if preview.is_valid:
                token = tabular_stash.stash(request.FILES["file"], user=request.user)
                tabular_stash.remember(request.session, IMPORT_SESSION_KEY, token, period=period.pk)
    context = {"form": form, "preview": preview, "period": period}
    return render(request, "reports/renstra_import.html", context)


@login_required
@require_POST
def renstra_import_confirm(request):
    permissions.require_settings_manager(request.user, NOT_ALLOWED)
    period = _period(request)
    pending = tabular_stash.pending(request.session, IMPORT_SESSION_KEY)
    if period is None or not pending or pending["period"] != period.pk:
        messages.error(request, "Tidak ada impor Renstra yang menunggu konfirmasi. Unggah berkasnya lagi.")
        return redirect("reports:renstra")
    try:
        result = importer.renstra_import_confirm(user=request.user, period=period, token=pending["token"])
    except FileRejected as error:
        messages.error(request, error.message)
    except ValidationError:
        messages.error(request, "Impor dibatalkan: data berubah sejak pratinjau. Tidak ada target yang disimpan.")
    else:
        messages.success(
            request,
            f"Impor {period.name} selesai: {result.created} baru, {result.updated} diubah, {result.deleted} dihapus.",
        )
    tabular_stash.forget(request.session, IMPORT_SESSION_KEY, user=request.user)
    return redirect(reverse("reports:renstra") + f"?period={period.pk}")
