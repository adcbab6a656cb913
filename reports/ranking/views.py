"""Ranking pages: the live ranking, published rankings, weights, publishing, the WhatsApp summary."""

from __future__ import annotations

import csv
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_POST

from agencies import permissions
from agencies.expiry import LAST_REMINDER_DAYS  # the WhatsApp summary lists what reaches its last reminder

from .. import charts
from ..figure_cache import cached_figure, cached_html
from ..models import PublishedRanking, RankingWeightSet
from ..spreadsheets.safety import inert_row
from . import breakdown
from . import services as ranking_services
from .forms import PeriodForm, PublishForm, WeightsForm
from .selectors import COMPONENTS, FORMULA_VERSION, TIMELY_DAYS, Period, compute_ranking, format_day, table_rows


def _csv_response(rows: list[dict], filename: str) -> HttpResponse:
    """The ranking table as CSV (UTF-8 with BOM for Excel); text cells made inert against formula injection."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    for line in table_rows(rows):
        writer.writerow(inert_row(line))
    return response


def live_ranking(period: Period):
    """`compute_ranking` with the weights in force, cached by data version (a weights change bumps it)."""
    return cached_figure("ranking", period, timezone.localdate(), compute=lambda: compute_ranking(period))


def _slug(label: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in label.lower()).split())


def _require_provincial(user) -> None:
    """The live computation is for the province (verifier, pimpinan); staff see published rankings only."""
    if not permissions.sees_all_offices(user):
        raise PermissionDenied("Halaman ini hanya untuk verifikator provinsi dan pimpinan.")


def _period_form(request, form_class=PeriodForm):
    data = request.POST if request.method == "POST" else (request.GET or None)
    return form_class(data, today=timezone.localdate())


def _record_query(office_code: str, period_start, period_end, *, kind: str, status: str = "verified", **extra) -> str:
    if kind == "activity":
        params = {"office": office_code, "verification": status, "end_from": period_start, "end_to": period_end}
    else:
        params = {"office": office_code, "verification": status, "active_from": period_start, "active_to": period_end}
    params.update(extra)
    return urlencode({key: str(value) for key, value in params.items()})


def _cells(row: dict, period: Period) -> list[dict]:
    """One cell per component: raw figure, normalised value, and the filtered list behind the raw figure."""
    code, start, end = row["office_code"], period.start, period.end
    activities = _record_query(code, start, end, kind="activity")
    agreements = _record_query(code, start, end, kind="agreement")
    # Reports and timeliness: the office's activities with the columns that make up the figure and a total line;
    # partner diversity: the distinct categories with the records behind each.
    period_query = urlencode(period.query())
    figures = ("breakdown", reverse("reports:ranking-activities", args=[code]) + "?" + period_query, None)
    categories = ("breakdown", reverse("reports:ranking-categories", args=[code]) + "?" + period_query, None)
    links = {
        "active_agreements": [("agreement", agreements, None)],
        "activities": [("activity", activities, None)],
        "partner_diversity": [categories],
        "monitoring_orgs": [
            ("activity", _record_query(code, start, end, kind="activity", monitoring=1), "keg."),
            ("agreement", _record_query(code, start, end, kind="agreement", monitoring=1), "k.s."),
        ],
        "violation_reports": [figures],
        "timeliness": [figures],
    }
    parts = row.get("parts", {})
    split = {
        "monitoring_orgs": [parts.get("monitoring_activities", 0), parts.get("monitoring_agreements", 0)],
    }
    cells = []
    for component in COMPONENTS:
        key = component.key
        raw = row["raw"][key]
        detail = f"dari {row['raw']['activities']}" if key == "timeliness" else ""
        targets = [
            {"list": target, "query": query, "text": split[key][i] if key in split else raw, "label": label}
            for i, (target, query, label) in enumerate(links[key])
        ]
        cells.append({"key": key, "raw": raw, "detail": detail, "normalised": row["normalised"][key], "links": targets})
    return cells


def present_rows(rows: list[dict], period: Period, *, user, pending: dict | None = None) -> list[dict]:
    """Rows of the live or the frozen ranking, ready for the table (same template for both)."""
    own_code = user.office.code if getattr(user, "office", None) else None
    sees_all = permissions.sees_all_offices(user)
    out = []
    for row in rows:
        entry = {
            **row,
            "cells": _cells(row, period),
            "linkable": sees_all or row["office_code"] == own_code,
        }
        entry["is_own"] = row["office_code"] == own_code
        if pending is not None:
            waiting = pending.get(row["office_code"], {"agreements": 0, "activities": 0})
            entry["pending"] = waiting
            entry["pending_activity_query"] = _record_query(
                row["office_code"], period.start, period.end, kind="activity", status="submitted"
            )
            entry["pending_agreement_query"] = _record_query(
                row["office_code"], period.start, period.end, kind="agreement", status="submitted"
            )
        out.append(entry)
    return out


def _weights_table(weights: dict) -> list[dict]:
    total = sum(weights.values())
    return [{"component": c, "weight": weights.get(c.key, 0), "total": total} for c in COMPONENTS]


def _ranking_context(rows: list[dict], weights: dict, period: Period, *, user, pending=None) -> dict:
    table = present_rows(rows, period, user=user, pending=pending)
    chart = charts.bar_chart(
        [(row["region_label"], float(row["score"])) for row in rows],
        title="Skor Indeks Kinerja Hubal",
        max_value=100,
        decimals=2,
    )
    return {
        "table": table,
        "podium": table[:3],
        "weights_table": _weights_table(weights),
        "weight_total": sum(weights.values()),
        "components": COMPONENTS,
        "chart": chart,
        "timely_days": TIMELY_DAYS,
    }


def _live_body(period: Period, user) -> str:
    result = live_ranking(period)
    pending = {row.office_code: row.pending for row in result.rows}
    context = _ranking_context(result.as_rows(), result.weights, period, user=user, pending=pending)
    context.update(live=True, formula_version=FORMULA_VERSION)
    return render_to_string("reports/ranking_body.html", context)


@login_required
def ranking(request):
    user = request.user
    if not permissions.sees_all_offices(user):
        latest = PublishedRanking.objects.only("pk").first()
        return (
            redirect("reports:ranking-published", pk=latest.pk)
            if latest
            else redirect("reports:ranking-published-list")
        )
    form = _period_form(request)
    period = form.period()
    if request.GET.get("format") == "csv":
        return _csv_response(live_ranking(period).as_rows(), f"peringkat-sementara-{_slug(period.label)}.csv")
    can_manage = permissions.can_manage_settings(user)
    # Only provincial users get here; the body depends on them only through their office's highlighted row.
    own_code = user.office.code if user.office_id else ""
    context = {
        "form": form,
        "period": period,
        "body_html": cached_html(
            "ranking", period, timezone.localdate(), own_code, render=lambda: _live_body(period, user)
        ),
        "can_manage": can_manage,
        "formula_version": FORMULA_VERSION,
        "period_query": urlencode(period.query()),
    }
    if can_manage:
        context.update(
            weights_table=_weights_table(live_ranking(period).weights),
            publish_form=PublishForm(initial=period.query(), today=timezone.localdate()),
            earlier=PublishedRanking.objects.filter(period_start=period.start, period_end=period.end)[:5],
        )
    return render(request, "reports/ranking.html", context)


@login_required
def published_list(request):
    rankings = PublishedRanking.objects.select_related("published_by").defer("rows")
    return render(request, "reports/ranking_published_list.html", {"rankings": rankings})


@login_required
def published_detail(request, pk: int):
    published = get_object_or_404(PublishedRanking.objects.select_related("published_by"), pk=pk)
    if request.GET.get("format") == "csv":
        return _csv_response(published.rows, f"peringkat-terbit-{_slug(published.period_label)}-{published.pk}.csv")
    period = Period.restore(published.period_kind, published.period_start, published.period_end)
    context = _ranking_context(published.rows, published.weights, period, user=request.user)
    context.update(
        published=published,
        live=False,
        formula_version=published.formula_version,
        sees_all=permissions.sees_all_offices(request.user),
        period_query=urlencode(period.query()),
    )
    return render(request, "reports/ranking_published.html", context)


@login_required
@require_POST
def publish(request):
    permissions.require_settings_manager(request.user, ranking_services.NOT_ALLOWED)
    form = _period_form(request, PublishForm)
    if not form.is_valid():
        messages.error(request, "Periode tidak valid; peringkat tidak diterbitkan.")
        return redirect("reports:ranking")
    published = ranking_services.ranking_publish(
        user=request.user, period=form.period(), note=form.cleaned_data["note"]
    )
    messages.success(request, f"Peringkat {published.period_label} diterbitkan dan dibekukan.")
    return redirect("reports:ranking-published", pk=published.pk)


@login_required
def weights(request):
    _require_provincial(request.user)
    can_manage = permissions.can_manage_settings(request.user)
    current = RankingWeightSet.current()
    form = WeightsForm(initial=current.as_dict()) if can_manage else None
    if request.method == "POST":
        permissions.require_settings_manager(request.user, ranking_services.NOT_ALLOWED)
        form = WeightsForm(request.POST)
        if form.is_valid():
            values = {c.key: form.cleaned_data[c.key] for c in COMPONENTS}
            try:
                ranking_services.weights_change(user=request.user, values=values, note=form.cleaned_data["note"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Bobot baru berlaku. Peringkat yang sudah terbit tidak berubah.")
                return redirect("reports:ranking-weights")
    history = RankingWeightSet.objects.select_related("created_by")
    context = {"form": form, "current": _weights_table(current.as_dict()), "history": history, "components": COMPONENTS}
    return render(request, "reports/ranking_weights.html", context)


def _summary_source(request):
    """(period label, rows, published or None): a published ranking when `published` is given, else live."""
    published_id = request.GET.get("published", "")
    if published_id.isdigit():
        published = get_object_or_404(PublishedRanking, pk=int(published_id))
        return published.period_label, published.rows, published, None
    form = _period_form(request)
    period = form.period()
    return period.label, live_ranking(period).as_rows(), None, form


def _totals(rows: list[dict]) -> dict:
    keys = ("active_agreements", "activities", "monitoring_orgs", "violation_reports")
    return {key: sum(row["raw"][key] for row in rows) for key in keys}


@login_required
def whatsapp(request):
    _require_provincial(request.user)
    label, rows, published, form = _summary_source(request)
    today = timezone.localdate()
    expiring = (
        permissions.scope_agreements(request.user)
        .verified()
        .expiring_within(LAST_REMINDER_DAYS, today)
        .select_related("office")
        .order_by("end_date", "office__code")
    )
    shown = list(expiring[:10])
    count = expiring.count() if len(shown) == 10 else len(shown)
    context = {
        "label": label,
        "top": rows[:3],
        "totals": _totals(rows),
        "published": published,
        "expiring": shown,
        "expiring_count": count,
        "more": count - len(shown),
        "today": format_day(today),
        "days": LAST_REMINDER_DAYS,
        "link": request.build_absolute_uri(
            reverse("reports:ranking-published", args=[published.pk]) if published else reverse("reports:ranking")
        ),
    }
    with translation.override("id"):  # shared with others: always Indonesian numbers and dates
        text = render_to_string("reports/whatsapp_text.html", context).strip() + "\n"
    share_url = "https://wa.me/?text=" + quote(text, safe="")
    page = {"text": text, "share_url": share_url, "form": form, "published": published, "label": label}
    page["publications"] = PublishedRanking.objects.defer("rows")[:10]
    return render(request, "reports/whatsapp.html", page)


@login_required
def breakdown_activities(request, code: str):
    """The activities behind an office's violation-reports and on-time figures, with a total line."""
    office = breakdown.office_for_user(request.user, code)
    period = _period_form(request).period()
    rows = breakdown.activities(request.user, office, period)
    context = {"office": office, "period": period, "rows": rows, "totals": breakdown.activity_totals(rows)}
    context["timely_days"] = TIMELY_DAYS
    return render(request, "reports/ranking_activities.html", context)


@login_required
def breakdown_categories(request, code: str):
    """The distinct partner categories behind an office's partner-diversity figure."""
    office = breakdown.office_for_user(request.user, code)
    period = _period_form(request).period()
    rows = breakdown.categories(request.user, office, period)
    for row in rows:
        row.agreement_query = _record_query(code, period.start, period.end, kind="agreement", partner_category=row.code)
        row.activity_query = _record_query(code, period.start, period.end, kind="activity", partner_category=row.code)
    return render(request, "reports/ranking_categories.html", {"office": office, "period": period, "rows": rows})
