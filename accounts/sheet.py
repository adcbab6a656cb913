"""Minimal reader for the onboarding upload (.xlsx with openpyxl, .csv) into a list of dicts keyed by
`onboarding.COLUMNS`.

TEMPORARY ADAPTER: the shared spreadsheet reader with preview is being rewritten in `reports/spreadsheets/`.
After merging, switch `read_rows` to it and delete this module; onboarding.py takes parsed rows and does not
change.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from agencies.models import Office

from .onboarding import COLUMNS, MAX_ROWS

HEADER_WORDS = {
    "nama lengkap": "name",
    "nama": "name",
    "surel": "email",
    "email": "email",
    "e-mail": "email",
    "kode kantor": "office_code",
    "kode wilayah": "office_code",
    "peran": "role",
}
EXAMPLES = [
    ("Siti Rahmawati", "siti.rahmawati@example.org", "32.76", "Staf"),
    ("Asep Saepudin", "asep.saepudin@example.org", "32.01", "Staf"),
]


class SheetError(ValueError):
    """The file cannot be read as a table of accounts (message in Indonesian)."""


def _cells(values) -> list[str]:
    return ["" if v is None else str(v).strip() for v in values]


def _raw_rows(upload) -> list[list[str]]:
    data = upload.read()
    if upload.name.lower().endswith(".csv"):
        text = data.decode("utf-8-sig", errors="replace")
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=";,\t") if text.strip() else csv.excel
        return [_cells(r) for r in csv.reader(io.StringIO(text), dialect)]
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise SheetError("Berkas .xlsx tidak dapat dibaca. Simpan ulang dari Excel atau pakai templat.") from error
    sheet = book.worksheets[0]
    return [_cells(r) for r in sheet.iter_rows(max_row=MAX_ROWS + 2, values_only=True)]


def read_rows(upload) -> list[dict]:
    rows = [r for r in _raw_rows(upload) if any(r)]
    if not rows:
        raise SheetError("Berkas kosong.")
    keys = [HEADER_WORDS.get(h.casefold()) for h in rows[0]]
    missing = [label for key, label in COLUMNS.items() if key not in keys]
    if missing:
        raise SheetError("Kolom berikut tidak ditemukan pada baris pertama: " + ", ".join(missing) + ". Pakai templat.")
    return [{key: value for key, value in zip(keys, row, strict=False) if key} for row in rows[1:]]


def template_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Akun"
    sheet.append(list(COLUMNS.values()))
    for row in EXAMPLES:
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="8A1538")
    for column, width in zip("ABCD", (32, 36, 14, 16), strict=True):
        sheet.column_dimensions[column].width = width
    guide = book.create_sheet("Petunjuk")
    guide.append(["Kolom", "Isi"])
    guide.append(["Peran", "Staf, Pimpinan, Verifikator, atau Administrator"])
    guide.append(["Kode kantor", "Kode wilayah Kemendagri; staf di kab/kota, peran lain di 32 (provinsi)"])
    guide.append([])
    guide.append(["Kode kantor", "Kantor"])
    for office in Office.objects.order_by("code"):
        guide.append([office.code, office.name])
    guide.column_dimensions["A"].width = 14
    guide.column_dimensions["B"].width = 60
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
