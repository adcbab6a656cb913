"""Target import: the file read into rows by the one tabular reader, then checked against offices and indicators
(the preview); the confirm saves every cell or none (`services.target_grid_save`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError

from agencies import tabular_stash
from agencies.models import Office
from agencies.tabular import Column, Row, parse_number, read_upload

from ..models import PerformanceIndicator
from .services import TARGET_FIELDS, _check_year, target_cell_errors, target_changes, target_grid_save

IMPORT_MAX_BYTES = 2 * 1024 * 1024
IMPORT_MAX_ROWS = 5000
COLUMNS = [
    Column("Kode Kantor", "office", required=True),
    Column("Kode Indikator", "indicator", required=True),
    Column("Target Tahunan", "yearly", required=True),
    Column("Target TW I", "q1"),
    Column("Target TW II", "q2"),
    Column("Target TW III", "q3"),
    Column("Target TW IV", "q4"),
]
COLUMN_LABELS = {column.key: column.header for column in COLUMNS}


@dataclass
class ImportRow:
    number: int
    office_code: str
    indicator_code: str
    values: dict[str, Decimal | None]
    errors: list[tuple[str, str]] = field(default_factory=list)


def read_rows(uploaded) -> list[ImportRow]:
    """The file through the one tabular reader (sheet "Target"; other columns of the template are ignored), each
    row's targets parsed as numbers. FileRejected when the file as a whole cannot be read."""
    rows = read_upload(
        uploaded, COLUMNS, sheet="Target", max_bytes=IMPORT_MAX_BYTES, max_rows=IMPORT_MAX_ROWS, strict=False
    )
    return [_row(row) for row in rows]


def _row(line: Row) -> ImportRow:
    cells = line.cells
    row = ImportRow(line.number, str(cells.get("office") or "").strip(), str(cells.get("indicator") or "").strip(), {})
    for part in TARGET_FIELDS:
        try:
            value = parse_number(cells.get(part))
        except ValueError:
            row.errors.append((COLUMN_LABELS[part], "Bukan angka yang sah."))
            continue
        if value is not None and value.as_tuple().exponent < -2 and value != value.quantize(Decimal("0.01")):
            row.errors.append((COLUMN_LABELS[part], "Maksimal 2 angka di belakang koma."))
        row.values[part] = value
    return row


# Target import (preview, then confirm) --------------------------------------------------------------

MSG_IMPORT_OFFICE = "Kode kantor tidak dikenal."
MSG_IMPORT_INDICATOR = "Kode indikator tidak dikenal atau indikator tidak aktif."
MSG_IMPORT_DUPLICATE = "Kantor dan indikator ini sudah ada di baris {first}."
MSG_IMPORT_CHANGED = "Data berubah sejak pratinjau: ada baris yang kini tidak valid."
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
    """Check parsed import rows (from `forms.TargetImportForm`) and say what each would do. Writes nothing."""
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


def target_import_confirm(*, user, year: int, token: str):
    """The confirm: the stashed file re-read and re-checked (an office or indicator may have gone since the
    preview), then every cell saved or none (`services.target_grid_save`). ValidationError if a row is invalid."""
    with tabular_stash.confirming(token, user=user) as claim:
        preview = target_import_preview(year, read_rows(claim.file))
        if not preview.is_valid:
            raise ValidationError(MSG_IMPORT_CHANGED)
        return target_grid_save(user=user, year=year, cells=preview.cells)
