"""Target import: the file read into rows (form side), then checked against offices and indicators (preview)."""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms

from agencies.models import Office

from ..models import PerformanceIndicator
from .forms import parse_number
from .services import TARGET_FIELDS, _check_year, target_cell_errors, target_changes

# Target import -------------------------------------------------------------------------------------

IMPORT_MAX_BYTES = 2 * 1024 * 1024
IMPORT_MAX_ROWS = 5000
ZIP_MAX_ENTRIES = 500
ZIP_MAX_UNCOMPRESSED = 50 * 1024 * 1024
HEADERS = {
    "kode kantor": "office",
    "kode indikator": "indicator",
    "target tahunan": "yearly",
    "target tw i": "q1",
    "target tw ii": "q2",
    "target tw iii": "q3",
    "target tw iv": "q4",
}
COLUMN_LABELS = {
    "office": "Kode Kantor",
    "indicator": "Kode Indikator",
    "yearly": "Target Tahunan",
    "q1": "Target TW I",
    "q2": "Target TW II",
    "q3": "Target TW III",
    "q4": "Target TW IV",
}
MSG_FILE_TOO_BIG = "Berkas terlalu besar: maksimal 2 MB."
MSG_FILE_KIND = "Berkas harus berupa .xlsx atau .csv (gunakan templat yang disediakan)."
MSG_FILE_BROKEN = "Berkas tidak dapat dibaca: rusak, terenkripsi (berkata sandi) atau bukan .xlsx yang sah."
MSG_FILE_BOMB = "Berkas ditolak: isi terkompresinya terlalu besar (dugaan zip bomb)."
MSG_FILE_EMPTY = "Berkas tidak berisi baris data."
MSG_FILE_ROWS = f"Berkas berisi terlalu banyak baris (maksimal {IMPORT_MAX_ROWS})."
MSG_FILE_HEADERS = "Judul kolom wajib tidak ditemukan: {missing}. Gunakan templat yang disediakan."
MSG_FILE_ENCODING = "Berkas CSV harus berenkode UTF-8."


@dataclass
class ImportRow:
    number: int
    office_code: str
    indicator_code: str
    values: dict[str, Decimal | None]
    errors: list[tuple[str, str]] = field(default_factory=list)


def _read_xlsx(content: bytes) -> list[list]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            if len(infos) > ZIP_MAX_ENTRIES or sum(i.file_size for i in infos) > ZIP_MAX_UNCOMPRESSED:
                raise forms.ValidationError(MSG_FILE_BOMB)
    except zipfile.BadZipFile:
        raise forms.ValidationError(MSG_FILE_BROKEN) from None
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook["Target"] if "Target" in workbook.sheetnames else workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > IMPORT_MAX_ROWS + 1:
                break
        workbook.close()
    except forms.ValidationError:
        raise
    except Exception:  # openpyxl raises many kinds of errors on damaged files
        raise forms.ValidationError(MSG_FILE_BROKEN) from None
    return rows


def _read_csv(content: bytes) -> list[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise forms.ValidationError(MSG_FILE_ENCODING) from None
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    return list(itertools.islice(csv.reader(io.StringIO(text), delimiter=delimiter), IMPORT_MAX_ROWS + 2))


def _rows_from_table(table: list[list]) -> list[ImportRow]:
    table = [row for row in table if any(cell not in (None, "") for cell in row)]
    if not table:
        raise forms.ValidationError(MSG_FILE_EMPTY)
    columns = {}
    for index, title in enumerate(table[0]):
        key = HEADERS.get(" ".join(str(title or "").split()).casefold())
        if key and key not in columns:
            columns[key] = index
    missing = [COLUMN_LABELS[k] for k in ("office", "indicator", "yearly") if k not in columns]
    if missing:
        raise forms.ValidationError(MSG_FILE_HEADERS.format(missing=", ".join(missing)))
    if len(table) < 2:
        raise forms.ValidationError(MSG_FILE_EMPTY)
    if len(table) - 1 > IMPORT_MAX_ROWS:
        raise forms.ValidationError(MSG_FILE_ROWS)
    return [_row(number, cells, columns) for number, cells in enumerate(table[1:], start=2)]


def _row(number: int, cells: list, columns: dict[str, int]) -> ImportRow:
    def cell(key):
        index = columns.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    row = ImportRow(number, str(cell("office") or "").strip(), str(cell("indicator") or "").strip(), {})
    for part in TARGET_FIELDS:
        try:
            value = parse_number(cell(part))
        except ValueError:
            row.errors.append((COLUMN_LABELS[part], "Bukan angka yang sah."))
            continue
        if value is not None and value.as_tuple().exponent < -2 and value != value.quantize(Decimal("0.01")):
            row.errors.append((COLUMN_LABELS[part], "Maksimal 2 angka di belakang koma."))
        row.values[part] = value
    return row


class TargetImportForm(forms.Form):
    file = forms.FileField(label="Berkas target (.xlsx atau .csv)")

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(MSG_FILE_TOO_BIG)
        content = uploaded.read()
        if content.startswith(b"PK\x03\x04"):
            table = _read_xlsx(content)
        elif uploaded.name.lower().endswith(".csv"):
            table = _read_csv(content)
        else:
            raise forms.ValidationError(MSG_FILE_KIND)
        return _rows_from_table(table)


# Target import (preview, then confirm) --------------------------------------------------------------

MSG_IMPORT_OFFICE = "Kode kantor tidak dikenal."
MSG_IMPORT_INDICATOR = "Kode indikator tidak dikenal atau indikator tidak aktif."
MSG_IMPORT_DUPLICATE = "Kantor dan indikator ini sudah ada di baris {first}."
STATUS_LABELS = {
    "created": "Baru",
    "updated": "Diubah",
    "deleted": "Dihapus",
    "unchanged": "Tidak berubah",
    "invalid": "Tidak valid",
}


@dataclass
class PreviewRow:
    number: int
    office: Office | None
    indicator: PerformanceIndicator | None
    values: dict
    errors: list[tuple[str, str]]
    status: str = "invalid"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class ImportPreview:
    year: int
    rows: list[PreviewRow]
    cells: dict[tuple[int, int], dict]

    @property
    def is_valid(self) -> bool:
        return all(not row.errors for row in self.rows)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    count_created = property(lambda self: self.count("created"))
    count_updated = property(lambda self: self.count("updated"))
    count_deleted = property(lambda self: self.count("deleted"))
    count_unchanged = property(lambda self: self.count("unchanged"))
    count_invalid = property(lambda self: self.count("invalid"))


def target_import_preview(year: int, rows) -> ImportPreview:
    """Check parsed import rows (from `TargetImportForm`) and say what each would do. Writes nothing."""
    _check_year(year)
    offices = {o.code: o for o in Office.objects.all()}
    offices.update({o.compact_code: o for o in list(offices.values())})
    indicators = {i.code.casefold(): i for i in PerformanceIndicator.objects.filter(is_active=True)}
    preview, seen = ImportPreview(year, [], {}), {}
    for row in rows:
        item = PreviewRow(
            row.number,
            offices.get(row.office_code),
            indicators.get(row.indicator_code.casefold()),
            row.values,
            list(row.errors),
        )
        if item.office is None:
            item.errors.append(("Kode Kantor", MSG_IMPORT_OFFICE))
        if item.indicator is None:
            item.errors.append(("Kode Indikator", MSG_IMPORT_INDICATOR))
        if item.office and item.indicator:
            key = (item.office.pk, item.indicator.pk)
            if key in seen:
                item.errors.append(("Kode Indikator", MSG_IMPORT_DUPLICATE.format(first=seen[key])))
            seen.setdefault(key, row.number)
            if not item.errors:
                item.errors.extend(("Target", message) for message in target_cell_errors(item.indicator, row.values))
            if not item.errors:
                preview.cells[key] = {part: row.values.get(part) for part in TARGET_FIELDS}
        preview.rows.append(item)
    changes = target_changes(year, preview.cells)
    for item in preview.rows:
        if not item.errors:
            item.status = changes[(item.office.pk, item.indicator.pk)]
    return preview


def cells_to_session(cells: dict[tuple[int, int], dict]) -> list:
    return [
        [o, i, *[None if cell[p] is None else str(cell[p]) for p in TARGET_FIELDS]] for (o, i), cell in cells.items()
    ]


def cells_from_session(data: list) -> dict[tuple[int, int], dict]:
    return {
        (o, i): {p: None if v is None else Decimal(v) for p, v in zip(TARGET_FIELDS, values, strict=True)}
        for o, i, *values in data
    }
