"""IKP file import: the columns of the file and the check of every row (nothing is saved here).

The file is read by the one tabular reader (`agencies.tabular`): kind from the bytes, the one file
check, size and row limits, headers matched whatever their case or underscores ("nama_wilayah" is ignored)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError

from agencies import tabular_stash
from agencies.choices import OfficeKind
from agencies.models import Office
from agencies.tabular import Column, Row, RowError, parse_number, read_upload

from ..choices import IkpLevel
from . import services

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
FORMULA_PREFIXES = ("=", "+", "-", "@")
COLUMNS = [Column(name, name, required=True) for name in REQUIRED_COLUMNS] + [
    Column(name, name) for name in OPTIONAL_COLUMNS
]


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
    text = _text(value)
    try:
        number = parse_number(value)  # the one parser of numbers people type (12,5 · 12.5)
    except ValueError:
        raise ValueError(f"{column} “{text}” bukan angka") from None
    if number is None:
        raise ValueError(f"{column} wajib diisi")
    if not Decimal(0) <= number <= Decimal(100):
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


def read_rows(upload) -> tuple[list[dict], list[str]]:
    """Read the uploaded file with the one tabular reader (FileRejected when it cannot be read at all), then
    check every row: all rows, or all errors (each naming its row). Nothing is saved here."""
    return validate_rows(read_upload(upload, COLUMNS, max_bytes=MAX_BYTES, max_rows=MAX_ROWS))


def validate_rows(rows: list[Row]) -> tuple[list[dict], list[str]]:
    codes = set(Office.objects.filter(kind__in=[OfficeKind.REGENCY, OfficeKind.CITY]).values_list("code", flat=True))
    valid, errors, seen = [], [], {}
    for line in rows:
        try:
            row = _row(line.cells, codes)
        except ValueError as error:
            errors.append(RowError(line.number, "", f"{error}."))
            continue
        key = (row["office_code"], row["year"])
        if key in seen:
            errors.append(
                RowError(line.number, "kode_wilayah", f"{key[0]} tahun {key[1]} sudah ada di baris {seen[key]}.")
            )
        seen[key] = line.number
        valid.append({**row, "line": line.number})
    return (valid if not errors else []), [str(error) for error in errors]


def ikp_import_confirm(*, user, token: str) -> tuple[int, int, int]:
    """The confirm: the stashed file re-read and re-checked (an office may have gone since the preview), then
    every row saved or none. Returns (created, updated, year of the first row)."""
    with tabular_stash.confirming(token, user=user) as claim:
        rows, errors = read_rows(claim.file)
        if errors:
            raise ValidationError(errors)
        created, updated = services.ikp_import_commit(user=user, rows=[_model_values(row) for row in rows])
    return created, updated, rows[0]["year"]


def _model_values(row: dict) -> dict:
    return {key: Decimal(value) if key in SCORE_COLUMNS.values() else value for key, value in row.items()}
