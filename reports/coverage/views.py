"""Coverage (partner-category × office heatmap, national MoU flow-down) and quarterly trends."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from .. import charts
from ..figure_cache import cached_figure, cached_html
from ..ranking.selectors import Period, rounded
from ..ranking.views import _period_form, _require_provincial
from . import selectors


def _cell_query(office_code: str, category: str, period: Period, basis: str) -> str:
    params = {"office": office_code, "verification": "verified", "partner_category": category}
    if basis == "agreements":
        params |= {"active_from": period.start.isoformat(), "active_to": period.end.isoformat()}
    else:
        params |= {"end_from": period.start.isoformat(), "end_to": period.end.isoformat()}
    return urlencode(params)


def _matrix_html(period: Period, basis: str, today) -> str:
    matrix = cached_figure("coverage", period, basis, today, compute=lambda: selectors.category_matrix(period, basis))
    for row in matrix["rows"]:
        for cell in row["cells"]:
            cell["query"] = _cell_query(row["office"].code, cell["category"], period, basis)
    return render_to_string("reports/coverage_matrix.html", {"matrix": matrix, "basis": basis})


def _flowdown_html(period: Period, today) -> str:
    flowdown = cached_figure("flowdown", period, today, compute=lambda: selectors.flowdown(period))
    return render_to_string(
        "reports/coverage_flowdown.html", {"flowdown": flowdown, "states": selectors.FLOWDOWN_STATES}
    )


@login_required
def coverage(request):
    """Provincial only, so the same for every reader: the matrix and the flow-down are cached as HTML."""
    _require_provincial(request.user)
    form = _period_form(request)
    period = form.period()
    basis = request.GET.get("basis") if request.GET.get("basis") in selectors.BASES else "activities"
    today = timezone.localdate()
    context = {
        "form": form,
        "period": period,
        "bases": selectors.BASES,
        "basis": basis,
        "basis_keep": {"basis": basis},
        "matrix_html": cached_html(
            "coverage-matrix", period, basis, today, render=lambda: _matrix_html(period, basis, today)
        ),
        "flowdown_html": cached_html("coverage-flowdown", period, today, render=lambda: _flowdown_html(period, today)),
        "period_query": urlencode(period.query()),
    }
    return render(request, "reports/coverage.html", context)


@login_required
def trends(request):
    _require_provincial(request.user)
    today = timezone.localdate()
    form = _period_form(request)
    year = form.cleaned_data.get("year") if form.is_bound and form.is_valid() else None
    quarters = selectors.trend_quarters(year or today.year, today)
    data = cached_figure("trends", quarters, today, compute=lambda: selectors.quarterly_trends(quarters))
    labels = selectors.trend_labels(quarters, today)
    offices = {entry["code"]: entry for entry in data["offices"]}
    chosen = offices.get(request.GET.get("office", ""))
    province = data["province"]
    context = {
        "form": form,
        "year": year or today.year,
        "running": bool(quarters) and quarters[-1].end >= today,
        "labels": labels,
        "province": [(label, p, rounded(p.score)) for label, p in zip(labels, province, strict=True)],
        "offices": [{**entry, "cells": [(p, rounded(p.score)) for p in entry["points"]]} for entry in data["offices"]],
        "chosen": chosen,
        "chosen_rows": [(label, p, rounded(p.score)) for label, p in zip(labels, chosen["points"], strict=True)]
        if chosen
        else [],
        "count_chart": charts.line_chart(
            labels,
            [
                ("Kegiatan terverifikasi", [p.activities for p in province]),
                ("Kerja sama aktif", [p.agreements for p in province]),
            ],
            title="Jawa Barat: kegiatan dan kerja sama aktif per triwulan",
        ),
        "score_chart": charts.line_chart(
            labels,
            [("Rata-rata 27 kab/kota", [float(p.score) for p in province])]
            + ([(chosen["label"], [float(p.score) for p in chosen["points"]])] if chosen else []),
            title="Skor per triwulan",
        ),
    }
    return render(request, "reports/trends.html", context)
