"""The "Perbandingan Antar Tahun" sheet of the LAKIP workbook (from `comparison.unit_comparison`)."""

from __future__ import annotations

from ..spreadsheets.report_book import ReportBook
from .comparison import Comparison

SHEET = "Perbandingan Antar Tahun"


def columns(result: Comparison) -> list[tuple[str, int]]:
    y0, y1, y2 = result.years
    end = f"Target Akhir Renstra ({result.period.label})" if result.period else "Target Akhir Renstra"
    return [
        ("No", 4), ("Indikator Kinerja", 36), ("Satuan", 9),
        (f"Realisasi {y0}", 10), (f"Keterangan {y0}", 12), (f"Realisasi {y1}", 10), (f"Keterangan {y1}", 12),
        (f"Realisasi {y2}", 10), (f"Perubahan dari {y1}", 10), (f"Perubahan dari {y1} (%)", 10), ("Arah", 10),
        (f"Target Renstra {y2}", 10), ("Capaian thd. Target Renstra (%)", 11), (end, 11),
        (f"Realisasi s.d. {y2}", 10), ("Capaian thd. Target Akhir (%)", 11),
    ]  # fmt: skip


def comparison_sheet(book: ReportBook, result: Comparison) -> None:
    period = result.period.name if result.period else "belum ada periode Renstra"
    sheet = book.sheet(SHEET, columns(result), title=f"PERBANDINGAN REALISASI ANTAR TAHUN {result.year} ({period})")
    sheet.header()
    sheet.finish_header()
    for number, row in enumerate(result.rows, start=1):
        indicator = row.indicator
        sheet.number(0, number)
        sheet.text(1, f"{indicator.code} {indicator.name}")
        sheet.text(2, indicator.unit)
        for offset, value in enumerate(row.years[:2]):
            sheet.number(3 + 2 * offset, value.value)
            sheet.text(4 + 2 * offset, value.status_label)
        sheet.number(7, row.years[2].value)
        sheet.number(8, row.change)
        sheet.percent(9, row.change_percent)
        sheet.text(10, row.trend_label)
        sheet.number(11, row.renstra_target)
        sheet.percent(12, row.renstra_capaian)
        sheet.number(13, row.end_target)
        sheet.number(14, row.so_far)
        sheet.percent(15, row.end_capaian)
        sheet.end_row()
