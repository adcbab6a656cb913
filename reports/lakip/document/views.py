"""Downloads of the LKjIP chapter: live (the Capaian Kinerja page's unit and year) and a published LAKIP.

The live province chapter is a background export job (`reports.jobs`, docs/dev/jobs.md): this view offers to
start it; one office's chapter and a published chapter (a frozen snapshot) are written in the request."""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.utils import timezone

from ...jobs import confirm
from ..forms import parse_year
from ..models import PublishedLakip
from ..publishing import published_for_user
from ..snapshot import build_snapshot
from ..views import _office_for_user
from .builder import build_lkjip, document_filename

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def published_label(item: PublishedLakip) -> str:
    by = item.published_by.get_full_name() or item.published_by.username if item.published_by else "–"
    return f"Diterbitkan {timezone.localtime(item.published_at):%d/%m/%Y %H:%M} WIB oleh {by}"


def _docx_response(snapshot: dict, label: str = "") -> FileResponse:
    output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes (and so deletes) it
    build_lkjip(output, snapshot, published_label=label)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=document_filename(snapshot), content_type=DOCX)


@login_required
def lkjip_live(request):
    year = parse_year(request.GET.get("year"))
    office = _office_for_user(request.user, request.GET.get("office"))
    if office.is_province:
        return confirm.lkjip_job_page(request, year, office)
    return _docx_response(build_snapshot(year, office))


@login_required
def lkjip_published(request, pk: int):
    item = published_for_user(request.user, pk)
    return _docx_response(item.snapshot, published_label(item))
