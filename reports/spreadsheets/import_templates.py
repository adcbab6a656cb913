"""Downloadable import templates (xlsx): an instruction sheet, the data sheet with drop-down lists for choice
columns and date/number checks, an example, the allowed choices with their codes, and the names the importer
can refer to (partners of the directory; agreements of the office and of the province).

Every text that comes from the database is written through `reports.spreadsheets.safety.inert` with `write_string`.
"""

from __future__ import annotations

import datetime as dt
import io
import math

import xlsxwriter

from agencies import permissions
from agencies.models import Office
from agencies.resources import (
    LIST_SEPARATOR,
    RESOURCES,
    AgreementNumberWidget,
    ChoiceWidget,
    CountWidget,
    DateWidget,
    MultiChoiceWidget,
    PartnersWidget,
    TextWidget,
    YesNoWidget,
    citable_for_import,
)

from .engine import KEY_DESCRIPTIONS
from .imports import KIND_LABELS, MAX_BYTES, MAX_ROWS, thousands
from .safety import inert

WORKBOOK_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
ROW_WORD = {"partners": "lembaga mitra", "agreements": "kerja sama", "activities": "kegiatan"}
NOTES = {
    "Tanggal selesai": "Tidak boleh sebelum tanggal mulai dan tidak boleh di masa depan.",
    "Berakhir": "Kosongkan bila tanpa batas waktu; tidak boleh sebelum tanggal mulai berlaku.",
    "Nomor akreditasi pemantau": "Hanya untuk lembaga pemantau pemilu.",
    "Akreditasi berlaku dari": "Tanggal (dd/mm/yyyy); wajib bila nomor akreditasi diisi.",
    "Akreditasi berlaku sampai": "Tanggal (dd/mm/yyyy); wajib bila nomor akreditasi diisi.",
    "Nomor dokumen Bawaslu": "Kunci pencocokan: baris bernomor sama memperbarui kerja sama yang sudah ada.",
    "Nomor kerja sama induk": "Nomor dokumen Bawaslu kerja sama induk (mis. MoU nasional/provinsi).",
    "Nomor kerja sama terkait": "Lihat sheet “Kerja sama terdaftar”.",
    "Lembaga mitra": "Tulis persis seperti di sheet “Mitra terdaftar”; beberapa lembaga dipisah “;”.",
    "Situs web": "Alamat lengkap, mis. https://contoh.ac.id",
}
EXAMPLES = {
    "partners": {
        "Nama lembaga": "Universitas Contoh Jawa Barat",
        "Singkatan": "UCJB",
        "Kategori": "Perguruan tinggi",
        "Tingkat": "Kabupaten/kota",
        "Telepon": "022-1234567",
        "E-mail": "humas@contoh.ac.id",
        "Narahubung": "Dr. Siti Rahmawati",
        "Jabatan narahubung": "Kepala Humas",
    },
    "agreements": {
        "Jenis kerja sama": "Perjanjian Kerja Sama (PKS)",
        "Judul": "Perjanjian Kerja Sama tentang pengawasan partisipatif",
        "Nomor dokumen Bawaslu": "001/HM.01/2026",
        "Ruang lingkup": f"Pencegahan pelanggaran{LIST_SEPARATOR} Pengawasan partisipatif",
        "Tanggal penandatanganan": dt.date(2026, 1, 15),
        "Mulai berlaku": dt.date(2026, 1, 15),
        "Berakhir": dt.date(2028, 1, 14),
        "Dapat dipublikasikan": "Ya",
        "Pagu anggaran (Rp)": 25_000_000,
        "Kode akun/kegiatan DIPA": "5227.QDC.001.052.A.524111",
    },
    "activities": {
        "Nama kegiatan": "Rapat koordinasi pengawasan kampanye",
        "Jenis kegiatan": "Rapat koordinasi",
        "Tanggal mulai": dt.date(2026, 3, 10),
        "Tanggal selesai": dt.date(2026, 3, 10),
        "Tempat": "Aula kantor Bawaslu",
        "Ruang lingkup": "Pencegahan pelanggaran",
        "Tahapan": "Kampanye",
        "Dimensi IKP": "Kontestasi",
        "Peserta laki-laki": 25,
        "Peserta perempuan": 20,
        "Laporan dari mitra": 1,
        "Pagu anggaran (Rp)": 15_000_000,
        "Realisasi anggaran (Rp)": 12_450_000,
        "Kode akun/kegiatan DIPA": "5227.QDC.001.052.A.521211",
    },
}


def template_filename(kind: str) -> str:
    return f"templat-impor-{ROW_WORD[kind].replace(' ', '-')}.xlsx"


def build_template(kind: str, *, user, office: Office) -> bytes:
    """The xlsx template of `kind` for an import by `user` into `office`."""
    resource = RESOURCES[kind](office=office, user=user)
    columns = list(resource.columns().items())
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    styles = _styles(workbook)
    guide = workbook.add_worksheet("Petunjuk")
    data = workbook.add_worksheet(KIND_LABELS[kind])
    example = workbook.add_worksheet("Contoh")
    choices = workbook.add_worksheet("Pilihan")
    sources = _write_choices(choices, columns, styles)
    _write_guide(guide, kind, resource, columns, office, styles)
    _write_data_sheet(data, resource, columns, sources, styles)
    _write_example(example, kind, columns, styles, _example_partner(user))
    if kind != "partners":
        _write_partner_names(workbook.add_worksheet("Mitra terdaftar"), user, styles)
    if kind == "activities":
        _write_agreements(workbook.add_worksheet("Kerja sama terdaftar"), user, office, styles)
    for sheet in workbook.worksheets():
        _print_setup(sheet)
    guide.activate()
    workbook.close()
    return buffer.getvalue()


def _print_setup(sheet) -> None:
    """A4 landscape, one page wide, the header row repeated."""
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    if sheet.name != "Petunjuk":
        sheet.repeat_rows(0)


def _styles(workbook) -> dict:
    return {
        "title": workbook.add_format({"bold": True, "font_size": 14, "font_color": "#8a1538"}),
        "bold": workbook.add_format({"bold": True}),
        "top_bold": workbook.add_format({"bold": True, "valign": "top"}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "required": workbook.add_format(
            {"bold": True, "font_color": "#ffffff", "bg_color": "#8a1538", "border": 1, "text_wrap": True}
        ),
        "optional": workbook.add_format({"bold": True, "bg_color": "#eef0f3", "border": 1, "text_wrap": True}),
        "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
        "text": workbook.add_format({"num_format": "@"}),
    }


def _describe(widget) -> str:
    if isinstance(widget, MultiChoiceWidget):
        return f"Satu atau beberapa, dipisah “{LIST_SEPARATOR}”: " + ", ".join(widget.labels.values())
    if isinstance(widget, ChoiceWidget):
        default = f" (kosong = {widget.labels[widget.default]})" if widget.default else ""
        return "Pilih satu: " + ", ".join(widget.labels.values()) + default
    if isinstance(widget, DateWidget):
        return "Tanggal: tanggal Excel, DD/MM/YYYY (28/11/2026) atau YYYY-MM-DD (2026-11-28)"
    if isinstance(widget, CountWidget):
        return "Bilangan bulat 0 atau lebih (kosong = 0)"
    if isinstance(widget, YesNoWidget):
        return "Ya atau Tidak (kosong = Tidak)"
    if isinstance(widget, PartnersWidget):
        return f"Nama lembaga mitra yang sudah terdaftar; beberapa dipisah “{LIST_SEPARATOR}”"
    if isinstance(widget, AgreementNumberWidget):
        return "Nomor dokumen Bawaslu kerja sama kantor Anda, atau kerja sama provinsi yang sudah terverifikasi"
    if isinstance(widget, TextWidget) and widget.max_length:
        return f"Teks, maksimal {widget.max_length} karakter"
    return "Teks"


def _write_guide(ws, kind: str, resource, columns, office: Office, styles) -> None:
    word = ROW_WORD[kind]
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 9)
    ws.set_column(2, 2, 70)
    ws.set_column(3, 3, 50)
    ws.write_string(0, 0, f"Templat impor {KIND_LABELS[kind]} — Hubal Jabar", styles["title"])
    ws.write_string(1, 0, inert(f"Untuk {office.name}. Semua data masuk sebagai DRAF ke kantor Anda sendiri."))
    steps = [
        f"1. Isi sheet “{KIND_LABELS[kind]}”: satu baris per {word}, mulai baris 2. Jangan ubah judul kolom.",
        "2. Kolom berjudul merah wajib diisi; kolom abu-abu boleh dikosongkan.",
        "3. Kolom pilihan: pilih dari daftar turun-bawah. Label maupun kode pada sheet “Pilihan” diterima.",
        f"4. Beberapa nilai dalam satu sel (lembaga mitra, ruang lingkup, dimensi IKP) dipisah titik koma “{LIST_SEPARATOR}”.",
        "5. Tanggal: tanggal Excel, atau ketik DD/MM/YYYY (28/11/2026) atau YYYY-MM-DD (2026-11-28).",
        "6. Simpan sebagai .xlsx (atau CSV UTF-8 berpemisah titik koma/koma dengan judul kolom yang sama), "
        "lalu unggah di menu Impor.",
        "7. Anda melihat pratinjau dulu: setiap baris berstatus baru, diperbarui, tidak berubah, dilewati atau tidak "
        "valid. Tidak ada yang tersimpan sebelum Anda menekan “Simpan”, dan bila satu baris saja tidak valid, "
        "tidak ada yang disimpan.",
        f"8. Mengunggah berkas yang sama dua kali tidak membuat data ganda: baris dikenali dari "
        f"{KEY_DESCRIPTIONS[kind]}; yang sudah ada diperbarui.",
        f"9. Batas: {MAX_BYTES // 1048576} MB dan {thousands(MAX_ROWS)} baris data per berkas.",
        "10. Berkas berkata sandi, format .xls lama, dan kolom “Kantor” tidak diterima.",
    ]
    for offset, step in enumerate(steps, start=3):
        ws.write_string(offset, 0, step)
    top = 3 + len(steps) + 1
    for col, header in enumerate(("Kolom", "Wajib", "Isian", "Keterangan")):
        ws.write_string(top, col, header, styles["optional"])
    for offset, (header, field) in enumerate(columns, start=top + 1):
        description, note = _describe(field.widget), NOTES.get(header, "")
        ws.write_string(offset, 0, header, styles["top_bold"])
        ws.write_string(offset, 1, "Ya" if header in resource.required_columns else "Tidak", styles["wrap"])
        ws.write_string(offset, 2, description, styles["wrap"])
        ws.write_string(offset, 3, note, styles["wrap"])
        # Wrapped text needs an explicit height (spreadsheet programs do not always grow the row).
        lines = max(1, math.ceil(len(description) / 75), math.ceil(len(note) / 52))
        ws.set_row(offset, 15 * lines)


def _write_choices(ws, columns, styles) -> dict[str, str]:
    """Label and code of every choice column; returns header → range of labels for the drop-down lists."""
    sources = {}
    col = 0
    for header, field in columns:
        widget = field.widget
        if not isinstance(widget, ChoiceWidget):
            continue
        ws.write_string(0, col, header, styles["optional"])
        ws.write_string(0, col + 1, "Kode", styles["optional"])
        ws.set_column(col, col, 34)
        ws.set_column(col + 1, col + 1, 18)
        for row, (code, label) in enumerate(widget.labels.items(), start=1):
            ws.write_string(row, col, label)
            ws.write_string(row, col + 1, code)
        if not isinstance(widget, MultiChoiceWidget):
            letter = xlsxwriter.utility.xl_col_to_name(col)
            sources[header] = f"=Pilihan!${letter}$2:${letter}${len(widget.labels) + 1}"
        col += 3
    return sources


def _write_data_sheet(ws, resource, columns, sources: dict[str, str], styles) -> None:
    last = MAX_ROWS
    ws.freeze_panes(1, 0)
    for col, (header, field) in enumerate(columns):
        style = styles["required"] if header in resource.required_columns else styles["optional"]
        ws.write_string(0, col, header, style)
        widget = field.widget
        width = 14 if isinstance(widget, (DateWidget, CountWidget, YesNoWidget)) else 28
        column_format = styles["date"] if isinstance(widget, DateWidget) else styles["text"]
        if isinstance(widget, CountWidget):
            column_format = None
        ws.set_column(col, col, width, column_format)
        rule = _validation(header, widget, sources)
        if rule:
            ws.data_validation(1, col, last, col, rule)
    ws.set_row(0, 32)


def _validation(header: str, widget, sources: dict[str, str]) -> dict | None:
    title = header[:32]
    if header in sources:
        return {
            "validate": "list",
            "source": sources[header],
            "error_title": "Pilihan tidak dikenal",
            "error_message": "Pilih salah satu nilai dari daftar (lihat sheet Pilihan).",
        }
    if isinstance(widget, DateWidget):
        return {
            "validate": "date",
            "criteria": "between",
            "minimum": dt.date(2000, 1, 1),
            "maximum": dt.date(2100, 12, 31),
            "input_title": title,
            "input_message": "Tanggal, mis. 28/11/2026",
            "error_title": "Bukan tanggal",
            "error_message": "Isi tanggal, mis. 28/11/2026.",
        }
    if isinstance(widget, CountWidget):
        return {
            "validate": "integer",
            "criteria": ">=",
            "value": 0,
            "error_title": "Bukan bilangan bulat",
            "error_message": "Isi bilangan bulat 0 atau lebih.",
        }
    if isinstance(widget, (MultiChoiceWidget, PartnersWidget)):
        message = NOTES.get(header) or _describe(widget)
        return {"validate": "any", "input_title": title, "input_message": message[:255]}
    return None


def _write_example(ws, kind: str, columns, styles, partner_name: str) -> None:
    values = dict(EXAMPLES[kind])
    if kind != "partners":
        values["Lembaga mitra"] = partner_name
    ws.write_string(0, 0, "Contoh pengisian (sheet ini tidak ikut diimpor).", styles["bold"])
    for col, (header, _field) in enumerate(columns):
        ws.write_string(1, col, header, styles["optional"])
        ws.set_column(col, col, 24)
        value = values.get(header)
        if isinstance(value, dt.date):
            ws.write_datetime(2, col, value, styles["date"])
        elif isinstance(value, int):
            ws.write_number(2, col, value)
        elif value:
            ws.write_string(2, col, inert(value))


def _example_partner(user) -> str:
    partner = permissions.scope_partners(user).order_by("name").only("name").first()
    return partner.name if partner else "Universitas Padjadjaran"


def _write_partner_names(ws, user, styles) -> None:
    ws.write_string(0, 0, "Nama lembaga", styles["optional"])
    ws.write_string(0, 1, "Singkatan", styles["optional"])
    ws.write_string(0, 2, "Kategori", styles["optional"])
    ws.set_column(0, 0, 60)
    ws.set_column(1, 1, 14)
    ws.set_column(2, 2, 34)
    ws.freeze_panes(1, 0)
    partners = permissions.scope_partners(user).order_by("name").values_list("name", "acronym", "category")
    labels = RESOURCES["partners"].fields["category"].widget.labels
    for row, (name, acronym, category) in enumerate(partners, start=1):
        ws.write_string(row, 0, inert(name))
        if acronym:
            ws.write_string(row, 1, inert(acronym))
        ws.write_string(row, 2, labels.get(category, category))


def _write_agreements(ws, user, office: Office, styles) -> None:
    headers = ("Nomor dokumen Bawaslu", "Judul", "Kantor", "Mulai berlaku", "Berakhir")
    for col, (header, width) in enumerate(zip(headers, (30, 60, 34, 14, 14), strict=True)):
        ws.write_string(0, col, header, styles["optional"])
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)
    agreements = (
        citable_for_import(user, office)
        .order_by("office__code", "-start_date")
        .values_list("number", "title", "office__name", "start_date", "end_date")
    )
    for row, (number, title, office_name, start, end) in enumerate(agreements, start=1):
        ws.write_string(row, 0, inert(number))
        ws.write_string(row, 1, inert(title))
        ws.write_string(row, 2, office_name)
        ws.write_datetime(row, 3, start, styles["date"])
        if end:
            ws.write_datetime(row, 4, end, styles["date"])
