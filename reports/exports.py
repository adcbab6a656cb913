"""Workbook builders of the LAKIP area: the LAKIP workbook and the targets import template (XlsxWriter).

The figures come from `reports.lakip` (the same selector as the "Capaian Kinerja" page); annexes are streamed
in `constant_memory` mode, chunk by chunk, with the partners of each chunk fetched in one query. Every text cell
goes through `reports.safety.inert` and is written with `write_string`, so no cell is ever a formula.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import xlsxwriter
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from agencies.choices import ActivityKind, AgreementKind, AgreementStatus, ElectionStage, FocusArea
from agencies.models import Activity, Agreement, Evidence, Office

from . import lakip
from .lakip_services import TARGET_FIELDS
from .safety import inert

CHUNK = 2000
LINE_HEIGHT = 13  # points per line of 10-point text
CHARS_PER_WIDTH = 1.2  # characters of 10-point text per unit of column width (LibreOffice fonts are wide)
TITLE_ROWS = 4  # title, unit, source note, blank; the header follows
# Excel refuses "/" in sheet names, so the "Rekap Kab/Kota" sheet is named with a hyphen.
REKAP_SHEET = "Rekap Kab-Kota"
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
_LABELS = {
    "kind": dict(ActivityKind.choices),
    "agreement_kind": dict(AgreementKind.choices),
    "stage": dict(ElectionStage.choices),
    "focus": dict(FocusArea.choices),
    "status": dict(AgreementStatus.choices),
}


def unit_title(office: Office) -> str:
    return office.name


def workbook_filename(year: int, office: Office) -> str:
    return f"LAKIP-{year}-{office.region_label.replace(' ', '-')}.xlsx"


def _wrapped_lines(text: str, width: int) -> int:
    """How many lines a wrapping cell needs (greedy word wrap, like textwrap but cheaper)."""
    lines, used = 1, 0
    for word in text.split():
        size = len(word)
        if used and used + 1 + size <= width:
            used += 1 + size
            continue
        if used:
            lines += 1
        lines += (size - 1) // width
        used = size - width * ((size - 1) // width)
    return lines


class _Sheet:
    """One formatted report sheet: title rows, a bordered bold header, typed cells, A4 landscape print setup."""

    def __init__(self, book: _Book, name: str, columns: list[tuple[str, int]], *, title: str, header_rows: int = 1):
        self.book, self.ws = book, book.wb.add_worksheet(name)
        self.columns, self.header_rows = columns, header_rows
        for index, (_label, width) in enumerate(columns):
            self.ws.set_column(index, index, width)
        self.line_widths = [max(1, int(width * CHARS_PER_WIDTH)) for _label, width in columns]
        self.ws.set_landscape()
        self.ws.set_paper(9)  # A4
        self.ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        self.ws.fit_to_pages(1, 0)
        self.ws.set_footer(f"&L&8{book.unit} · {title}&R&8Halaman &P dari &N")
        last = len(columns) - 1
        self.ws.merge_range(0, 0, 0, last, inert(title), book.fmt["title"])
        self.ws.merge_range(1, 0, 1, last, inert(book.unit), book.fmt["subtitle"])
        self.ws.merge_range(2, 0, 2, last, inert(book.source_note), book.fmt["note"])
        self.row = TITLE_ROWS
        self.lines = 1

    def header(self, labels: list[str] | None = None) -> None:
        for col, label in enumerate(labels or [label for label, _w in self.columns]):
            self.text(col, label, "header")
        self.end_row()

    def end_row(self) -> None:
        """Close the current row; wrapped text gets a row tall enough, since nothing autofits on opening."""
        if self.lines > 1:
            self.ws.set_row(self.row, LINE_HEIGHT * self.lines + 2)
        self.row += 1
        self.lines = 1

    def finish_header(self) -> None:
        first_data = TITLE_ROWS + self.header_rows
        self.ws.freeze_panes(first_data, 0)
        self.ws.repeat_rows(TITLE_ROWS, first_data - 1)

    def text(self, col: int, value, style: str = "text") -> None:
        value = "" if value is None else str(value)
        self.ws.write_string(self.row, col, inert(value), self.book.fmt[style])
        per_line = self.line_widths[col]
        if len(value) > per_line or "\n" in value:
            self.lines = max(self.lines, sum(_wrapped_lines(part, per_line) for part in value.split("\n")))

    def number(self, col: int, value, style: str = "") -> None:
        """A figure: '–' when missing, whole numbers as integers, others with two decimals."""
        fmt = self.book.fmt
        if value is None:
            self.ws.write_string(self.row, col, lakip.DASH, fmt["dash" + style])
            return
        if isinstance(value, int):
            self.ws.write_number(self.row, col, value, fmt["int" + style])
            return
        value = lakip.round2(Decimal(value))
        whole = value == value.to_integral_value()
        self.ws.write_number(
            self.row, col, int(value) if whole else float(value), fmt[("int" if whole else "dec") + style]
        )

    def percent(self, col: int, value: Decimal | None, style: str = "") -> None:
        if value is None:
            self.ws.write_string(self.row, col, lakip.DASH, self.book.fmt["dash" + style])
        else:
            self.ws.write_number(
                self.row, col, float(lakip.round2(value) / lakip.HUNDRED), self.book.fmt["pct" + style]
            )

    def date(self, col: int, value: dt.date | None) -> None:
        if value is None:
            self.text(col, "")
        else:
            self.ws.write_datetime(
                self.row, col, dt.datetime(value.year, value.month, value.day), self.book.fmt["date"]
            )

    def autofilter(self) -> None:
        header = TITLE_ROWS + self.header_rows - 1
        self.ws.autofilter(header, 0, max(header, self.row - 1), len(self.columns) - 1)


class _Book:
    def __init__(self, output, *, unit: str, source_note: str):
        self.wb = xlsxwriter.Workbook(output, WORKBOOK_OPTIONS)
        self.wb.set_properties({"title": inert(unit), "author": "Portal Hubal Jabar", "company": "Bawaslu Jawa Barat"})
        self.unit, self.source_note = unit, source_note
        cell = {"border": 1, "valign": "top", "font_size": 10}
        self.fmt = {
            "title": self.wb.add_format({"bold": True, "font_size": 14, "align": "center"}),
            "subtitle": self.wb.add_format({"bold": True, "font_size": 12, "align": "center"}),
            "note": self.wb.add_format({"italic": True, "font_size": 9, "font_color": "#555555", "align": "center"}),
            "header": self.wb.add_format(
                {**cell, "bold": True, "bg_color": "#F2DCE3", "text_wrap": True, "align": "center", "valign": "vcenter"}
            ),
            "date": self.wb.add_format({**cell, "num_format": "dd/mm/yyyy", "align": "center"}),
        }
        for suffix, extra in (("", {}), ("_bold", {"bold": True, "bg_color": "#F3F4F6"})):
            self.fmt["text" + suffix] = self.wb.add_format({**cell, **extra, "text_wrap": True})
            self.fmt["int" + suffix] = self.wb.add_format({**cell, **extra, "num_format": "#,##0"})
            self.fmt["dec" + suffix] = self.wb.add_format({**cell, **extra, "num_format": "#,##0.00"})
            self.fmt["pct" + suffix] = self.wb.add_format({**cell, **extra, "num_format": "0.00%"})
            self.fmt["dash" + suffix] = self.wb.add_format({**cell, **extra, "align": "center"})

    def sheet(self, name: str, columns, *, title: str, header_rows: int = 1) -> _Sheet:
        return _Sheet(self, name, columns, title=title, header_rows=header_rows)

    def close(self) -> None:
        self.wb.close()


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


def build_lakip_workbook(output, *, year: int, office: Office, today: dt.date | None = None) -> None:
    """Write the LAKIP workbook of one office, or of the whole province when `office` is the province office."""
    today = today or timezone.localdate()
    recap = lakip.province_recap(year, today=today) if office.is_province else None
    report = recap.total if recap else lakip.unit_report(year, office, today=today)
    measured = f"s.d. {report.measured_on:%d/%m/%Y}" if report.measured_on else "(tahun belum dimulai)"
    book = _Book(
        output,
        unit=unit_title(office),
        source_note=f"Sumber: data terverifikasi portal Hubal Jabar, tahun {year}, {measured}",
    )
    _perjanjian_kinerja(book, report)
    _pengukuran_kinerja(book, report)
    if recap:
        _rekap(book, recap)
    office_ids = None if office.is_province else [office.pk]
    _activity_annex(book, year, office_ids)
    _agreement_annex(book, year, office_ids, min(dt.date(year, 12, 31), today))
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
    sheet.ws.set_row(sheet.row, 45)
    sheet.ws.write_string(sheet.row, 0, "No", fmt)
    sheet.ws.write_string(sheet.row, 1, "Kantor", fmt)
    for index, indicator in enumerate(recap.indicators):
        col = 2 + 2 * index
        label = inert(f"{indicator.code} {indicator.name} ({indicator.unit})")
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
    "id", "office__name", "start_date", "end_date", "title", "kind", "agreement__title", "focus_areas", "stage",
    "participants_male", "participants_female", "reports_received", "evidence_count",
)
AGREEMENT_FIELDS = (
    "id", "office__name", "kind", "number", "partner_number", "title", "focus_areas", "signed_on", "start_date",
    "end_date", "computed_status", "parent__title",
)
# fmt: on


def _chunks(rows, size: int = CHUNK):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _partner_names(through, owner: str, ids: list[int]) -> dict[int, str]:
    # Query (one per chunk): partner names of the chunk's records.
    names: dict[int, list[str]] = {}
    rows = (
        through.objects.filter(**{f"{owner}_id__in": ids})
        .order_by("partner__name")
        .values_list(f"{owner}_id", "partner__name")
    )
    for owner_id, name in rows:
        names.setdefault(owner_id, []).append(name)
    return {owner_id: "; ".join(values) for owner_id, values in names.items()}


def _focus(codes: list[str]) -> str:
    return "; ".join(_LABELS["focus"].get(code, code) for code in codes)


def _activity_annex(book: _Book, year: int, office_ids) -> None:
    sheet = book.sheet("Lampiran Kegiatan", ACTIVITY_COLUMNS, title=f"LAMPIRAN KEGIATAN TERVERIFIKASI TAHUN {year}")
    sheet.header()
    sheet.finish_header()
    evidence = Evidence.objects.filter(activity_id=OuterRef("pk")).order_by().values("activity_id")
    evidence = evidence.annotate(n=Count("id")).values("n")
    # Query: verified activities ended in the year, with their evidence count (streamed).
    rows = (
        Activity.objects.verified()
        .filter(end_date__gte=dt.date(year, 1, 1), end_date__lte=dt.date(year, 12, 31))
        .filter(**({"office_id__in": office_ids} if office_ids else {}))
        .annotate(evidence_count=Coalesce(Subquery(evidence, output_field=IntegerField()), Value(0)))
        .order_by("office__code", "end_date", "id")
        .values_list(*ACTIVITY_FIELDS)
    )
    number = 0
    for batch in _chunks(rows.iterator(chunk_size=CHUNK)):
        partners = _partner_names(Activity.partners.through, "activity", [row[0] for row in batch])
        for pk, office, start, end, title, kind, agreement, focus, stage, male, female, reports, n_evidence in batch:
            number += 1
            sheet.number(0, number)
            sheet.text(1, office)
            sheet.date(2, start)
            sheet.date(3, end)
            sheet.text(4, title)
            sheet.text(5, _LABELS["kind"].get(kind, kind))
            sheet.text(6, partners.get(pk, ""))
            sheet.text(7, agreement or "")
            sheet.text(8, _focus(focus))
            sheet.text(9, _LABELS["stage"].get(stage, stage))
            for col, value in ((10, male), (11, female), (12, male + female), (13, reports), (14, n_evidence)):
                sheet.number(col, value)
            sheet.end_row()
    sheet.autofilter()


def _agreement_annex(book: _Book, year: int, office_ids, until: dt.date) -> None:
    sheet = book.sheet("Lampiran Kerja Sama", AGREEMENT_COLUMNS, title=f"LAMPIRAN KERJA SAMA BERLAKU TAHUN {year}")
    sheet.header()
    sheet.finish_header()
    start = dt.date(year, 1, 1)
    # Query: verified agreements in force on at least one day of the year (up to today), streamed.
    rows = (
        Agreement.objects.verified()
        .active_between(start, max(start, until))
        .filter(**({"office_id__in": office_ids} if office_ids else {}))
        .with_status(until)
        .order_by("office__code", "start_date", "id")
        .values_list(*AGREEMENT_FIELDS)
    )
    number = 0
    for batch in _chunks(rows.iterator(chunk_size=CHUNK)):
        partners = _partner_names(Agreement.partners.through, "agreement", [row[0] for row in batch])
        for pk, office, kind, doc, partner_doc, title, focus, signed, begins, ends, status, parent in batch:
            number += 1
            sheet.number(0, number)
            sheet.text(1, office)
            sheet.text(2, _LABELS["agreement_kind"].get(kind, kind))
            sheet.text(3, doc)
            sheet.text(4, partner_doc)
            sheet.text(5, title)
            sheet.text(6, partners.get(pk, ""))
            sheet.text(7, _focus(focus))
            sheet.date(8, signed)
            sheet.date(9, begins)
            if ends is None:
                sheet.text(10, "Tanpa batas waktu")
            else:
                sheet.date(10, ends)
            sheet.text(11, _LABELS["status"].get(status, status))
            sheet.text(12, parent or "")
            sheet.end_row()
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
