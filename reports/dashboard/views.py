"""The home page: the leader's dashboard for pimpinan, the role home of `agencies` for everyone else."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from agencies import permissions, selectors
from agencies.views import home as agencies_home

from .. import charts
from . import selectors as dashboard


@login_required
def home(request):
    """Pimpinan read and decide: the top 3, the year's figures, the trend, what expires, who needs attention.
    They cannot act on the verification queue, so it is not offered here."""
    if not permissions.is_leader(request.user):
        return agencies_home.home(request)
    today = timezone.localdate()
    figures = dashboard.dashboard_figures(request.user, today=today)
    trend = figures["trend"]
    context = {
        "counts": figures["counts"],
        "figures": figures,
        "today": today,
        "expiring": selectors.expiring_soon(request.user, today=today),
        "trend_chart": charts.line_chart(
            trend["labels"],
            [("Kegiatan terverifikasi", trend["activities"]), ("Kerja sama aktif", trend["agreements"])],
            title="Jawa Barat: kegiatan dan kerja sama aktif per triwulan",
        ),
        "trend_rows": list(zip(trend["labels"], trend["activities"], trend["agreements"], strict=True)),
        "attention_limit": dashboard.ATTENTION_LIMIT,
        "more_mismatches": max(0, len(figures["attention"]["mismatches"]) - dashboard.ATTENTION_LIMIT),
    }
    return render(request, "reports/dashboard.html", context)
