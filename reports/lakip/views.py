"""LAKIP pages: Capaian Kinerja, the workbook download, indicators, targets (grid and import), manual values."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from agencies import permissions, tabular_stash
from agencies.downloads import stored_file_response
from agencies.models import PROVINCE_CODE, Office
from agencies.tabular import FileRejected

from ..jobs import confirm
from ..models import ManualRealisation, PerformanceIndicator, PerformanceTarget
from . import figures, importing
from . import selectors as lakip
from . import services as lakip_services
from .comparison_display import comparison_table
from .forms import IndicatorForm, ManualRealisationForm, TargetGridForm, TargetImportForm, parse_year
from .presenters import chart, recap_rows, table_rows, year_choices
from .workbook import build_lakip_workbook, build_target_template, workbook_filename

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_SESSION_KEY = "lakip_target_import"


def _office_for_user(user, code: str | None) -> Office:
    """The LAKIP unit a user asks for: staff default to (and are limited to) their own office; 404 otherwise."""
    offices = permissions.visible_offices(user)
    if not code:
        code = user.office.code if permissions.is_staff_member(user) and user.office_id else PROVINCE_CODE
    office = offices.filter(code=code).first()
    if office is None:
        raise Http404("Kantor tidak ditemukan.")
    return office


@login_required
def performance(request):
    year = parse_year(request.GET.get("year"))
    office = _office_for_user(request.user, request.GET.get("office"))
    found = figures.chapter(year, office)  # every figure of the page, from the figure cache
    report, scale = found.report, found.scale
    rows = table_rows(report)
    for row in rows:
        row["predicate"] = scale.predicate(row["result"].capaian)
    context = {
        "recap": recap_rows(found.recap) if found.recap else None,
        "report": report,
        "year": year,
        "years": year_choices(year),
        "offices": list(permissions.visible_offices(request.user).order_by("code")),
        "rows": rows,
        "goals": found.goals,
        "budgets": found.budgets,
        "budget_total": found.budget_total,
        "bands": scale.bands(),
        "comparison": comparison_table(found.comparison),
        "chart": chart(report),
        "can_view_targets": permissions.can_manage_settings(request.user) or permissions.is_leader(request.user),
        "can_publish": permissions.can_manage_settings(request.user),
    }
    return render(request, "reports/performance.html", context)


@login_required
def lakip_workbook(request):
    year = parse_year(request.GET.get("year"))
    office = _office_for_user(request.user, request.GET.get("office"))
    if office.is_province:
        return confirm.lakip_job_page(request, year, office)
    return _xlsx_response(
        lambda output: build_lakip_workbook(output, year=year, office=office), workbook_filename(year, office)
    )


def _xlsx_response(build, filename: str) -> FileResponse:
    """Build a workbook into a temporary file and stream it; FileResponse closes (and so deletes) the file."""
    output = tempfile.TemporaryFile()  # noqa: SIM115
    build(output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX)


@login_required
def indicators(request):
    items = PerformanceIndicator.objects.order_by("order", "code")
    context = {"indicators": items, "can_manage": permissions.can_manage_settings(request.user)}
    return render(request, "reports/indicator_list.html", context)


@login_required
def indicator_create(request):
    return _indicator_form(request, None)


@login_required
def indicator_edit(request, pk: int):
    return _indicator_form(request, get_object_or_404(PerformanceIndicator, pk=pk))


def _indicator_form(request, indicator: PerformanceIndicator | None):
    permissions.require_settings_manager(request.user, lakip_services.NOT_ALLOWED)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if indicator is None:
                lakip_services.indicator_create(user=request.user, data=data)
            else:
                lakip_services.indicator_update(user=request.user, indicator=indicator, data=data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Indikator kinerja disimpan.")
            return redirect("reports:indicators")
    history = indicator.history.select_related("history_user")[:10] if indicator else []
    return render(request, "reports/indicator_form.html", {"form": form, "indicator": indicator, "history": history})


def _target_context(request, year: int):
    indicator_code = request.GET.get("indicator") or request.POST.get("indicator") or ""
    all_active = lakip.active_indicators()
    chosen = [i for i in all_active if i.code == indicator_code]
    if indicator_code and not chosen:
        raise Http404("Indikator tidak ditemukan.")
    offices = list(Office.objects.order_by("code"))
    existing = {(t.office_id, t.indicator_id): t for t in PerformanceTarget.objects.filter(year=year)}
    parts = ("yearly", *lakip_services.QUARTER_FIELDS) if chosen else ("yearly",)
    return offices, chosen or all_active, existing, parts, all_active


@login_required
def targets(request):
    if not (permissions.can_manage_settings(request.user) or permissions.is_leader(request.user)):
        raise PermissionDenied("Target kinerja dikelola verifikator provinsi.")
    year = parse_year(request.POST.get("year") or request.GET.get("year"))
    offices, chosen, existing, parts, all_active = _target_context(request, year)
    form = TargetGridForm(request.POST or None, offices=offices, indicators=chosen, existing=existing, parts=parts)
    if request.method == "POST":
        permissions.require_settings_manager(request.user, lakip_services.NOT_ALLOWED)
        if form.is_valid() and _save_grid(request, form, year):
            url = reverse("reports:targets") + f"?year={year}"
            return redirect(url + (f"&indicator={chosen[0].code}" if len(parts) > 1 else ""))
        messages.error(request, "Target belum disimpan: periksa sel yang ditandai merah.")
    context = {
        "form": form,
        "year": year,
        "years": year_choices(year, planning=True),
        "offices": offices,
        "indicators": chosen,
        "all_indicators": all_active,
        "quarterly": len(parts) > 1,
        "parts": parts,
        "can_manage": permissions.can_manage_settings(request.user),
        "import_form": TargetImportForm(),
    }
    return render(request, "reports/target_grid.html", context)


def _save_grid(request, form: TargetGridForm, year: int) -> bool:
    try:
        result = lakip_services.target_grid_save(user=request.user, year=year, cells=form.cells())
    except ValidationError as error:
        for key, problems in error.message_dict.items():
            name = f"{key}-yearly" if key.startswith("t-") else None
            for problem in problems:
                form.add_error(name if name in form.fields else None, problem)
        return False
    messages.success(
        request,
        f"Target {year} disimpan: {result.created} baru, {result.updated} diubah, {result.deleted} dihapus, "
        f"{result.unchanged} tidak berubah.",
    )
    return True


@login_required
def target_template(request):
    permissions.require_settings_manager(request.user, lakip_services.NOT_ALLOWED)
    year = parse_year(request.GET.get("year"))
    offices, indicators, existing, _parts, _all = _target_context(request, year)
    return _xlsx_response(
        lambda output: build_target_template(
            output, year=year, offices=offices, indicators=indicators, existing=existing
        ),
        f"templat-target-{year}.xlsx",
    )


@login_required
@require_POST
def target_import(request):
    permissions.require_settings_manager(request.user, lakip_services.NOT_ALLOWED)
    year = parse_year(request.POST.get("year"))
    form = TargetImportForm(request.POST, request.FILES)
    preview = None
    tabular_stash.forget(request.session, IMPORT_SESSION_KEY, user=request.user)
    if form.is_valid():
        preview = importing.target_import_preview(year, form.cleaned_data["file"])
        if preview.is_valid:
            token = tabular_stash.stash(request.FILES["file"], user=request.user)
            tabular_stash.remember(request.session, IMPORT_SESSION_KEY, token, year=year)
    context = {"form": form, "preview": preview, "year": year}
    return render(request, "reports/target_import.html", context)


@login_required
@require_POST
def target_import_confirm(request):
    permissions.require_settings_manager(request.user, lakip_services.NOT_ALLOWED)
    pending = tabular_stash.pending(request.session, IMPORT_SESSION_KEY)
    year = parse_year(request.POST.get("year"))
    if not pending or pending["year"] != year:
        messages.error(request, "Tidak ada impor target yang menunggu konfirmasi. Unggah berkasnya lagi.")
        return redirect(reverse("reports:targets") + f"?year={year}")
    try:
        result = importing.target_import_confirm(user=request.user, year=year, token=pending["token"])
    except FileRejected as error:
        messages.error(request, error.message)
    except ValidationError:
        messages.error(request, "Impor dibatalkan: data berubah sejak pratinjau. Tidak ada target yang disimpan.")
    else:
        messages.success(
            request,
            f"Impor target {year} selesai: {result.created} baru, {result.updated} diubah, {result.deleted} dihapus.",
        )
    tabular_stash.forget(request.session, IMPORT_SESSION_KEY, user=request.user)
    return redirect(reverse("reports:targets") + f"?year={year}")


@login_required
def manual_realisation(request):
    year = parse_year(request.POST.get("year") or request.GET.get("year"))
    office = _office_for_user(request.user, request.POST.get("office") or request.GET.get("office"))
    can_enter = permissions.can_create_in(request.user, office)
    indicators = PerformanceIndicator.objects.filter(is_active=True, source="manual").order_by("order", "code")
    form = ManualRealisationForm(request.POST or None, request.FILES or None, indicators=indicators)
    if request.method == "POST":
        if not can_enter:
            raise PermissionDenied("Realisasi manual diisi oleh kantor pemiliknya.")
        if form.is_valid() and _save_manual(request, form, office, year):
            return redirect(reverse("reports:manual-realisation") + f"?year={year}&office={office.code}")
    entries = (
        ManualRealisation.objects.filter(office=office, year=year, indicator__in=indicators)
        .select_related("indicator", "entered_by")
        .order_by("indicator__order", "indicator__code", "quarter")
    )
    context = {
        "form": form,
        "year": year,
        "years": year_choices(year),
        "office": office,
        "offices": list(permissions.visible_offices(request.user).order_by("code")),
        "entries": entries,
        "can_enter": can_enter,
        "has_indicators": indicators.exists(),
    }
    return render(request, "reports/performance_manual.html", context)


def _save_manual(request, form: ManualRealisationForm, office: Office, year: int) -> bool:
    data = form.cleaned_data
    try:
        lakip_services.manual_realisation_save(
            user=request.user,
            office=office,
            indicator=data["indicator"],
            year=year,
            quarter=data["quarter"],
            value=data["value"],
            note=data["note"],
            evidence=data.get("evidence"),
        )
    except ValidationError as error:
        for name, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(name if name in form.fields else None, problem)
        return False
    messages.success(request, "Realisasi manual disimpan.")
    return True


@login_required
def manual_evidence(request, pk: int):
    visible = ManualRealisation.objects.filter(office__in=permissions.visible_offices(request.user))
    entry = get_object_or_404(visible, pk=pk)
    return stored_file_response(entry.evidence, name=entry.evidence_name or "bukti")
