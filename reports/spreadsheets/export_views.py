"""List exports: the rows of a list page (same filters, same permission scope) as xlsx or csv."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.views.decorators.http import require_GET

from ..jobs import confirm
from . import exports as spreadsheets

SELECTORS = spreadsheets.SELECTORS
FORMATS = ("xlsx", "csv")


@login_required
@require_GET
def list_export(request, kind: str):
    fmt = request.GET.get("format", "xlsx")
    if kind not in SELECTORS or fmt not in FORMATS:
        raise Http404("Jenis ekspor tidak dikenal.")
    filterset, queryset = SELECTORS[kind](request.user, request.GET)
    if fmt == "xlsx" and confirm.is_large(queryset):
        return confirm.list_export_job_page(request, kind)
    office = spreadsheets.export_scope(kind, request.user, request.GET)
    filename = spreadsheets.export_filename(kind, office, fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(
            spreadsheets.csv_chunks(kind, queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    about = spreadsheets.describe_export(filterset, office=office, user=request.user)
    handle = spreadsheets.xlsx_tempfile(kind, queryset, about=about)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=spreadsheets.XLSX_TYPE)
