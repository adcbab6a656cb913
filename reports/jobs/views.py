"""Export job pages: start a job (POST), its status page, its download, the user's recent jobs.

A job is its owner's alone: every other user gets 404, whatever their role (the job holds what the owner could
see when it ran, and the owner's filters). The download goes through the one stored-file function
(`agencies.downloads`) after the same check, and the LAKIP office is re-checked against what the owner may
see today (LAKIP workbook and LKjIP document alike).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from agencies.downloads import stored_file_response

from ..lakip.forms import parse_year
from ..spreadsheets.exports import SELECTORS
from . import builders, services
from .confirm import start_fields
from .models import ExportJob, JobKind, JobStatus

RECENT = 20
OFFICE_KINDS = (JobKind.LAKIP, JobKind.LKJIP)


def _own_job(user, pk) -> ExportJob:
    return get_object_or_404(ExportJob.objects.filter(owner=user), pk=pk)


def _parameters(request) -> tuple[str, dict]:
    kind = request.POST.get("kind")
    if kind in OFFICE_KINDS:
        try:
            office = builders.visible_office(request.user, request.POST.get("office", ""))
        except builders.JobRefused:
            raise Http404("Kantor tidak ditemukan.") from None
        return kind, builders.lakip_parameters(parse_year(request.POST.get("year")), office)
    if kind == JobKind.LIST and request.POST.get("list") in SELECTORS:
        return kind, builders.list_parameters(request.POST["list"], QueryDict(request.POST.get("query", "")))
    raise Http404("Jenis berkas tidak dikenal.")


@login_required
@require_POST
def job_start(request):
    kind, parameters = _parameters(request)
    job = services.export_job_start(user=request.user, kind=kind, parameters=parameters)
    return redirect("reports:job-detail", pk=job.pk)


@login_required
def job_detail(request, pk):
    job = _own_job(request.user, pk)
    if not job.is_finished:
        services.export_jobs_recover(jobs=ExportJob.objects.filter(pk=job.pk))
        job.refresh_from_db()
    context = {"job": job, "retry_fields": start_fields(job.kind, job.parameters), "refresh_seconds": 2}
    return render(request, "reports/job_detail.html", context)


@login_required
def job_download(request, pk):
    job = _own_job(request.user, pk)
    if job.status != JobStatus.DONE:
        raise Http404("Berkas belum siap.")
    if job.kind in OFFICE_KINDS:
        try:
            builders.visible_office(request.user, job.parameters["office"])
        except builders.JobRefused:
            raise Http404("Kantor tidak ditemukan.") from None
    return stored_file_response(job.result, name=job.result_name)


@login_required
def job_list(request):
    jobs = ExportJob.objects.filter(owner=request.user).defer("parameters")[:RECENT]
    return render(request, "reports/job_list.html", {"jobs": jobs})
