"""What a background export job writes: one builder per job kind (docs/dev/jobs.md).

A builder re-checks, as the job's owner, what the owner may see (the permission boundary is the same as the
direct download's: `agencies.permissions` through the same selectors), writes the file into `output` and
returns the file name the owner downloads it under. `progress(percent)` reports how far it got.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.http import QueryDict

from agencies import permissions
from agencies.models import Office

from ..lakip.document.builder import build_lkjip, document_filename
from ..lakip.snapshot import build_snapshot
from ..lakip.workbook import build_lakip_workbook, workbook_filename
from ..spreadsheets import exports
from .models import ExportJob, JobKind

Progress = Callable[[int], None]
MSG_NOT_ALLOWED = "Anda tidak lagi berhak melihat data ini, sehingga berkasnya tidak disiapkan."
ROWS_PER_TICK = 2000


class JobRefused(Exception):
    """The job cannot be built for a reason its owner should read (Indonesian message)."""


def lakip_parameters(year: int, office: Office) -> dict:
    """The parameters of a LAKIP workbook or LKjIP document job (one unit, one year)."""
    return {"year": year, "office": office.code}


def list_parameters(kind: str, query: QueryDict) -> dict:
    """The list filters of an export, without the format (always xlsx for a job)."""
    data = query.copy()
    data.pop("format", None)
    return {"kind": kind, "query": data.urlencode()}


def job_title(kind: str, parameters: dict) -> str:
    if kind == JobKind.LAKIP:
        office = Office.objects.get(code=parameters["office"])
        place = "seluruh Jawa Barat" if office.is_province else office.name
        return f"Workbook LAKIP {parameters['year']} · {place}"
    if kind == JobKind.LKJIP:
        office = Office.objects.get(code=parameters["office"])
        place = "Jawa Barat" if office.is_province else office.name
        return f"Bab LKjIP {place} {parameters['year']}"
    return f"Ekspor {exports.TITLES[parameters['kind']].lower()} (.xlsx)"


def visible_office(owner, code: str) -> Office:
    office = permissions.visible_offices(owner).filter(code=code).first()
    if office is None:
        raise JobRefused(MSG_NOT_ALLOWED)
    return office


def build(job: ExportJob, output, progress: Progress) -> str:
    if job.kind == JobKind.LAKIP:
        return _lakip(job, output, progress)
    if job.kind == JobKind.LKJIP:
        return _lkjip(job, output, progress)
    return _list(job, output, progress)


def _lakip(job: ExportJob, output, progress: Progress) -> str:
    year, office = int(job.parameters["year"]), visible_office(job.owner, job.parameters["office"])
    build_lakip_workbook(output, year=year, office=office, progress=progress)
    return workbook_filename(year, office)


def _lkjip(job: ExportJob, output, progress: Progress) -> str:
    year, office = int(job.parameters["year"]), visible_office(job.owner, job.parameters["office"])
    snapshot = build_snapshot(year, office)  # the measurement: most of the time for the province
    progress(60)
    build_lkjip(output, snapshot, progress=lambda percent: progress(60 + percent * 35 // 100))
    return document_filename(snapshot)


def _list(job: ExportJob, output, progress: Progress) -> str:
    kind, owner = job.parameters["kind"], job.owner
    if kind not in exports.SELECTORS:
        raise JobRefused(MSG_NOT_ALLOWED)
    data = QueryDict(job.parameters["query"])
    filterset, queryset = exports.SELECTORS[kind](owner, data)
    office = exports.export_scope(kind, owner, data)
    about = exports.describe_export(filterset, office=office, user=owner)
    # Query: the row count, to tell progress.
    total = queryset.count()
    rows = _counting(exports.export_rows(kind, queryset), total, progress)
    exports.write_xlsx(output, kind, rows, about=about)
    return exports.export_filename(kind, office, "xlsx")


def _counting(rows: Iterable[list], total: int, progress: Progress) -> Iterator[list]:
    for number, row in enumerate(rows):
        if total and number % ROWS_PER_TICK == 0:
            progress(min(95, 5 + int(90 * number / total)))
        yield row
