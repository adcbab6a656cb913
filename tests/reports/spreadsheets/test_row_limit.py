"""No export is ever cut short at Excel's row limit: sheets continue as "… (2)" with the header repeated.

The limit is lowered through `report_book.MAX_SHEET_ROWS` (XlsxWriter itself would silently drop the rows
past 1,048,576; writing a million rows in a test would prove nothing more)."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse
from xlsxwriter.worksheet import Worksheet

from agencies.choices import VerificationStatus as V
from reports.lakip.workbook import build_lakip_workbook
from reports.spreadsheets import report_book
from reports.spreadsheets.exports import headers
from tests.factories import ActivityFactory
from tests.reports.spreadsheets.test_safety_exports import download

pytestmark = pytest.mark.django_db


def _export(client, kind: str = "activities") -> openpyxl.Workbook:
    data = download(client, reverse("reports:list-export", args=[kind]), {"format": "xlsx"})
    return openpyxl.load_workbook(io.BytesIO(data))


def test_list_export_continues_on_numbered_sheets(client_verifier, office_a, monkeypatch):
    monkeypatch.setattr(report_book, "MAX_SHEET_ROWS", 4)  # header + 3 rows per sheet
    titles = {ActivityFactory(office=office_a, title=f"Rapat {index}").title for index in range(7)}
    workbook = _export(client_verifier)
    assert workbook.sheetnames == ["Kegiatan", "Kegiatan (2)", "Kegiatan (3)", "Keterangan"]
    seen = []
    for name, expected in (("Kegiatan", 3), ("Kegiatan (2)", 3), ("Kegiatan (3)", 1)):
        rows = list(workbook[name].iter_rows(values_only=True))
        assert list(rows[0]) == headers("activities")
        assert len(rows) - 1 == expected
        seen += [row[1] for row in rows[1:]]
    assert sorted(seen) == sorted(titles)
    notes = dict(workbook["Keterangan"].iter_rows(values_only=True))
    assert notes["Jumlah baris"] == "7"
    assert notes["Lembar data"].startswith("3 lembar")


def test_a_full_sheet_does_not_open_an_empty_one(client_verifier, office_a, monkeypatch):
    monkeypatch.setattr(report_book, "MAX_SHEET_ROWS", 4)
    for index in range(3):
        ActivityFactory(office=office_a, title=f"Rapat {index}")
    workbook = _export(client_verifier)
    assert workbook.sheetnames == ["Kegiatan", "Keterangan"]
    assert "Lembar data" not in dict(workbook["Keterangan"].iter_rows(values_only=True))


def test_sheet_part_names_stay_within_excel_limits():
    assert report_book.sheet_part_name("Kegiatan", 1) == "Kegiatan"
    assert report_book.sheet_part_name("Kegiatan", 12) == "Kegiatan (12)"
    long = report_book.sheet_part_name("Lampiran Kerja Sama yang Berlaku Lama", 2)
    assert len(long) == 31 and long.endswith(" (2)")


def test_lakip_annex_continues_with_title_and_header_repeated(office_a, monkeypatch):
    first_data = report_book.TITLE_ROWS + 1
    monkeypatch.setattr(report_book, "MAX_SHEET_ROWS", first_data + 2)  # two activities per sheet
    for index in range(5):
        day = dt.date(2025, 3, 1 + index)
        ActivityFactory(office=office_a, title=f"Kegiatan {index}", verification_status=V.VERIFIED,
                        start_date=day, end_date=day)  # fmt: skip
    output = io.BytesIO()
    build_lakip_workbook(output, year=2025, office=office_a, today=dt.date(2026, 1, 15))
    workbook = openpyxl.load_workbook(io.BytesIO(output.getvalue()))
    parts = ["Lampiran Kegiatan", "Lampiran Kegiatan (2)", "Lampiran Kegiatan (3)"]
    assert [name for name in workbook.sheetnames if name.startswith("Lampiran Kegiatan")] == parts
    numbers, header = [], None
    for name in parts:
        rows = list(workbook[name].iter_rows(values_only=True))
        assert rows[0][0] == "LAMPIRAN KEGIATAN TERVERIFIKASI TAHUN 2025"
        header = header or rows[first_data - 1]
        assert rows[first_data - 1] == header and header[0] == "No"
        numbers += [row[0] for row in rows[first_data:]]
        assert workbook[name].auto_filter.ref
    assert numbers == [1, 2, 3, 4, 5]


def test_a_sheet_whose_header_cannot_be_repeated_refuses(monkeypatch):
    monkeypatch.setattr(report_book, "MAX_SHEET_ROWS", report_book.TITLE_ROWS + 2)
    book = report_book.ReportBook(io.BytesIO(), unit="Bawaslu", source_note="uji")
    sheet = book.sheet("Rekap", [("No", 5), ("Kantor", 20)], title="REKAP", header_rows=2)
    sheet.ws.write_string(sheet.row, 0, "No")  # a hand-written header, as the province recap has
    sheet.row += 2
    with pytest.raises(report_book.SheetTooLarge):
        sheet.number(0, 1)


def _sheet_xml(build) -> dict[str, bytes]:
    output = io.BytesIO()
    build(output)
    with zipfile.ZipFile(output) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")}


def test_the_fast_worksheet_writes_the_same_bytes(monkeypatch):
    """`report_book.FastWorksheet` only skips an exception per formatted cell: every sheet's XML is identical to
    what XlsxWriter's own worksheet writes (text, numbers, dates, wrapped rows, formats, merged title rows)."""

    def build(output):
        book = report_book.ReportBook(output, unit="Kota Depok & sekitarnya", source_note='Sumber: "uji" <data>')
        sheet = book.sheet("Lampiran", [("No", 5), ("Nama", 12), ("Tanggal", 11), ("Jumlah", 8)], title="JUDUL")
        sheet.header()
        sheet.finish_header()
        for number in range(1, 40):
            name = f"Kegiatan {number} & rapat koordinasi panjang" if number % 3 else "=SUM(A1)"
            sheet.data_row(
                (number, name, dt.date(2026, 1, number % 28 + 1), number * 7), ("int", "text", "date", "int")
            )
        sheet.number(0, None)
        sheet.percent(1, None)
        sheet.end_row()
        sheet.autofilter()
        book.close()

    fast = _sheet_xml(build)
    monkeypatch.setattr(report_book, "WORKSHEET_CLASS", Worksheet)
    assert _sheet_xml(build) == fast
    assert b'<c r="A6" s=' in fast["xl/worksheets/sheet1.xml"]  # formatted cells were written
