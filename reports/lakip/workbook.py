"""Workbook builders of the LAKIP area: the LAKIP workbook and the targets import template (XlsxWriter).

The figures come from `reports.lakip.selectors` (the same selector as the "Capaian Kinerja" page); annexes are streamed
in `constant_memory` mode from one query per annex, the partners' names aggregated in it. Every text cell
goes through `reports.spreadsheets.safety.inert` and is written with `write_string`, so no cell is ever a formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import xlsxwriter
from django.db.models import Aggregate, Count, IntegerField, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from agencies.choices import ActivityKind, AgreementKind, AgreementStatus, ElectionStage, FocusArea
from agencies.models import Activity, Agreement, Evidence, Office

from ..spreadsheets.report_book import TITLE_ROWS, WORKBOOK_OPTIONS, row_height
from ..spreadsheets.report_book import ReportBook as _Book
from ..spreadsheets.report_book import ReportSheet as _Sheet
from ..spreadsheets.safety import inert
from . import figures
from . import selectors as lakip
from .services import TARGET_FIELDS
from .workbook_comparison import comparison_sheet

CHUNK = 2000
# Excel refuses "/" in sheet names, so the "Rekap Kab/Kota" sheet is named with a hyphen.
REKAP_SHEET = "Rekap Kab-Kota"
_LABELS = {
    "kind": dict(ActivityKind.choices),
    "agreement_kind": dict(AgreementKind.choices),
    "stage": dict(ElectionStage.choices),
    "focus": dict(FocusArea.choices),
    "status": dict(AgreementStatus.choices),
}


Progress = Callable[[int], None]


def _no_progress(percent: int) -> None:
    pass


def unit_title(office: Office) -> str:
    return office.name


def workbook_filename(year: int, office: Office) -> str:
    return f"LAKIP-{year}-{office.region_label.replace(' ', '-')}.xlsx"


# The LAKIP workbook ---------------------------------------------------------------------------------

# fmt: off
PK_COLUMNS = [
    ("No", 4), ("Sasaran Strategis", 30), ("Indikator Kinerja", 38), ("Satuan", 9), ("Target Tahunan", 9),
    ("Target TW I", 8), ("Target TW II", 8), ("Target TW III", 8), ("Target TW IV", 8), ("Sumber Data", 28),
]
MEASURE_COLUMNS = [
    ("No", 4), ("Sasaran Strategis", 26), ("Indikator Kinerja", 34), ("Satuan", 9),
    ("Target", 8), ("Realisasi TW I", 9), ("Realisasi TW II", 9), ("Realisasi TW III", 9),
    ("Realisasi TW IV", 9), ("Realisasi Tahunan", 9), ("Capaian (%)", 9), ("Cara Penghitungan", 26),
]
# fmt: on


def build_lakip_workbook(
    output, *, year: int, office: Office, today: dt.date | None = None, progress: Progress | None = None
) -> None:
    """Write the LAKIP workbook of one office, or of the whole province when `office` is the province office.
    `progress(percent)`, if given, is told how far it got (a background job's status page shows it)."""
    share = (lambda done: progress(15 + int(65 * done))) if progress else None
    progress = progress or _no_progress
    today = today or timezone.localdate()
    # The figures of the "Capaian Kinerja" page, from the figure cache when the page computed them at the
    # current data version (they are the same selector's result, so page and workbook never disagree).
    found = figures.chapter(year, office, today)
    recap, report = found.recap, found.report
    measured = f"s.d. {report.measured_on:%d/%m/%Y}" if report.measured_on else "(tahun belum dimulai)"
    book = _Book(
        output,
        unit=unit_title(office),
        source_note=f"Sumber: data terverifikasi portal Hubal Jabar, tahun {year}, {measured}",
    )
    progress(10)
    _perjanjian_kinerja(book, report)
    _pengukuran_kinerja(book, report)
    comparison_sheet(book, found.comparison)
    if recap:
        _rekap(book, recap)
    office_ids = None if office.is_province else [office.pk]
    # Nothing after today: a year in progress is listed up to today, a year not yet begun lists nothing.
    until = min(dt.date(year, 12, 31), today)
    progress(15)
    _activity_annex(book, year, office_ids, until, share)
    progress(80)
    _agreement_annex(book, year, office_ids, until)
    progress(95)
    book.close()


def _perjanjian_kinerja(book: _Book, report: lakip.UnitReport) -> None:
    sheet = book.sheet("Perjanjian Kinerja", PK_COLUMNS, title=f"PERJANJIAN KINERJA TAHUN {report.year}")
    sheet.header()
    sheet.finish_header()
    for number, result in enumerate(report.results, start=1):
        indicator, target = result.indicator, result.target
        sheet.number(0, number)
        sheet.text(1, indicator.strategic_goal)
        sheet.text(2, f"{indicator.code} {indicator.name}")
        sheet.text(3, indicator.unit)
        sheet.number(4, target.yearly if target else None)
        for index in range(4):
            sheet.number(5 + index, target.quarters[index] if target else None)
        sheet.text(9, indicator.get_source_display())
        sheet.end_row()


def _pengukuran_kinerja(book: _Book, report: lakip.UnitReport) -> None:
    sheet = book.sheet("Pengukuran Kinerja", MEASURE_COLUMNS, title=f"PENGUKURAN KINERJA TAHUN {report.year}")
    sheet.header()
    sheet.finish_header()
    for number, result in enumerate(report.results, start=1):
        indicator = result.indicator
        sheet.number(0, number)
        sheet.text(1, indicator.strategic_goal)
        sheet.text(2, f"{indicator.code} {indicator.name}")
        sheet.text(3, indicator.unit)
        sheet.number(4, result.target.yearly if result.target else None)
        for index, value in enumerate(result.quarters):
            sheet.number(5 + index, value)
        sheet.number(9, result.year_value)
        sheet.percent(10, result.capaian)
        sheet.text(11, result.rule_label)
        sheet.end_row()


def _rekap(book: _Book, recap: lakip.Recap) -> None:
    columns = [("No", 5), ("Kantor", 34)]
    for indicator in recap.indicators:
        columns += [(indicator.code, 11), (indicator.code, 10)]
    sheet = book.sheet(
        REKAP_SHEET, columns, title=f"REKAPITULASI CAPAIAN KINERJA KABUPATEN/KOTA TAHUN {recap.year}", header_rows=2
    )
    fmt = book.fmt["header"]
    labels = [inert(f"{indicator.code} {indicator.name} ({indicator.unit})") for indicator in recap.indicators]
    # Tall enough for the longest indicator name in its two merged columns (a fixed height clipped IK-05/06/08).
    sheet.ws.set_row(sheet.row, row_height([(label, 11 + 10) for label in labels], bold=True))
    sheet.ws.write_string(sheet.row, 0, "No", fmt)
    sheet.ws.write_string(sheet.row, 1, "Kantor", fmt)
    for index, label in enumerate(labels):
        col = 2 + 2 * index
        sheet.ws.merge_range(sheet.row, col, sheet.row, col + 1, label, fmt)
    sheet.end_row()
    sheet.header(["", "", *["Realisasi", "Capaian (%)"] * len(recap.indicators)])
    sheet.finish_header()
    sheet.ws.freeze_panes(TITLE_ROWS + 2, 2)
    for number, row in enumerate(recap.rows, start=1):
        label = row.office.name + (" (data kantor provinsi)" if row.office.is_province else "")
        _rekap_row(sheet, number, label, row.results, "")
    _rekap_row(sheet, None, "Jawa Barat (seluruh kantor)", recap.total.results, "_bold")


def _rekap_row(sheet: _Sheet, number: int | None, label: str, results, style: str) -> None:
    if number is None:
        sheet.text(0, "", "text" + style)
    else:
        sheet.number(0, number, style)
    sheet.text(1, label, "text" + style)
    for index, result in enumerate(results):
        sheet.number(2 + 2 * index, result.year_value, style)
        sheet.percent(3 + 2 * index, result.capaian, style)
    sheet.end_row()


# fmt: off
ACTIVITY_COLUMNS = [
    ("No", 6), ("Kantor", 28), ("Tanggal Mulai", 11), ("Tanggal Selesai", 11),
    ("Nama Kegiatan", 40), ("Jenis Kegiatan", 18), ("Lembaga Mitra", 40), ("Kerja Sama Terkait", 30),
    ("Ruang Lingkup", 28), ("Tahapan", 20), ("Peserta Laki-laki", 10), ("Peserta Perempuan", 10),
    ("Jumlah Peserta", 10), ("Laporan Diterima", 10), ("Jumlah Bukti", 9),
]
AGREEMENT_COLUMNS = [
    ("No", 6), ("Kantor", 28), ("Jenis", 22), ("Nomor Dokumen Bawaslu", 22),
    ("Nomor Dokumen Mitra", 22), ("Judul", 40), ("Lembaga Mitra", 40), ("Ruang Lingkup", 28),
    ("Tanggal Penandatanganan", 13), ("Mulai Berlaku", 11), ("Berakhir", 11), ("Status", 14),
    ("Kerja Sama Induk", 30),
]
ACTIVITY_FIELDS = (
    "office__name", "start_date", "end_date", "title", "kind", "agreement__title", "focus_areas", "stage",
    "participants_male", "participants_female", "reports_received", "evidence_count", "partner_names",
)
AGREEMENT_FIELDS = (
    "office__name", "kind", "number", "partner_number", "title", "focus_areas", "signed_on", "start_date",
    "end_date", "computed_status", "parent__title", "partner_names",
)
# The cell kinds of the annex columns (ReportSheet.data_row); "Berakhir" is a date, or text when open-ended.
ACTIVITY_KINDS = ("int", "text", "date", "date", *["text"] * 6, *["int"] * 5)
AGREEMENT_KINDS = ("int", *["text"] * 7, "date", "date", "date", "text", "text")
# fmt: on


class _JoinedNames(Aggregate):
    """The names of a group joined by the unit separator, in no order (STRING_AGG on PostgreSQL, GROUP_CONCAT on
    SQLite); `_partners` sorts them. One aggregate in the annex query instead of one more query per chunk."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, CHR(31))"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, function="GROUP_CONCAT", template="%(function)s(%(expressions)s, char(31))", **extra
        )


def _partner_names() -> Coalesce:
    """Per record: its partners' names, joined, aggregated over the join with the partners (the query groups by
    the record; a correlated subquery per row cost ≈ 10 % more at scale 10)."""
    return Coalesce(_JoinedNames("partners__name"), Value(""), output_field=TextField())


def _partners(joined: str) -> str:
    if "\x1f" not in joined:
        return joined  # one partner, or none ("")
    return "; ".join(sorted(joined.split("\x1f"), key=str.casefold))


def _focus(codes: list[str]) -> str:
    return "; ".join(_LABELS["focus"].get(code, code) for code in codes)


def _activity_annex(book: _Book, year: int, office_ids, until: dt.date, share=None) -> None:
    sheet = book.sheet("Lampiran Kegiatan", ACTIVITY_COLUMNS, title=f"LAMPIRAN KEGIATAN TERVERIFIKASI TAHUN {year}")
    sheet.header()
    sheet.finish_header()
    evidence = Evidence.objects.filter(activity_id=OuterRef("pk")).order_by().values("activity_id")
    evidence = evidence.annotate(n=Count("*")).values("n")
    # Query: verified activities ended in the year up to `until`, with their evidence count (streamed).
    rows = (
        Activity.objects.verified()
        .ended_between(dt.date(year, 1, 1), until)
        .filter(**({"office_id__in": office_ids} if office_ids else {}))
        .annotate(
            evidence_count=Coalesce(Subquery(evidence, output_field=IntegerField()), Value(0)),
            partner_names=_partner_names(),
        )
        .order_by("office__code", "end_date", "id")
        .values_list(*ACTIVITY_FIELDS)
    )
    # Query (only for a background job's progress): how many rows the annex will have.
    total = rows.count() if share else 0
    kinds, stages = _LABELS["kind"], _LABELS["stage"]
    for number, row in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
        office, start, end, title, kind, agreement, focus, stage, male, female, reports, n_evidence, names = row
        if share and total and number % CHUNK == 0:
            share(number / total)
        sheet.data_row(
            (number, office, start, end, title, kinds.get(kind, kind), _partners(names), agreement or "",
             _focus(focus), stages.get(stage, stage), male, female, male + female, reports, n_evidence),
            ACTIVITY_KINDS,
        )  # fmt: skip
    sheet.autofilter()


def _agreement_annex(book: _Book, year: int, office_ids, until: dt.date) -> None:
    sheet = book.sheet("Lampiran Kerja Sama", AGREEMENT_COLUMNS, title=f"LAMPIRAN KERJA SAMA BERLAKU TAHUN {year}")
    sheet.header()
    sheet.finish_header()
    start = dt.date(year, 1, 1)
    # Query: verified agreements in force on at least one day of the year up to `until` (none before the
    # year starts: an empty range), streamed.
    rows = (
        Agreement.objects.verified()
        .active_between(start, until)
        .filter(**({"office_id__in": office_ids} if office_ids else {}))
        .with_status(until)
        .annotate(partner_names=_partner_names())
        .order_by("office__code", "start_date", "id")
        .values_list(*AGREEMENT_FIELDS)
    )
    kinds, statuses = _LABELS["agreement_kind"], _LABELS["status"]
    for number, row in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
        office, kind, doc, partner_doc, title, focus, signed, begins, ends, status, parent, names = row
        sheet.data_row(
            (number, office, kinds.get(kind, kind), doc, partner_doc, title, _partners(names), _focus(focus), signed,
             begins, "Tanpa batas waktu" if ends is None else ends, statuses.get(status, status), parent or ""),
            AGREEMENT_KINDS,
        )  # fmt: skip
    sheet.autofilter()


# Targets import template ------------------------------------------------------------------------------

# fmt: off
TEMPLATE_COLUMNS = [
    ("Kode Kantor", 12), ("Kantor", 32), ("Kode Indikator", 14), ("Indikator", 50), ("Satuan", 11),
    ("Target Tahunan", 14), ("Target TW I", 12), ("Target TW II", 12), ("Target TW III", 12), ("Target TW IV", 12),
]
# fmt: on
TEMPLATE_HELP = [
    "Petunjuk pengisian target kinerja",
    "1. Satu baris = satu kantor dan satu indikator. Jangan ubah judul kolom pada baris pertama lembar Target.",
    "2. Isi Target Tahunan; Target TW I–IV boleh dikosongkan.",
    "3. Indikator yang dihitung per triwulan (mis. jumlah kegiatan): bila keempat target triwulan diisi, "
    "jumlahnya harus sama dengan target tahunan.",
    "4. Indikator posisi akhir periode (kerja sama yang berlaku): Target TW IV sama dengan target tahunan.",
    "5. Baris yang semua kolom targetnya dikosongkan akan MENGHAPUS target kantor dan indikator tersebut; "
    "kantor/indikator yang barisnya tidak ada di berkas tidak berubah.",
    "6. Angka desimal ditulis dengan koma atau titik (12,5 atau 12.5); maksimal 2 angka di belakang koma.",
    "7. Unggah berkas ini di halaman Target Kinerja, periksa pratinjaunya, lalu konfirmasi. Bila ada satu baris "
    "yang salah, tidak ada yang disimpan.",
]


def build_target_template(output, *, year: int, offices, indicators, existing: dict) -> None:
    """The targets grid as a spreadsheet: one row per office × indicator, pre-filled with the current targets."""
    wb = xlsxwriter.Workbook(output, {k: v for k, v in WORKBOOK_OPTIONS.items() if k != "constant_memory"})
    header = wb.add_format({"bold": True, "border": 1, "bg_color": "#F2DCE3", "text_wrap": True})
    number = wb.add_format({"border": 1, "num_format": "#,##0.##"})
    text = wb.add_format({"border": 1})
    ws = wb.add_worksheet("Target")
    for col, (label, width) in enumerate(TEMPLATE_COLUMNS):
        ws.set_column(col, col, width)
        ws.write_string(0, col, label, header)
    row = 1
    for office in offices:
        for indicator in indicators:
            target = existing.get((office.pk, indicator.pk))
            for col, value in enumerate((office.code, office.name, indicator.code, indicator.name, indicator.unit)):
                ws.write_string(row, col, inert(value), text)
            for offset, part in enumerate(TARGET_FIELDS):
                value = getattr(target, part) if target else None
                if value is None:
                    ws.write_blank(row, 5 + offset, None, number)
                else:
                    ws.write_number(row, 5 + offset, float(value), number)
            row += 1
    ws.data_validation(1, 5, max(1, row - 1), 9, {"validate": "decimal", "criteria": ">=", "value": 0})
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, row - 1), len(TEMPLATE_COLUMNS) - 1)
    guide = wb.add_worksheet("Petunjuk")
    guide.set_column(0, 0, 120)
    guide.write_string(0, 0, inert(f"{TEMPLATE_HELP[0]} tahun {year}"), wb.add_format({"bold": True, "font_size": 13}))
    wrap = wb.add_format({"text_wrap": True})
    for index, line in enumerate(TEMPLATE_HELP[1:], start=2):
        guide.write_string(index, 0, inert(line), wrap)
    wb.close()
