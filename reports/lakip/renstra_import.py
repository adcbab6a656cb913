"""Renstra target import: the one tabular reader (sheet "Renstra"), a preview of every row, then a confirm that
re-reads the stashed file and saves every cell or none (`renstra.renstra_grid_save`). The template is written by
`renstra_template.build_renstra_template`."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError

from agencies import tabular_stash
from agencies.models import Office
from agencies.tabular import Column, parse_number, read_upload

from ..models import PerformanceIndicator
from .importing import (
    IMPORT_MAX_BYTES,
    IMPORT_MAX_ROWS,
    MSG_IMPORT_CHANGED,
    MSG_IMPORT_DUPLICATE,
    MSG_IMPORT_INDICATOR,
    MSG_IMPORT_OFFICE,
    ImportPreview,
    ImportRow,
    PreviewRow,
)
from .models import RENSTRA_FIELDS, RENSTRA_PARTS, RenstraPeriod
from .renstra import renstra_cell_errors, renstra_changes, renstra_grid_save

SHEET = "Renstra"
END_HEADER = "Target Akhir Renstra"


def columns(period: RenstraPeriod) -> list[Column]:
    """Kode Kantor, Kode Indikator, "Target 2025" … "Target 2029", "Target Akhir Renstra"."""
    years = [Column(f"Target {year}", name) for year, name in zip(period.years, RENSTRA_FIELDS, strict=True)]
    return [
        Column("Kode Kantor", "office", required=True),
        Column("Kode Indikator", "indicator", required=True),
        *years,
        Column(END_HEADER, "end_target"),
    ]


def read_rows(uploaded, period: RenstraPeriod) -> list[ImportRow]:
    """The file through the one tabular reader; FileRejected when the file as a whole cannot be read."""
    cols = columns(period)
    labels = {column.key: column.header for column in cols}
    rows = read_upload(uploaded, cols, sheet=SHEET, max_bytes=IMPORT_MAX_BYTES, max_rows=IMPORT_MAX_ROWS, strict=False)
    parsed = []
    for line in rows:
        cells = line.cells
        row = ImportRow(
            line.number, str(cells.get("office") or "").strip(), str(cells.get("indicator") or "").strip(), {}
        )
        for part in RENSTRA_PARTS:
            try:
                value = parse_number(cells.get(part))
            except ValueError:
                row.errors.append((labels[part], "Bukan angka yang sah."))
                continue
            if value is not None and value != value.quantize(Decimal("0.01")):
                row.errors.append((labels[part], "Maksimal 2 angka di belakang koma."))
            row.values[part] = value
        parsed.append(row)
    return parsed


def renstra_import_preview(period: RenstraPeriod, rows: list[ImportRow]) -> ImportPreview:
    """Check parsed rows and say what each would do (new / updated / unchanged / deleted / invalid)."""
    offices = {o.code: o for o in Office.objects.all()}
    offices.update({o.compact_code: o for o in list(offices.values())})
    indicators = {i.code.casefold(): i for i in PerformanceIndicator.objects.filter(is_active=True)}
    preview, seen = ImportPreview(period.start_year, [], {}), {}
    for row in rows:
        office, indicator = offices.get(row.office_code), indicators.get(row.indicator_code.casefold())
        item = PreviewRow(row.number, office, indicator, row.values, list(row.errors))
        if office is None:
            item.errors.append(("Kode Kantor", MSG_IMPORT_OFFICE))
        if indicator is None:
            item.errors.append(("Kode Indikator", MSG_IMPORT_INDICATOR))
        if office and indicator:
            key = (office.pk, indicator.pk)
            if key in seen:
                item.errors.append(("Kode Indikator", MSG_IMPORT_DUPLICATE.format(first=seen[key])))
            seen.setdefault(key, row.number)
            if not item.errors:
                item.errors.extend(("Target", message) for message in renstra_cell_errors(indicator, row.values))
            if not item.errors:
                preview.cells[key] = {part: row.values.get(part) for part in RENSTRA_PARTS}
        preview.rows.append(item)
    changes = renstra_changes(period, preview.cells)
    for item in preview.rows:
        if not item.errors:
            item.status = changes[(item.office.pk, item.indicator.pk)]
    return preview


def renstra_import_confirm(*, user, period: RenstraPeriod, token: str):
    """Re-read the stashed file, re-check it, then save every cell or none."""
    with tabular_stash.confirming(token, user=user) as claim:
        preview = renstra_import_preview(period, read_rows(claim.file, period))
        if not preview.is_valid:
            raise ValidationError(MSG_IMPORT_CHANGED)
        return renstra_grid_save(user=user, period=period, cells=preview.cells)
