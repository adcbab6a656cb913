"""Reading an uploaded spreadsheet safely: what kind of file it really is, whether it is safe to open,
and its rows as plain values.

The kind is recognised from the bytes, never from the name. An encrypted (password-protected) workbook is an
OLE2 compound file (magic D0 CF 11 E0) holding an "EncryptedPackage" stream; a legacy .xls is the same container
without it. Office Open XML files are zip archives: `agencies.files` (the one file check of every upload) checks
the entry count, total uncompressed size, compression ratio and macros before openpyxl opens anything. Only the first `MAX_ROWS`
non-empty data rows are read; one more row refuses the file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import number_format

from agencies import files

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000

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
MSG_CSV_BAD = "Berkas CSV tidak dapat dibaca: {detail}."
MSG_NO_HEADER = "Berkas tidak berisi baris judul kolom. Gunakan templat impor yang dapat diunduh di halaman ini."
MSG_NO_ROWS = "Berkas tidak berisi baris data. Isinya hanya judul kolom, atau kosong sama sekali."
MSG_TOO_MANY_ROWS = (
    "Berkas berisi terlalu banyak baris data (lebih dari {limit}). Pecah menjadi beberapa berkas berisi paling "
    "banyak {limit} baris."
)
MSG_UTF16 = "Berkas CSV harus berenkode UTF-8 (di Excel: Simpan Sebagai › “CSV UTF-8”)."
MSG_MISSING_COLUMNS = "Kolom wajib tidak ditemukan: {columns}."
MSG_UNKNOWN_COLUMNS = "Kolom tidak dikenal: {columns}."
MSG_DUPLICATE_COLUMNS = "Judul kolom ganda: {columns}."

# Sheets of our templates that are not data.
AUX_SHEETS = {"petunjuk", "contoh", "pilihan", "mitra terdaftar", "kerja sama terdaftar"}


def format_number(value, decimals: int = 0) -> str:
    """20000 → '20.000', 10.5 → '10,5' (Indonesian notation by Django's localisation)."""
    with translation.override("id"):
        return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def thousands(number: int) -> str:
    """20000 → '20.000' (Indonesian digit grouping, Django's localisation)."""
    return format_number(number)


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


def sniff_format(fileobj, *, max_bytes: int = MAX_BYTES) -> str:
    """'xlsx' or 'csv', judged from the bytes by the one file check (`agencies.files`); else FileRejected."""
    size = file_size(fileobj)
    if size == 0:
        raise FileRejected(MSG_EMPTY_FILE)
    if size > max_bytes:
        raise FileRejected(MSG_TOO_BIG.format(size=format_number(size / 1048576, 1), limit=max_bytes // 1048576))
    try:
        kind = files.sniff_type(fileobj)
    except ValidationError as error:
        raise FileRejected(MSG_CORRUPT if error.code == "zip_bad" else error.messages[0]) from None
    if kind == files.XLSX:
        return "xlsx"
    if kind == files.OLE2:
        encrypted = "EncryptedPackage".encode("utf-16-le") in fileobj.read()
        fileobj.seek(0)
        raise FileRejected(MSG_ENCRYPTED if encrypted else MSG_LEGACY_XLS)
    if kind in (files.ZIP, files.DOCX):
        raise FileRejected(MSG_NOT_SPREADSHEET_ZIP)
    if kind is not None:
        raise FileRejected(MSG_NOT_SPREADSHEET.format(what=files.KIND_LABELS[kind]))
    sample = fileobj.read(8192)
    fileobj.seek(0)
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(MSG_UTF16)
    if b"\x00" in sample:
        raise FileRejected(MSG_UNREADABLE)
    return "csv"


def read_table(fileobj, fmt: str, *, sheet: str = "", max_rows: int | None = None, headers_only: bool = False) -> Table:
    """Headers and data rows of the data sheet (`sheet` if present, else the first non-auxiliary sheet)."""
    rows = _xlsx_rows(fileobj, sheet) if fmt == "xlsx" else _csv_rows(fileobj)
    try:
        table = _collect(rows, max_rows or MAX_ROWS, headers_only)
    except FileRejected:
        raise
    except Exception:
        raise FileRejected(MSG_CORRUPT if fmt == "xlsx" else MSG_UNREADABLE) from None
    finally:
        rows.close()
    return table


def _collect(rows, max_rows: int, headers_only: bool = False) -> Table:
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
    if not table.rows and not headers_only:
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


# Columns and rows: the generic reader every import uses -------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column an import expects: its header as written in the template and the key its cells are read into."""

    header: str
    key: str
    required: bool = False
    aliases: tuple[str, ...] = ()  # other headers people write for it ("E-mail" for "Surel")


@dataclass(frozen=True)
class Row:
    """One non-empty data row: its spreadsheet row number (the header row is row 1) and its cells by column key."""

    number: int
    cells: dict


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Baris {self.row}: {self.message}"


def header_key(text: str) -> str:
    """Headers match whatever their case, spacing or underscores: "Kode_Wilayah" is "kode wilayah"."""
    return " ".join(str(text).replace("_", " ").split()).casefold()


def match_headers(headers: list[str], columns: Sequence[Column], *, strict: bool = True) -> dict[str, int]:
    """Column key → index in the row; FileRejected naming missing, duplicated and (if `strict`) unknown columns."""
    wanted = {header_key(name): column for column in columns for name in (column.header, *column.aliases)}
    found: dict[str, int] = {}
    unknown, duplicated = [], []
    for index, header in enumerate(headers):
        column = wanted.get(header_key(header))
        if not header_key(header):
            continue
        if column is None:
            unknown.append(header)
        elif column.key in found:
            duplicated.append(header)
        else:
            found[column.key] = index
    missing = [column.header for column in columns if column.required and column.key not in found]
    problems = []
    if missing:
        problems.append(MSG_MISSING_COLUMNS.format(columns=", ".join(missing)))
    if unknown and strict:
        problems.append(MSG_UNKNOWN_COLUMNS.format(columns=", ".join(unknown)))
    if duplicated:
        problems.append(MSG_DUPLICATE_COLUMNS.format(columns=", ".join(dict.fromkeys(duplicated))))
    if problems:
        raise FileRejected(" ".join(problems))
    return found


def read_upload(
    fileobj,
    columns: Sequence[Column],
    *,
    sheet: str = "",
    max_bytes: int = MAX_BYTES,
    max_rows: int | None = None,
    strict: bool = True,
) -> list[Row]:
    """The one tabular reader: kind from the bytes (xlsx or csv) and the one file check, size and row limits,
    headers mapped onto `columns`, then every non-empty data row with its row number. FileRejected (an
    Indonesian message) when the file as a whole cannot be read; the caller checks the rows and reports
    `RowError`s, and saves nothing unless every row is valid."""
    fmt = sniff_format(fileobj, max_bytes=max_bytes)
    table = read_table(fileobj, fmt, sheet=sheet, max_rows=max_rows, headers_only=True)
    fileobj.seek(0)
    indexes = match_headers(table.headers, columns, strict=strict)
    if not table.rows:
        raise FileRejected(MSG_NO_ROWS)
    return [
        Row(number, {key: values[index] if index < len(values) else None for key, index in indexes.items()})
        for number, values in table.rows
    ]


_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def parse_number(raw) -> Decimal | None:
    """A number typed by a person, whatever the browser's language: numbers pass as they are; in text a comma
    is the decimal separator (12,5; 1.234,5), and dots grouping thousands (1.988) are thousands separators;
    otherwise a dot is a decimal point (12.5)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError
    if isinstance(raw, (int, Decimal)):
        return Decimal(raw)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise ValueError
        return Decimal(repr(raw))
    text = str(raw).strip().replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS.match(text):
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return number
