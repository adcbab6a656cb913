"""Which exports become background jobs, and the page that offers to start one (docs/dev/jobs.md).

- the province LAKIP workbook, always (it lists every verified record of the year: seconds, not milliseconds);
- the live province LKjIP chapter (.docx), always (it measures every office for three years and draws the charts);
- a list export in xlsx with more than HUBAL_EXPORT_JOB_ROWS rows. CSV keeps streaming directly (it never
  holds the rows in memory and the browser shows the download progressing); a smaller xlsx is written in the
  request as before.
The page is a GET (the links of the list and LAKIP pages); starting the job is its POST form.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse

from agencies.models import Office

from ..spreadsheets.exports import TITLES
from .builders import lakip_parameters, list_parameters
from .models import JobKind


def is_large(queryset) -> bool:
    """More rows than the threshold? One query that stops counting past it."""
    limit = settings.HUBAL_EXPORT_JOB_ROWS
    return queryset.order_by().values("pk")[limit : limit + 1].exists()


def start_fields(kind: str, parameters: dict) -> list[tuple[str, str]]:
    """The hidden fields of the form that starts (or retries) a job with these parameters."""
    if kind in (JobKind.LAKIP, JobKind.LKJIP):
        return [("kind", kind), ("year", str(parameters["year"])), ("office", parameters["office"])]
    return [("kind", kind), ("list", parameters["kind"]), ("query", parameters["query"])]


def _page(request, *, title: str, reason: str, fields, back_url: str):
    context = {"title": title, "reason": reason, "fields": fields, "back_url": back_url}
    return render(request, "reports/job_confirm.html", context)


def lakip_job_page(request, year: int, office: Office):
    return _page(
        request,
        title=f"Workbook LAKIP {year} · seluruh Jawa Barat",
        reason="Workbook LAKIP provinsi memuat seluruh kegiatan dan kerja sama terverifikasi tahun ini.",
        fields=start_fields(JobKind.LAKIP, lakip_parameters(year, office)),
        back_url=reverse("reports:performance") + f"?year={year}&office={office.code}",
    )


def lkjip_job_page(request, year: int, office: Office):
    return _page(
        request,
        title=f"Bab LKjIP Jawa Barat {year} (.docx)",
        reason="Bab LKjIP provinsi mengukur capaian seluruh kantor selama tiga tahun dan menggambar grafiknya.",
        fields=start_fields(JobKind.LKJIP, lakip_parameters(year, office)),
        back_url=reverse("reports:performance") + f"?year={year}&office={office.code}",
    )


def list_export_job_page(request, kind: str):
    parameters = list_parameters(kind, request.GET)
    return _page(
        request,
        title=f"Ekspor {TITLES[kind].lower()} (.xlsx)",
        reason=f"Ekspor ini memuat lebih dari {settings.HUBAL_EXPORT_JOB_ROWS:,} baris.".replace(",", "."),
        fields=start_fields(JobKind.LIST, parameters),
        back_url=request.META.get("HTTP_REFERER") or reverse("home"),
    )
