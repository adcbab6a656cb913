"""List exports (partners, agreements, activities) to xlsx and csv, streamed.

The rows are exactly those of the list page: the view passes the queryset of `agencies.selectors.filtered_*`
(same permission scope, filters and order). They are read with `values_list` in chunks of 2,000, with one more
query per chunk for the partner names, so memory stays flat however many rows there are.

- xlsx: XlsxWriter in `constant_memory` mode into a temporary file (then a FileResponse); text with
  `write_string` only, `strings_to_formulas`/`strings_to_urls`/`strings_to_numbers` off; dates as real dates.
- csv: UTF-8 with a byte-order mark (Excel then reads the accents right), `;` as separator (the list separator
  of Excel with Indonesian regional settings), dates DD/MM/YYYY.
Every text cell goes through `reports.spreadsheets.safety.inert`: nothing we export can start a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

import xlsxwriter
from django.utils import timezone
from django.utils.text import slugify

from agencies import permissions, selectors
from agencies.models import Activity, Agreement, Office

from . import report_book
from .columns import (  # noqa: F401 - the columns are offered here too (views, import templates, tests)
    ACTIVITY_COLUMNS,
    AGREEMENT_COLUMNS,
    COLUMNS,
    DATE,
    FROZEN_COLUMNS,
    NUMBER,
    PARTNER_COLUMNS,
    PARTNERS,
    TEXT,
    YES_NO,
    Column,
)
from .safety import inert

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000
CSV_DELIMITER = ";"
XLSX_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
EXCEL_EPOCH = dt.date(1899, 12, 30)
TITLES = {"partners": "Lembaga mitra", "agreements": "Kerja sama", "activities": "Kegiatan"}
PREFIXES = {"partners": "lembaga-mitra", "agreements": "kerja-sama", "activities": "kegiatan"}

# The list selector of each export: the rows of the list page, same filters and permission scope.
SELECTORS = {
    "partners": selectors.filtered_partners,
    "agreements": selectors.filtered_agreements,
    "activities": selectors.filtered_activities,
}
LINKED = {"agreements": Agreement, "activities": Activity}


def headers(kind: str) -> list[str]:
    return [column.header for column in COLUMNS[kind]]


def export_rows(kind: str, queryset) -> Iterator[list]:
    """The export's cell values (str, int, date or None), row by row, in the queryset's order."""
    columns = COLUMNS[kind]
    lookups = list(dict.fromkeys(lk for column in columns for lk in column.lookups if lk != PARTNERS))
    position = {lookup: index + 1 for index, lookup in enumerate(lookups)}
    getters = [_getter(column, position) for column in columns]
    rows = queryset.prefetch_related(None).values_list("pk", *lookups).iterator(chunk_size=CHUNK)
    model = LINKED.get(kind)
    while chunk := list(islice(rows, CHUNK)):
        names = _partner_names(model, [row[0] for row in chunk]) if model else {}
        for row in chunk:
            yield [getter(row, names) for getter in getters]


def _getter(column: Column, position: dict[str, int]) -> Callable:
    if column.lookups == (PARTNERS,):
        return lambda row, names: "; ".join(names.get(row[0], ()))
    indexes = [position[lookup] for lookup in column.lookups]
    convert = column.convert
    if convert is None:
        index = indexes[0]
        return lambda row, names: row[index]
    if len(indexes) == 1:
        index = indexes[0]
        return lambda row, names: convert(row[index])
    return lambda row, names: convert(*(row[i] for i in indexes))


def _partner_names(model, ids: list[int]) -> dict[int, list[str]]:
    owner = model._meta.model_name + "_id"
    pairs = (
        model.partners.through.objects.filter(**{f"{owner}__in": ids})
        .order_by("partner__name")
        .values_list(owner, "partner__name")
    )
    names: dict[int, list[str]] = {}
    for owner_id, name in pairs:
        names.setdefault(owner_id, []).append(name)
    return names


# xlsx ---------------------------------------------------------------------------------------------------


def write_xlsx(target, kind: str, rows: Iterable[list], *, about: list[tuple[str, str]] | None = None) -> int:
    """Write the export workbook to `target` (path or binary file); returns the number of data rows.

    Print-ready: A4 landscape fitted to the page width, the header row repeated on every page, the title, the
    filters and the export time in the page header, page numbers in the footer, wrapped cells with rows tall
    enough, the header row and the identifying column frozen on screen.

    A sheet holds at most `report_book.MAX_SHEET_ROWS` rows, header included: the rows go on in "… (2)", with
    the header repeated, rather than being dropped (XlsxWriter would ignore them without a word)."""
    workbook = xlsxwriter.Workbook(target, XLSX_OPTIONS)
    cell = {"valign": "top", "font_size": 10}
    formats = {
        "header": workbook.add_format({**cell, "bold": True, "bg_color": "#eef0f3", "border": 1, "text_wrap": True}),
        "text": workbook.add_format({**cell, "text_wrap": True}),
        "number": workbook.add_format(cell),
        "date": workbook.add_format({**cell, "num_format": "dd/mm/yyyy"}),
        "print_header": print_header(kind, about or []),
    }
    count, names = _write_rows(workbook, kind, rows, formats)
    about = [*(about or []), ("Jumlah baris", str(count))]
    if len(names) > 1:
        about.append(("Lembar data", f"{len(names)} lembar (batas Excel per lembar): " + ", ".join(names)))
    _write_about(workbook.add_worksheet("Keterangan"), about, formats)
    workbook.close()
    return count


def column_width(column: Column) -> float:
    return report_book.header_fitting_width(column.header, column.width)


def print_header(kind: str, about: list[tuple[str, str]]) -> str:
    notes = dict(about)
    return report_book.page_header(
        TITLES[kind], notes.get("Cakupan", ""), notes.get("Filter", ""), notes.get("Waktu ekspor", "")
    )


def _data_sheet(workbook, kind: str, part: int, formats):
    sheet = workbook.add_worksheet(report_book.sheet_part_name(TITLES[kind], part))
    columns = COLUMNS[kind]
    widths = [column_width(column) for column in columns]
    for index, column in enumerate(columns):
        sheet.set_column(index, index, widths[index], formats["date"] if column.type == DATE else None)
    header = [column.header for column in columns]
    sheet.set_row(0, report_book.row_height(list(zip(header, widths, strict=True)), bold=True))
    for index, label in enumerate(header):
        sheet.write_string(0, index, label, formats["header"])
    sheet.freeze_panes(1, FROZEN_COLUMNS[kind])
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.set_margins(left=0.4, right=0.4, top=0.9, bottom=0.6)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_header(formats["print_header"], {"margin": 0.3})
    sheet.set_footer("&L&8Portal Hubal Jabar · Bawaslu Jawa Barat&R&8Halaman &P dari &N", {"margin": 0.3})
    return sheet


def _line_widths(kind: str) -> list[int]:
    return [max(1, int(column_width(c) * report_book.CHARS_PER_WIDTH)) for c in COLUMNS[kind]]


def _row_lines(values: list, types: list[str], per_line: list[int]) -> int:
    """Lines of the tallest wrapped text cell of a row (1 when nothing wraps)."""
    lines = 1
    for col, value in enumerate(values):
        if types[col] is TEXT and value and len(value) > per_line[col]:
            lines = max(lines, report_book.wrapped_lines(value, per_line[col]))
    return lines


def _write_rows(workbook, kind: str, rows: Iterable[list], formats) -> tuple[int, list[str]]:
    """All rows over as many sheets as needed; returns the row count and the sheet names."""
    types, per_line = [column.type for column in COLUMNS[kind]], _line_widths(kind)
    text_format, number_format, date_format = formats["text"], formats["number"], formats["date"]
    per_sheet = report_book.MAX_SHEET_ROWS - 1
    sheets = [_data_sheet(workbook, kind, 1, formats)]
    count = row = 0
    for count, values in enumerate(rows, start=1):  # noqa: B007 - the last count is the row total
        row += 1
        if row > per_sheet:
            sheets.append(_data_sheet(workbook, kind, len(sheets) + 1, formats))
            row = 1
        sheet = sheets[-1]
        lines = _row_lines(values, types, per_line)
        if lines > 1:
            sheet.set_row(row, report_book.LINE_HEIGHT * lines + 4)
        write_string, write_number = sheet.write_string, sheet.write_number
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            cell_type = types[col]
            if cell_type is TEXT:
                write_string(row, col, inert(value), text_format)
            elif cell_type is NUMBER:
                write_number(row, col, value, number_format)
            else:
                write_number(row, col, (value - EXCEL_EPOCH).days, date_format)
    last_col = len(types) - 1
    for index, sheet in enumerate(sheets, start=1):
        sheet.autofilter(0, 0, max(per_sheet if index < len(sheets) else row, 1), last_col)
    return count, [sheet.name for sheet in sheets]


def _write_about(sheet, about: list[tuple[str, str]], formats) -> None:
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 80)
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    for row, (label, text) in enumerate(about):
        sheet.set_row(row, report_book.row_height([(text, 80)]))
        sheet.write_string(row, 0, label, formats["header"])
        sheet.write_string(row, 1, inert(text), formats["text"])


def xlsx_tempfile(kind: str, queryset, *, about: list[tuple[str, str]] | None = None):
    """The workbook in an anonymous temporary file, rewound, ready for a FileResponse (deleted on close)."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by the FileResponse
    try:
        write_xlsx(handle, kind, export_rows(kind, queryset), about=about)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return handle


# csv ----------------------------------------------------------------------------------------------------


class _Line:
    """A write-only file for csv.writer: returns the line instead of storing it."""

    def write(self, text: str) -> str:
        return text


def csv_chunks(kind: str, queryset, *, rows_per_chunk: int = 500) -> Iterator[str]:
    """The csv export as text chunks for a StreamingHttpResponse: BOM, headers, rows."""
    writer = csv.writer(_Line(), delimiter=CSV_DELIMITER)
    yield "\ufeff" + writer.writerow(headers(kind))
    types = [column.type for column in COLUMNS[kind]]
    buffer = []
    for values in export_rows(kind, queryset):
        buffer.append(writer.writerow([_csv_cell(types[i], v) for i, v in enumerate(values)]))
        if len(buffer) == rows_per_chunk:
            yield "".join(buffer)
            buffer = []
    if buffer:
        yield "".join(buffer)


def _csv_cell(kind: str, value):
    if value is None:
        return ""
    if kind is TEXT:
        return inert(value)
    if kind is DATE:
        return value.strftime("%d/%m/%Y")
    return value


# names and notes ----------------------------------------------------------------------------------------


def export_scope(kind: str, user, data) -> Office | None:
    """The one office an export covers, if it covers one (for the file name and the notes)."""
    if kind == "partners":
        code = data.get("home_office", "")
    elif not permissions.sees_all_offices(user):
        return user.office
    else:
        code = data.get("office", "")
    return Office.objects.filter(code=code).first() if code else None


def export_filename(kind: str, office: Office | None, fmt: str, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    place = slugify(office.name) if office else "se-jawa-barat"
    return f"{PREFIXES[kind]}-{place}-{today:%Y-%m-%d}.{fmt}"


def describe_export(filterset, *, office: Office | None, user) -> list[tuple[str, str]]:
    """The notes sheet: what was exported, by whom and when, with which filters."""
    now = timezone.localtime()
    about = [
        ("Cakupan", office.name if office else "Semua kantor yang dapat Anda lihat"),
        ("Diekspor oleh", f"{user.get_full_name() or user.get_username()} ({user.office or 'tanpa kantor'})"),
        ("Waktu ekspor", f"{now:%d/%m/%Y %H:%M} WIB"),
    ]
    shown = _filter_texts(filterset)
    about.append(("Filter", "; ".join(shown) if shown else "Tanpa filter"))
    return about


def _filter_texts(filterset) -> list[str]:
    texts = []
    for name, value in filterset.active_filters.items():
        field = filterset.form.fields.get(name)
        label = str(getattr(field, "label", "") or name)
        choices = getattr(field, "choices", None)
        choices = {str(k): str(v) for k, v in choices} if choices is not None else {}
        if isinstance(value, dt.date):
            text = f"{value:%d/%m/%Y}"
        elif isinstance(value, bool):
            text = "Ya" if value else "Tidak"
        else:
            text = choices.get(str(value), str(value))
        texts.append(f"{label}: {text}")
    return texts
