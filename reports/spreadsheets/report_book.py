"""The formatting layer of our report workbooks (XlsxWriter): title rows, bold bordered headers, typed cells,
number and percentage formats, frozen headers, A4 landscape print setup with repeated header rows, and the
helpers of the print-ready list exports (row heights of wrapped text, header-fitting widths, page headers).

Every text cell goes through `reports.spreadsheets.safety.inert` and is written with `write_string`: no cell is ever a formula.

No sheet is ever cut short. XlsxWriter silently ignores rows past Excel's limit of MAX_SHEET_ROWS, so a sheet
that fills up continues on a new sheet named "… (2)", "… (3)" with the title rows and the header repeated
(`ReportSheet`, and `sheet_part_name` for the list exports in `exports.py`).
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from ..lakip import rules as lakip
from .safety import inert

LINE_HEIGHT = 13  # points per line of 10-point text
CHARS_PER_WIDTH = 1.2  # characters of 10-point text per unit of column width (LibreOffice fonts are wide)
TITLE_ROWS = 4  # title, unit, source note, blank; the header follows
MAX_SHEET_ROWS = 1_048_576  # Excel's rows per sheet; XlsxWriter drops rows past it without a word
SHEET_NAME_MAX = 31
PAGE_HEADER_MAX = 255  # Excel's limit for a printed page header, control codes included
EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's date serial numbers (1900 system, after the leap bug)
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


@functools.lru_cache(maxsize=4096)
def wrapped_lines(text: str, width: int) -> int:
    """How many lines a wrapping cell needs (greedy word wrap, like textwrap but cheaper). Cached: a long listing
    repeats the same texts (partner names, agreement titles) on many rows."""
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


def row_height(cells: list[tuple[str, float]], *, bold: bool = False) -> float:
    """Points of a row of wrapping cells [(text, column width)], so that nothing is clipped: no spreadsheet
    program autofits a row on opening. Bold text is wider, so it gets fewer characters per line."""
    lines = 1
    for text, width in cells:
        per_line = max(1, int(width * CHARS_PER_WIDTH * (0.85 if bold else 1)))
        lines = max(lines, sum(wrapped_lines(part, per_line) for part in str(text).split("\n")))
    return LINE_HEIGHT * lines + 4


def print_text(text: str) -> str:
    """Text for a printed page header or footer: "&" is a control character there."""
    return text.replace("&", "&&")


def header_fitting_width(header: str, width: float) -> float:
    """A column width widened to hold the longest word of its (bold) header on one line: no mid-word breaks."""
    longest = max(len(word) for word in header.split())
    return max(width, (longest + 1) / (CHARS_PER_WIDTH * 0.85))


def page_header(title: str, scope: str, filters: str, exported: str) -> str:
    """The printed page header of a list: title and scope, the filters under them (shortened to Excel's limit
    of 255 characters, control codes included), the export time on the right."""
    left = f'&L&"-,Bold"&11{print_text(title)}' + (f" · {print_text(scope)}" if scope else "")
    right = f"&R&8Diekspor {print_text(exported)}" if exported else ""
    second_line = '\n&"-,Regular"&8'
    shown = print_text(f"Filter: {filters}") if filters else ""
    room = PAGE_HEADER_MAX - len(left) - len(right) - len(second_line)
    if shown and room > 10:
        if len(shown) > room:
            shown = shown[: room - 1].rstrip("&") + "…"
        left += second_line + shown
    return left + right


def sheet_part_name(name: str, part: int) -> str:
    """The name of the n-th sheet of one table: "Kegiatan", "Kegiatan (2)", … within Excel's 31 characters."""
    if part == 1:
        return name[:SHEET_NAME_MAX]
    suffix = f" ({part})"
    return name[: SHEET_NAME_MAX - len(suffix)] + suffix


class FastWorksheet(Worksheet):
    """XlsxWriter's worksheet, writing the very same bytes faster. Every formatted cell carries its format index as
    an int attribute (`s="3"`), which the stock `_escape_attributes` lets through by catching the TypeError that
    the escaping regex raises on an int: an exception per cell, about 10 % of the time of writing the province
    LAKIP annexes (275,000 cells). An int never needs escaping, so it is returned at once; anything else goes
    through the stock method. tests/reports/spreadsheets/test_row_limit.py checks that the files are identical."""

    def _escape_attributes(self, attribute):
        if attribute.__class__ is int:
            return attribute
        return super()._escape_attributes(attribute)


WORKSHEET_CLASS = FastWorksheet


class SheetTooLarge(Exception):
    """A sheet whose header cannot be repeated would pass Excel's row limit (see `ReportSheet.header`)."""


class ReportSheet:
    """One formatted report sheet: title rows, a bordered bold header, typed cells, A4 landscape print setup.

    A sheet continues on a new sheet ("… (2)") when it reaches MAX_SHEET_ROWS, repeating the title rows and the
    header rows written with `header()`; a sheet whose header was written otherwise refuses (SheetTooLarge)."""

    def __init__(
        self, book: ReportBook, name: str, columns: list[tuple[str, int]], *, title: str, header_rows: int = 1
    ):
        self.book, self.name, self.title = book, name, title
        self.columns, self.header_rows = columns, header_rows
        self.line_widths = [max(1, int(width * CHARS_PER_WIDTH)) for _label, width in columns]
        self.headers: list[list[str] | None] = []
        self.parts: list[tuple] = []  # (worksheet, last row) of the sheets already full
        self.frozen = False
        self._open_part()

    def _open_part(self) -> None:
        book, last = self.book, len(self.columns) - 1
        self.ws = book.wb.add_worksheet(sheet_part_name(self.name, len(self.parts) + 1), WORKSHEET_CLASS)
        for index, (_label, width) in enumerate(self.columns):
            self.ws.set_column(index, index, width)
        self.ws.set_landscape()
        self.ws.set_paper(9)  # A4
        self.ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        self.ws.fit_to_pages(1, 0)
        self.ws.set_footer(f"&L&8{book.unit} · {self.title}&R&8Halaman &P dari &N")
        self.ws.merge_range(0, 0, 0, last, inert(self.title), book.fmt["title"])
        self.ws.merge_range(1, 0, 1, last, inert(book.unit), book.fmt["subtitle"])
        self.ws.merge_range(2, 0, 2, last, inert(book.source_note), book.fmt["note"])
        self.row = TITLE_ROWS
        self.lines = 1

    def _room(self) -> None:
        """Before a cell is written: continue on a new sheet when this one is full."""
        if self.row < MAX_SHEET_ROWS:
            return
        if len(self.headers) < self.header_rows:
            raise SheetTooLarge(self.name)
        self.parts.append((self.ws, self.row - 1))
        self._open_part()
        for labels in self.headers:
            self._header_row(labels)
        if self.frozen:
            self.finish_header()

    def header(self, labels: list[str] | None = None) -> None:
        self.headers.append(labels)
        self._header_row(labels)

    def _header_row(self, labels: list[str] | None) -> None:
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
        self.frozen = True
        first_data = TITLE_ROWS + self.header_rows
        self.ws.freeze_panes(first_data, 0)
        self.ws.repeat_rows(TITLE_ROWS, first_data - 1)

    def text(self, col: int, value, style: str = "text") -> None:
        self._room()
        value = "" if value is None else str(value)
        self.ws.write_string(self.row, col, inert(value), self.book.fmt[style])
        per_line = self.line_widths[col]
        if len(value) > per_line or "\n" in value:
            self.lines = max(self.lines, sum(wrapped_lines(part, per_line) for part in value.split("\n")))

    def number(self, col: int, value, style: str = "") -> None:
        """A figure: '–' when missing, whole numbers as integers, others with two decimals."""
        self._room()
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
        self._room()
        if value is None:
            self.ws.write_string(self.row, col, lakip.DASH, self.book.fmt["dash" + style])
        else:
            self.ws.write_number(
                self.row, col, float(lakip.round2(value) / lakip.HUNDRED), self.book.fmt["pct" + style]
            )

    def date(self, col: int, value: dt.date | None) -> None:
        self._room()
        if value is None:
            self.text(col, "")
        else:
            self.ws.write_datetime(
                self.row, col, dt.datetime(value.year, value.month, value.day), self.book.fmt["date"]
            )

    def data_row(self, values, kinds) -> None:
        """A whole row of a long listing (the LAKIP annexes) in one call: the cells `text`, `number` (whole numbers)
        and `date` would write, with the per-cell overhead paid once per row. `kinds[i]` is "text", "int" or
        "date" (a date cell holding text, e.g. "Tanpa batas waktu", is written as text); dates go out as their serial
        number with the date format, like `write_datetime` would.

        This is the innermost loop of the province workbook (about 275,000 cells at scale 10), so it calls
        XlsxWriter's undecorated `_write_string` / `_write_number` (what `write_string` / `write_number` call after
        parsing A1 notation, which we never use) and skips `inert` for text starting with a letter or digit
        (never dangerous, see `safety.is_dangerous`). tests/reports/lakip/test_workbook_lakip.py reads the cells
        and their formats back."""
        self._room()
        ws, row, fmt, widths = self.ws, self.row, self.book.fmt, self.line_widths
        write_string, write_number = ws._write_string, ws._write_number
        text_fmt, int_fmt, date_fmt = fmt["text"], fmt["int"], fmt["date"]
        lines = 1
        for col, (kind, value) in enumerate(zip(kinds, values, strict=True)):
            if kind == "int":
                write_number(row, col, value, int_fmt)
            elif kind == "date" and isinstance(value, dt.date):
                write_number(row, col, (value - EXCEL_EPOCH).days, date_fmt)
            else:
                if value is None:
                    value = ""
                write_string(row, col, value if value[:1].isalnum() else inert(value), text_fmt)
                if len(value) > widths[col]:
                    lines = max(lines, sum(wrapped_lines(part, widths[col]) for part in value.split("\n")))
                elif "\n" in value:
                    lines = max(lines, value.count("\n") + 1)
        self.lines = lines
        self.end_row()

    def autofilter(self) -> None:
        header = TITLE_ROWS + self.header_rows - 1
        for ws, last in [*self.parts, (self.ws, self.row - 1)]:
            ws.autofilter(header, 0, max(header, last), len(self.columns) - 1)


class ReportBook:
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

    def sheet(self, name: str, columns, *, title: str, header_rows: int = 1) -> ReportSheet:
        return ReportSheet(self, name, columns, title=title, header_rows=header_rows)

    def close(self) -> None:
        self.wb.close()
