"""Reading an uploaded spreadsheet safely: what kind of file it really is, whether it is safe to open,
and its rows as plain values.

The kind is recognised from the bytes, never from the name. An encrypted (password-protected) workbook is an
OLE2 compound file (magic D0 CF 11 E0) holding an "EncryptedPackage" stream; a legacy .xls is the same container
without it. Office Open XML files are zip archives: entry count, total uncompressed size and compression ratio
are checked before openpyxl opens anything (the same limits as evidence files). Only the first `MAX_ROWS`
non-empty data rows are read; one more row refuses the file.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from agencies.evidence import ZIP_MAX_ENTRIES, ZIP_MAX_RATIO, ZIP_MAX_UNCOMPRESSED

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
OTHER_MAGIC = {
    b"%PDF-": "dokumen PDF",
    b"\x89PNG": "gambar PNG",
    b"\xff\xd8\xff": "gambar JPEG",
    b"GIF8": "gambar GIF",
    b"Rar!": "arsip RAR",
    b"7z\xbc\xaf": "arsip 7-Zip",
    b"\x1f\x8b": "arsip gzip",
    b"MZ": "program Windows",
    b"\x7fELF": "program",
}

MSG_EMPTY_FILE = "Berkas kosong (0 byte)."
MSG_TOO_BIG = "Berkas terlalu besar ({size} MB): maksimal {limit} MB. Pecah data menjadi beberapa berkas."
MSG_ENCRYPTED = (
    "Berkas dilindungi kata sandi sehingga isinya tidak dapat dibaca. Buka di Excel, hapus kata sandinya "
    "(File › Info › Proteksi Buku Kerja › Enkripsi dengan Kata Sandi, kosongkan), simpan, lalu unggah lagi."
)
MSG_LEGACY_XLS = "Format Excel lama (.xls) tidak didukung. Buka di Excel lalu simpan sebagai Buku Kerja Excel (.xlsx)."
MSG_NOT_SPREADSHEET = "Berkas ini bukan spreadsheet (terdeteksi {what}). Gunakan templat .xlsx atau berkas .csv."
MSG_NOT_SPREADSHEET_ZIP = "Berkas ini arsip zip atau dokumen Office lain, bukan buku kerja Excel (.xlsx)."
MSG_UNREADABLE = "Berkas ini bukan spreadsheet .xlsx atau .csv yang dapat dibaca."
MSG_CORRUPT = "Berkas .xlsx rusak atau tidak dapat dibaca. Buka lalu simpan ulang di Excel atau LibreOffice, kemudian unggah lagi."
MSG_ZIP_BOMB = "Berkas ditolak: isi terkompresinya terlalu besar atau terlalu banyak (dugaan zip bomb)."
MSG_CSV_BAD = "Berkas CSV tidak dapat dibaca: {detail}."
MSG_NO_HEADER = "Berkas tidak berisi baris judul kolom. Gunakan templat impor yang dapat diunduh di halaman ini."
MSG_NO_ROWS = "Berkas tidak berisi baris data: hanya judul kolom, atau kosong sama sekali."
MSG_TOO_MANY_ROWS = (
    "Berkas berisi lebih dari {limit} baris data. Pecah menjadi beberapa berkas berisi paling banyak {limit} baris."
)

# Sheets of our templates that are not data.
AUX_SHEETS = {"petunjuk", "contoh", "pilihan", "mitra terdaftar", "kerja sama terdaftar"}


def thousands(number: int) -> str:
    """20000 → '20.000' (Indonesian digit grouping)."""
    return f"{number:,}".replace(",", ".")


class FileRejected(Exception):
    """The file as a whole cannot be imported; `message` says why, in Indonesian."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """A sheet as read: header texts and the non-empty data rows with their spreadsheet row numbers."""

    headers: list[str]
    rows: list[tuple[int, tuple]] = field(default_factory=list)


def file_size(fileobj) -> int:
    fileobj.seek(0, io.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(0)
    return size


def sniff_format(fileobj) -> str:
    """'xlsx' or 'csv', judged from the bytes; anything else raises FileRejected."""
    size = file_size(fileobj)
    if size == 0:
        raise FileRejected(MSG_EMPTY_FILE)
    if size > MAX_BYTES:
        raise FileRejected(MSG_TOO_BIG.format(size=f"{size / 1048576:.1f}", limit=MAX_BYTES // 1048576))
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(OLE2_MAGIC):
        data = fileobj.read()
        fileobj.seek(0)
        encrypted = "EncryptedPackage".encode("utf-16-le") in data
        raise FileRejected(MSG_ENCRYPTED if encrypted else MSG_LEGACY_XLS)
    if head.startswith(ZIP_MAGIC):
        check_zip(fileobj)
        return "xlsx"
    for magic, what in OTHER_MAGIC.items():
        if head.startswith(magic):
            raise FileRejected(MSG_NOT_SPREADSHEET.format(what=what))
    sample = fileobj.read(8192)
    fileobj.seek(0)
    if b"\x00" in sample:
        raise FileRejected(MSG_UNREADABLE)
    return "csv"


def check_zip(fileobj) -> None:
    """Refuse zip bombs and zips that are not workbooks, before any XML is parsed."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
            if len(infos) > ZIP_MAX_ENTRIES:
                raise FileRejected(MSG_ZIP_BOMB)
            total = sum(info.file_size for info in infos)
            packed = sum(info.compress_size for info in infos) or 1
            if total > ZIP_MAX_UNCOMPRESSED or total / packed > ZIP_MAX_RATIO:
                raise FileRejected(MSG_ZIP_BOMB)
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise FileRejected(MSG_CORRUPT) from None
    finally:
        fileobj.seek(0)
    if "xl/workbook.xml" not in names:
        raise FileRejected(MSG_NOT_SPREADSHEET_ZIP)


def read_table(fileobj, fmt: str, *, sheet: str = "", max_rows: int | None = None) -> Table:
    """Headers and data rows of the data sheet (`sheet` if present, else the first non-auxiliary sheet)."""
    rows = _xlsx_rows(fileobj, sheet) if fmt == "xlsx" else _csv_rows(fileobj)
    try:
        table = _collect(rows, max_rows or MAX_ROWS)
    except FileRejected:
        raise
    except Exception:
        raise FileRejected(MSG_CORRUPT if fmt == "xlsx" else MSG_UNREADABLE) from None
    finally:
        rows.close()
    return table


def _collect(rows, max_rows: int) -> Table:
    table = None
    for number, values in rows:
        if not any(v is not None and str(v).strip() != "" for v in values):
            continue
        if table is None:
            table = Table(headers=[_header_text(v) for v in values])
            continue
        if len(table.rows) == max_rows:
            raise FileRejected(MSG_TOO_MANY_ROWS.format(limit=thousands(max_rows)))
        table.rows.append((number, tuple(values)))
    if table is None:
        raise FileRejected(MSG_NO_ROWS)
    if not any(table.headers):
        raise FileRejected(MSG_NO_HEADER)
    if not table.rows:
        raise FileRejected(MSG_NO_ROWS)
    return table


def _header_text(value) -> str:
    return " ".join(str(value).split()).rstrip(" *") if value is not None else ""


def _xlsx_rows(fileobj, sheet: str):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:
        raise FileRejected(MSG_CORRUPT) from None
    try:
        worksheet = _pick_sheet(workbook, sheet)
        if worksheet is None:
            return
        # Some writers store a wrong sheet dimension; read to the real end instead.
        worksheet.reset_dimensions()
        yield from enumerate(worksheet.iter_rows(values_only=True), start=1)
    finally:
        workbook.close()


def _pick_sheet(workbook, wanted: str):
    sheets = [ws for ws in workbook.worksheets if hasattr(ws, "iter_rows")]
    for ws in sheets:
        if ws.title.strip().casefold() == wanted.casefold():
            return ws
    data_sheets = [ws for ws in sheets if ws.title.strip().casefold() not in AUX_SHEETS]
    return (data_sheets or sheets or [None])[0]


def _csv_rows(fileobj):
    raw = fileobj.read()
    fileobj.seek(0)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's "CSV" on Windows is the ANSI code page, not UTF-8.
        text = raw.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error:
        raise FileRejected(MSG_CSV_BAD.format(detail=f"format tidak valid sekitar baris {reader.line_num}")) from None
