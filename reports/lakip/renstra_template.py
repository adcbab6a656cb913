"""The Renstra targets as a spreadsheet template (sheet "Renstra"), pre-filled with the current targets."""

from __future__ import annotations

import xlsxwriter

from ..spreadsheets.report_book import WORKBOOK_OPTIONS
from ..spreadsheets.safety import inert
from .models import RENSTRA_PARTS, RenstraPeriod
from .renstra_import import SHEET, columns

HELP = [
    "1. Satu baris = satu kantor dan satu indikator. Jangan ubah judul kolom pada baris pertama lembar Renstra.",
    "2. Isi target setiap tahun periode dan Target Akhir Renstra (kondisi yang ingin dicapai pada akhir periode).",
    "3. Indikator yang baru ditambahkan di tengah periode: kosongkan target tahun-tahun sebelum indikator itu "
    "mulai diukur; perbandingan antartahun menampilkan “belum diukur” untuk tahun-tahun tersebut.",
    "4. Baris yang semua kolom targetnya dikosongkan akan MENGHAPUS target Renstra kantor dan indikator tersebut; "
    "kantor/indikator yang barisnya tidak ada di berkas tidak berubah.",
    "5. Angka desimal memakai koma (12,5) atau titik (12.5); persentase paling tinggi 100.",
]


def build_renstra_template(output, *, period: RenstraPeriod, offices, indicators, existing: dict) -> None:
    """One row per office × indicator: codes and names, then the five yearly targets and the end target."""
    wb = xlsxwriter.Workbook(output, {k: v for k, v in WORKBOOK_OPTIONS.items() if k != "constant_memory"})
    header = wb.add_format({"bold": True, "border": 1, "bg_color": "#F2DCE3", "text_wrap": True})
    number = wb.add_format({"border": 1, "num_format": "#,##0.##"})
    text = wb.add_format({"border": 1})
    ws = wb.add_worksheet(SHEET)
    cols = columns(period)
    labels = [cols[0].header, "Kantor", cols[1].header, "Indikator", "Satuan", *(c.header for c in cols[2:])]
    for col, label in enumerate(labels):
        ws.set_column(col, col, {1: 32, 3: 46}.get(col, 13))
        ws.write_string(0, col, label, header)
    row = 1
    for office in offices:
        for indicator in indicators:
            target = existing.get((office.pk, indicator.pk))
            for col, value in enumerate((office.code, office.name, indicator.code, indicator.name, indicator.unit)):
                ws.write_string(row, col, inert(value), text)
            for offset, part in enumerate(RENSTRA_PARTS):
                value = getattr(target, part) if target else None
                if value is None:
                    ws.write_blank(row, 5 + offset, None, number)
                else:
                    ws.write_number(row, 5 + offset, float(value), number)
            row += 1
    last = len(labels) - 1
    ws.data_validation(1, 5, max(1, row - 1), last, {"validate": "decimal", "criteria": ">=", "value": 0})
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, row - 1), last)
    guide = wb.add_worksheet("Petunjuk")
    guide.set_column(0, 0, 120)
    title = wb.add_format({"bold": True, "font_size": 13})
    guide.write_string(0, 0, inert(f"Petunjuk pengisian target {period.name} ({period.label})"), title)
    wrap = wb.add_format({"text_wrap": True})
    for index, line in enumerate(HELP, start=2):
        guide.write_string(index, 0, inert(line), wrap)
    wb.close()
