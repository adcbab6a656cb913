"""IKP file import: the columns of the file and the check of every row (nothing is saved here)."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal, InvalidOperation

from agencies.choices import OfficeKind
from agencies.models import Office

from ..choices import IkpLevel

# Import: one row per office and year. Header names are matched case-insensitively; "nama_wilayah" is ignored.
SCORE_COLUMNS = {
    "skor_sosial_politik": "social_political",
    "skor_penyelenggaraan": "administration",
    "skor_kontestasi": "contestation",
    "skor_partisipasi": "participation",
}
LEVEL_COLUMNS = {f"tingkat_{column[5:]}": f"{field}_level" for column, field in SCORE_COLUMNS.items()}
REQUIRED_COLUMNS = ["kode_wilayah", "tahun", *SCORE_COLUMNS, *LEVEL_COLUMNS]
OPTIONAL_COLUMNS = ["sumber", "nama_wilayah"]
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_UNZIPPED = 30 * 1024 * 1024
FORMULA_PREFIXES = ("=", "+", "-", "@")


class ImportRefused(ValueError):
    """The file cannot be read at all (the message is shown to the user as is)."""


def read_table(upload) -> list[list]:
    """Cells of the first sheet (xlsx) or of the CSV, as Python values; refuses unreadable or oversized files."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImportRefused("Berkas terlalu besar (paling besar 2 MB).")
    if upload.name.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused("Berkas CSV harus berenkode UTF-8 (simpan ulang sebagai “CSV UTF-8”).") from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))[: MAX_ROWS + 2]


def _read_xlsx(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
                raise ImportRefused("Isi berkas xlsx terlalu besar setelah diekstrak; berkas ditolak.")
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = [list(row) for _, row in zip(range(MAX_ROWS + 2), sheet.iter_rows(values_only=True), strict=False)]
        workbook.close()
    except ImportRefused:
        raise
    except Exception:  # openpyxl raises many kinds of errors on damaged files
        raise ImportRefused("Berkas xlsx tidak dapat dibaca. Pastikan berkas Excel (.xlsx) yang sah.") from None
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _office_code(value, codes: set[str]) -> str:
    # Excel turns "32.10" into the number 32.1: two decimals give the code back.
    text = f"{value:.2f}" if isinstance(value, float) else _text(value)
    if text.isdigit() and len(text) == 4:
        text = f"{text[:2]}.{text[2:]}"
    if text not in codes:
        raise ValueError(f"kode_wilayah “{text}” bukan kode salah satu dari 27 kabupaten/kota")
    return text


def _score(value, column: str) -> str:
    text = _text(value).replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{column} “{text}” bukan angka") from None
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        raise ValueError(f"{column} harus antara 0 dan 100")
    if number != number.quantize(Decimal("0.01")):
        raise ValueError(f"{column} paling banyak dua angka di belakang koma")
    return str(number.quantize(Decimal("0.01")))


def _level(value, column: str) -> str:
    text = _text(value).lower()
    if text not in IkpLevel.values:
        raise ValueError(f"{column} harus rendah, sedang atau tinggi (bukan “{_text(value)}”)")
    return text


def _year(value) -> int:
    text = _text(value)
    if not text.isdigit() or not 2015 <= int(text) <= 2100:
        raise ValueError(f"tahun “{text}” tidak valid")
    return int(text)


def _header(table: list[list]) -> tuple[list[str], list[str], bool]:
    """(column names, errors, whether the rows can still be checked)."""
    if not table:
        return [], ["Berkas kosong."], False
    header = [_text(cell).lower().replace(" ", "_") for cell in table[0]]
    errors = []
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        errors.append("Kolom wajib tidak ada: " + ", ".join(missing) + ".")
    unknown = [c for c in header if c and c not in REQUIRED_COLUMNS and c not in OPTIONAL_COLUMNS]
    if unknown:
        errors.append("Kolom tidak dikenal: " + ", ".join(unknown) + ".")
    duplicated = sorted({c for c in header if c and header.count(c) > 1})
    if duplicated:
        errors.append("Kolom ganda: " + ", ".join(duplicated) + ".")
    return header, errors, not (missing or duplicated)


def _row(cells: dict, codes: set[str]) -> dict:
    """One validated row (JSON-ready: scores as text) or ValueError with every problem of the row."""
    out, problems = {}, []
    checks = [
        ("office_code", lambda: _office_code(cells.get("kode_wilayah"), codes)),
        ("year", lambda: _year(cells.get("tahun"))),
    ]
    checks += [(field, lambda c=column: _score(cells.get(c), c)) for column, field in SCORE_COLUMNS.items()]
    checks += [(field, lambda c=column: _level(cells.get(c), c)) for column, field in LEVEL_COLUMNS.items()]
    for key, check in checks:
        try:
            out[key] = check()
        except ValueError as error:
            problems.append(str(error))
    source = _text(cells.get("sumber"))
    if source.startswith(FORMULA_PREFIXES):
        problems.append("sumber tidak boleh diawali =, +, -, @ (dapat terbaca sebagai rumus)")
    elif len(source) > 300:
        problems.append("sumber paling panjang 300 karakter")
    if problems:
        raise ValueError("; ".join(problems))
    out["source_note"] = source
    return out


def validate_table(table: list[list]) -> tuple[list[dict], list[str]]:
    """All rows, or all errors (each naming its line): nothing is saved unless the whole file is right."""
    header, errors, checkable = _header(table)
    if not checkable:
        return [], errors
    codes = set(Office.objects.filter(kind__in=[OfficeKind.REGENCY, OfficeKind.CITY]).values_list("code", flat=True))
    rows, seen = [], {}
    for line, values in enumerate(table[1:], start=2):
        if len(rows) + len(errors) >= MAX_ROWS:
            errors.append(f"Terlalu banyak baris (paling banyak {MAX_ROWS}).")
            break
        if all(_text(value) == "" for value in values):
            continue
        try:
            row = _row(dict(zip(header, values, strict=False)), codes)
        except ValueError as error:
            errors.append(f"Baris {line}: {error}.")
            continue
        key = (row["office_code"], row["year"])
        if key in seen:
            errors.append(f"Baris {line}: {key[0]} tahun {key[1]} sudah ada di baris {seen[key]}.")
        seen[key] = line
        rows.append({**row, "line": line})
    if not rows and not errors:
        errors.append("Berkas tidak berisi baris data.")
    return (rows if not errors else []), errors
