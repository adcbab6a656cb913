"""IKP alignment page with drill-down, IKP entry form and file import (preview, then confirm)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from agencies import permissions, tabular_stash
from agencies.choices import FocusArea, IkpDimension, OfficeKind
from agencies.tabular import FileRejected

from ..figure_cache import cached_figure, cached_html
from ..models import IkpScore
from . import importing, selectors, services
from .forms import MAX_YEAR, MIN_YEAR, IkpImportForm, IkpScoreForm

SESSION_KEY = "ikp_import"


def _year(request) -> int:
    text = request.GET.get("year", "")
    if text.isdigit() and MIN_YEAR <= int(text) <= MAX_YEAR:
        return int(text)
    return timezone.localdate().year


def _drilldown_office(user, code: str):
    """The office of a drill-down, through the permission boundary: another office's → 404 for staff."""
    office = permissions.visible_offices(user).filter(code=code, kind__in=[OfficeKind.REGENCY, OfficeKind.CITY]).first()
    if office is None:
        raise Http404("Kantor tidak ditemukan.")
    return office


def _list_queries(office_code: str, year: int) -> dict:
    """Query strings of the filtered record lists behind each dimension's figures."""
    base = {"office": office_code, "verification": "verified"}
    out = {}
    for code in IkpDimension.values:
        activities = urlencode({**base, "year": year, "ikp": code})
        agreements = [
            (FocusArea(focus).label, urlencode({**base, "year": year, "focus": focus}))
            for focus in selectors.FOCUS_FOR_DIMENSION[code]
        ]
        out[code] = {"activities": activities, "agreements": agreements}
    return out


def _alignment_html(user, scope: tuple, year: int, sort: str) -> str:
    rows = cached_figure("ikp-alignment", scope, year, sort, compute=lambda: selectors.alignment(user, year, sort))
    for row in rows:
        queries = _list_queries(row.office.code, year)
        for cell in row.cells:
            cell.activity_query = queries[cell.code]["activities"]
    context = {
        "rows": rows,
        "year": year,
        "sort": sort,
        "dimensions": IkpDimension.choices,
        "has_scores": any(row.ikp for row in rows),
        "no_monitoring": [row for row in rows if not row.has_monitoring_work],
        "high_score": selectors.HIGH_SCORE,
        "little_work": selectors.LITTLE_WORK,
        "mapping": [
            (label, [FocusArea(f).label for f in selectors.FOCUS_FOR_DIMENSION[code]])
            for code, label in IkpDimension.choices
        ],
        "sees_all": permissions.sees_all_offices(user),
    }
    return render_to_string("reports/ikp_body.html", context)


def _score_years() -> list[int]:
    return list(IkpScore.objects.values_list("year", flat=True).distinct().order_by("-year"))


@login_required
def alignment(request):
    user = request.user
    if not permissions.role_of(user):
        raise PermissionDenied
    year = _year(request)
    if request.GET.get("office"):
        return _office_page(request, _drilldown_office(user, request.GET["office"]), year)
    sort = request.GET.get("sort", "code")
    sort = sort if sort in selectors.SORTS else "code"
    # The table depends on the user only through what they may see: their role and office.
    scope = (permissions.role_of(user), user.office_id)
    context = {
        "year": year,
        "sort": sort,
        "years": cached_figure("ikp-years", compute=_score_years),
        "body_html": cached_html("ikp", scope, year, sort, render=lambda: _alignment_html(user, scope, year, sort)),
        "can_manage": permissions.can_manage_settings(user),
    }
    return render(request, "reports/ikp.html", context)


def _office_page(request, office, year: int):
    ikp = IkpScore.objects.filter(office=office, year=year).first()
    dimensions = selectors.office_detail(request.user, office, year)
    queries = _list_queries(office.code, year)
    for item in dimensions:
        item["score"] = getattr(ikp, item["code"]) if ikp else None
        item["level"] = getattr(ikp, f"{item['code']}_level") if ikp else ""
        item["queries"] = queries[item["code"]]
        cell = selectors.DimensionCell(
            item["code"], item["label"], item["score"], item["level"], len(item["activities"]), 0
        )
        item["mismatch"], item["vulnerable"] = cell.mismatch, cell.vulnerable
    context = {
        "office": office,
        "year": year,
        "ikp": ikp,
        "dimensions": dimensions,
        "can_manage": permissions.can_manage_settings(request.user),
        "little_work": selectors.LITTLE_WORK,
    }
    return render(request, "reports/ikp_office.html", context)


@login_required
def edit(request):
    permissions.require_settings_manager(request.user, selectors.NOT_ALLOWED)
    if request.method == "POST":
        year = request.POST.get("year", "")
        existing = (
            IkpScore.objects.filter(office__code=request.POST.get("office", ""), year=year).first()
            if year.isdigit()
            else None
        )
        form = IkpScoreForm(request.POST, instance=existing)
        if form.is_valid():
            data = dict(form.cleaned_data)
            office, year = data.pop("office"), data.pop("year")
            try:
                services.ikp_score_save(user=request.user, office=office, year=year, values=data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"IKP {office.region_label} tahun {year} disimpan.")
                return redirect(f"{reverse('reports:ikp')}?year={year}")
    else:
        office_code, year = request.GET.get("office", ""), _year(request)
        instance = IkpScore.objects.filter(office__code=office_code, year=year).select_related("office").first()
        initial = {"office": office_code or None, "year": year}
        form = IkpScoreForm(instance=instance, initial=initial)
    return render(request, "reports/ikp_edit.html", {"form": form})


@login_required
def import_file(request):
    permissions.require_settings_manager(request.user, selectors.NOT_ALLOWED)
    if request.method == "POST" and request.POST.get("action") in ("confirm", "cancel"):
        return _import_confirm(request)
    form = IkpImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        tabular_stash.forget(request.session, SESSION_KEY, user=request.user)
        rows, name = form.cleaned_data["rows"], form.cleaned_data["file"].name
        token = tabular_stash.stash(form.cleaned_data["file"], user=request.user)
        tabular_stash.remember(request.session, SESSION_KEY, token, name=name)
        existing = set(IkpScore.objects.filter(year__in={r["year"] for r in rows}).values_list("office__code", "year"))
        preview = [{**row, "update": (row["office_code"], row["year"]) in existing} for row in rows]
        context = {"preview": preview, "name": name, "updates": sum(p["update"] for p in preview)}
        return render(request, "reports/ikp_import_preview.html", context)
    context = {"form": form, "required": importing.REQUIRED_COLUMNS, "optional": importing.OPTIONAL_COLUMNS}
    return render(request, "reports/ikp_import.html", context)


def _import_confirm(request):
    stored = tabular_stash.pending(request.session, SESSION_KEY)
    if request.POST.get("action") == "cancel":
        tabular_stash.forget(request.session, SESSION_KEY, user=request.user)
        messages.info(request, "Impor IKP dibatalkan; tidak ada data yang disimpan.")
        return redirect("reports:ikp-import")
    if not stored:
        messages.error(request, "Pratinjau impor sudah kedaluwarsa. Unggah berkasnya lagi.")
        return redirect("reports:ikp-import")
    try:
        created, updated, year = importing.ikp_import_confirm(user=request.user, token=stored["token"])
    except FileRejected as error:
        messages.error(request, error.message)
        return redirect("reports:ikp-import")
    except ValidationError as error:
        messages.error(request, "Impor dibatalkan seluruhnya: " + "; ".join(error.messages))
        return redirect("reports:ikp-import")
    finally:
        tabular_stash.forget(request.session, SESSION_KEY, user=request.user)
    messages.success(request, f"Impor IKP selesai: {created} data baru, {updated} data diperbarui.")
    return redirect(f"{reverse('reports:ikp')}?year={year}")


@login_required
def template(request):
    permissions.require_settings_manager(request.user, selectors.NOT_ALLOWED)
    header = ",".join(importing.REQUIRED_COLUMNS + ["sumber"])
    example = "32.76,2024,45.50,52.00,61.25,38.00,sedang,sedang,tinggi,rendah,IKP Bawaslu 2024"
    response = HttpResponse(header + "\r\n" + example + "\r\n", content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="templat-impor-ikp.csv"'
    return response
