"""The LKjIP chapter III "Akuntabilitas Kinerja" as a Word document, written from a LAKIP snapshot (live or
published, `reports.lakip.snapshot`) through `snapshot_display`, so it prints what the pages show.

Cover; A. Perjanjian Kinerja; B. measurement with predicates (per indicator and per strategic goal); C. the
multi-year and Renstra comparison; D. one section per indicator with its figures, a chart (PNG drawn by
`chart.bar_chart`) and the analysis texts; E. budget and efficiency. A4, page numbers in the footer.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt

from ..snapshot_display import display
from . import word
from .chart import bar_chart


def document_filename(snapshot: dict) -> str:
    region = "Jawa-Barat" if snapshot["office"]["is_province"] else snapshot["office"]["name"].replace("Bawaslu ", "")
    return f"LKjIP-{snapshot['year']}-{region.replace(' ', '-')}.docx"


def build_lkjip(
    output, snapshot: dict, *, published_label: str = "", progress: Callable[[int], None] | None = None
) -> None:
    """Write the chapter to `output` (a path or a binary file). `published_label` names the publication
    ("Diterbitkan 20/01/2026 oleh …"); without it the cover says it is a preview. `progress(percent)`, when
    given, is told after each section (0–100 of the writing; the export job maps it onto its own scale)."""
    lakip = display(snapshot)
    document = Document()
    word.setup(document)
    word.footer(document, f"LKjIP {lakip['year']} · {lakip['office']['name']}")
    _cover(document, lakip, published_label)
    sections = [_agreement, _measurement, _comparison, _indicators, _budget]
    if lakip["recap"]:
        sections.append(_recap)
    for number, section in enumerate(sections, start=1):
        section(document, lakip)
        if progress is not None:
            progress(100 * number // (len(sections) + 1))
    document.save(output)


def _centered(document, text: str, size: int, *, bold: bool = True, space: int = 6) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(space)
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, Pt(size)


def _cover(document, lakip: dict, published_label: str) -> None:
    for _ in range(4):
        document.add_paragraph()
    _centered(document, "LAPORAN KINERJA INSTANSI PEMERINTAH", 18)
    _centered(document, "(LKjIP)", 16, space=24)
    _centered(document, "BAB III", 14, space=2)
    _centered(document, "AKUNTABILITAS KINERJA", 14, space=36)
    _centered(document, f"TAHUN {lakip['year']}", 16, space=60)
    _centered(document, lakip["office"]["name"].upper(), 15, space=4)
    if lakip["office"]["is_province"]:
        _centered(document, "(seluruh Jawa Barat: kantor provinsi dan 27 Bawaslu kabupaten/kota)", 11, bold=False)
    _centered(document, "BADAN PENGAWAS PEMILIHAN UMUM", 12, space=80)
    measured = lakip["measured_on"] or "–"
    _centered(document, f"Sumber: data terverifikasi portal Hubal Jabar s.d. {measured}", 10, bold=False, space=2)
    _centered(document, published_label or "PRATINJAU – belum diterbitkan", 10, bold=not published_label)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _agreement(document, lakip: dict) -> None:
    document.add_heading(f"A. Perjanjian Kinerja Tahun {lakip['year']}", level=1)
    document.add_paragraph(
        f"Perjanjian Kinerja {lakip['unit_name']} tahun {lakip['year']} memuat sasaran strategis, indikator kinerja "
        "dan target berikut."
    )
    rows = [
        [str(n), row["goal"], f"{row['code']} {row['name']}", row["unit"], row["target_text"]]
        for n, row in enumerate(lakip["indicators"], start=1)
    ]
    word.table(document, ["No", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Target"], rows,
               [1, 4.5, 6.5, 2, 1.5], numeric=(0, 4))  # fmt: skip


def _measurement(document, lakip: dict) -> None:
    document.add_heading("B. Pengukuran Capaian Kinerja", level=1)
    document.add_paragraph(
        "Capaian = realisasi ÷ target × 100% untuk indikator “semakin tinggi semakin baik”; untuk indikator "
        "“semakin rendah semakin baik” = (2 × target − realisasi) ÷ target × 100%, paling rendah 0%. Predikat "
        "ditetapkan dari capaian yang dibulatkan dua angka desimal: "
        + "; ".join(f"{label} {band}" for label, band in lakip["bands"])
        + "."
    )
    rows = [
        [str(n), f"{r['code']} {r['name']}", r["unit"], r["target_text"], r["year_text"], r["capaian_text"],
         r["predicate_text"]]
        for n, r in enumerate(lakip["indicators"], start=1)
    ]  # fmt: skip
    word.table(document, ["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian", "Predikat"], rows,
               [0.9, 6.2, 1.8, 1.5, 2.0, 1.8, 1.9], numeric=(0, 3, 4, 5))  # fmt: skip
    document.add_paragraph()
    document.add_paragraph("Predikat per sasaran strategis (rata-rata capaian indikatornya):")
    goals = [[g["goal"], ", ".join(g["codes"]), g["capaian_text"], g["predicate_text"]] for g in lakip["goals"]]
    word.table(document, ["Sasaran Strategis", "Indikator", "Rata-rata Capaian", "Predikat"], goals,
               [7, 3.5, 2.5, 2.5], numeric=(2,))  # fmt: skip


def _comparison(document, lakip: dict) -> None:
    comparison = lakip["comparison"]
    y0, y1, y2 = comparison["years"]
    document.add_heading("C. Perbandingan Realisasi Antartahun dan Target Renstra", level=1)
    period = comparison["period"] or "belum ada periode Renstra yang mencakup tahun ini"
    document.add_paragraph(
        f"Realisasi {y2} dibandingkan dengan {y0} dan {y1}, dan dengan target Renstra ({period}). Realisasi s.d. "
        f"{y2} terhadap target akhir Renstra: kumulatif sejak indikator masuk Renstra untuk indikator yang "
        "dijumlahkan per tahun, atau nilai tahun ini untuk indikator posisi/persentase."
    )
    headers = ["Indikator", str(y0), str(y1), str(y2), "Perubahan", f"Target Renstra {y2}", "Target Akhir",
               f"Realisasi s.d. {y2}", "Capaian thd. Target Akhir"]  # fmt: skip
    rows = [
        [r["code"], *r["years_text"], r["change_text"], r["renstra_target_text"], r["end_target_text"],
         r["so_far_text"], r["end_capaian_text"]]
        for r in comparison["rows"]
    ]  # fmt: skip
    word.table(document, headers, rows, [1.8, 1.7, 1.5, 1.5, 2.2, 1.6, 1.5, 2, 1.7], size=8,
               numeric=tuple(range(1, 9)))  # fmt: skip


def _indicator_chart(row: dict, comparison: dict) -> bytes:
    years = comparison["years"]
    bars = []
    for index, year in enumerate(years):
        raw = row["comparison"]["years"][index]["value"] if row.get("comparison") else None
        shown = row["comparison"]["years_text"][index].split(" (")[0] if row.get("comparison") else "–"
        bars.append((str(year), None if raw is None else Decimal(raw), shown, "current" if index == 2 else "past"))
    target = None if row["target"] is None else Decimal(row["target"])
    bars.append((f"Target {years[2]}", target, row["target_text"], "target"))
    return bar_chart(f"{row['code']} {row['name']}"[:70], bars)


def _indicators(document, lakip: dict) -> None:
    document.add_heading("D. Analisis Capaian per Indikator", level=1)
    by_code = {r["code"]: r for r in lakip["comparison"]["rows"]}
    for row in lakip["indicators"]:
        row = {**row, "comparison": by_code.get(row["code"])}
        document.add_heading(f"{row['code']} {row['name']}", level=2)
        intro = document.add_paragraph(
            f"Sasaran strategis: {row['goal']}. Satuan: {row['unit']}; {row['polarity_label']}."
        )
        intro.paragraph_format.keep_with_next = True
        headers = ["Target", "TW I", "TW II", "TW III", "TW IV", "Realisasi", "Capaian", "Predikat"]
        values = [
            row["target_text"],
            *row["quarters_text"],
            row["year_text"],
            row["capaian_text"],
            row["predicate_text"],
        ]
        grid = word.table(
            document, headers, [values], [1.8, 1.6, 1.6, 1.6, 1.6, 1.9, 1.9, 2.3], numeric=tuple(range(7))
        )
        word.keep_together(grid)  # the figures stay on the page of their chart
        picture = document.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.add_run().add_picture(io.BytesIO(_indicator_chart(row, lakip["comparison"])), width=Cm(13))
        texts = row["analysis"]
        if not texts:
            document.add_paragraph("Analisis capaian belum ditulis.").runs[0].italic = True
            continue
        if not texts["verified"]:
            document.add_paragraph("(Analisis belum diverifikasi.)").runs[0].italic = True
        for label, text in texts["items"]:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}. ").bold = True
            paragraph.add_run(text)


def _budget(document, lakip: dict) -> None:
    budget = lakip["budget"]
    document.add_heading("E. Realisasi Anggaran dan Efisiensi", level=1)
    document.add_paragraph(
        "Pagu dan realisasi anggaran kegiatan dan kerja sama terverifikasi yang mendukung setiap sasaran. "
        "Penyerapan = realisasi ÷ pagu × 100%; efisiensi = capaian % ÷ penyerapan % (di atas 1: capaian lebih tinggi "
        "daripada anggaran yang terserap). Tanpa pagu atau tanpa penyerapan, efisiensi tidak dihitung (“–”)."
    )
    rows = [
        [b["goal"], b["ceiling_text"], b["spent_text"], b["absorption_text"], b["capaian_text"],
         b["efficiency_text"] + (f" ({b['note']})" if b["note"] else "")]
        for b in budget["rows"]
    ]  # fmt: skip
    rows.append(["Seluruh unit (setiap data sekali)", budget["total_ceiling"], budget["total_spent"], "", "", ""])
    word.table(document, ["Sasaran Strategis", "Pagu (Rp)", "Realisasi (Rp)", "Penyerapan", "Capaian", "Efisiensi"],
               rows, [5, 2.6, 2.6, 1.9, 1.9, 2], numeric=(1, 2, 3, 4))  # fmt: skip


def _recap(document, lakip: dict) -> None:
    document.add_heading("F. Rekapitulasi Kabupaten/Kota", level=1)
    document.add_paragraph(
        "Realisasi tahunan setiap kantor dan, di bawahnya, capaiannya terhadap target kantor itu. Baris kantor "
        "provinsi berisi data kantor provinsi sendiri; target provinsi berlaku untuk seluruh Jawa Barat."
    )
    codes = [row["code"] for row in lakip["indicators"]]
    width = round(12.1 / max(len(codes), 1), 2)
    rows = [[item["office"].replace("Bawaslu ", ""), *item["cells"]] for item in lakip["recap"]]
    word.table(document, ["Kantor", *codes], rows, [3.4, *[width] * len(codes)], size=7,
               numeric=tuple(range(1, len(codes) + 1)))  # fmt: skip
