"""Writes of LAKIP data: indicators, the targets grid (form and import), manual realisation values.

Indicators and targets are managed by the provincial verifier (`permissions.can_manage_settings`); a manual
value is entered by the office that owns it (`permissions.can_create_in`: staff for their own office, the
verifier for the province office). Every change is recorded by django-simple-history.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format

from agencies import permissions
from agencies.evidence import DOCX, JPEG, PDF, PNG, XLSX, validate_evidence_file
from agencies.figures import bump_data_version
from agencies.models import Office

from ..models import ManualRealisation, PerformanceIndicator, PerformanceTarget
from .rules import FLOW, MANUAL_MEAN, MANUAL_SUM, STOCK, quarter_bounds, rule_of

QUARTER_FIELDS = ("q1", "q2", "q3", "q4")
TARGET_FIELDS = ("yearly", *QUARTER_FIELDS)
MIN_YEAR, MAX_YEAR = 2000, 2100

MSG_NEGATIVE = "Target tidak boleh negatif."
MSG_QUARTER_WITHOUT_YEAR = "Isi target tahunan bila mengisi target triwulan."
MSG_QUARTER_SUM = "Jumlah target TW I–IV ({total}) harus sama dengan target tahunan ({yearly})."
MSG_STOCK_Q4 = "Target TW IV harus sama dengan target tahunan, karena indikator ini diukur pada posisi akhir tahun."
MSG_PERCENT = "Target persentase tidak boleh lebih dari 100."
MSG_YEAR = f"Tahun harus di antara {MIN_YEAR} dan {MAX_YEAR}."
MSG_NOT_MANUAL = "Indikator ini dihitung otomatis dari data terverifikasi; realisasinya tidak diisi manual."
MSG_QUARTER_NOT_STARTED = "Triwulan ini belum dimulai; realisasinya belum dapat diisi."
MSG_VALUE_NEGATIVE = "Realisasi tidak boleh negatif."
MSG_VALUE_PERCENT = "Realisasi persentase tidak boleh lebih dari 100."
MSG_INACTIVE = "Indikator tidak aktif."
MSG_UNKNOWN_CELL = "Kantor atau indikator tidak dikenal."
NOT_ALLOWED = "Hanya verifikator provinsi yang dapat mengubah indikator dan target."
_EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", DOCX: "docx", XLSX: "xlsx"}


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": MSG_YEAR})


# Indicators ---------------------------------------------------------------------------------------


@transaction.atomic
def indicator_create(*, user, data: dict) -> PerformanceIndicator:
    permissions.require_settings_manager(user, NOT_ALLOWED)
    indicator = PerformanceIndicator(**data)
    indicator.full_clean()
    indicator.save()
    bump_data_version()
    return indicator


@transaction.atomic
def indicator_update(*, user, indicator: PerformanceIndicator, data: dict) -> PerformanceIndicator:
    permissions.require_settings_manager(user, NOT_ALLOWED)
    for name, value in data.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    bump_data_version()
    return indicator


# Targets ------------------------------------------------------------------------------------------


def is_percent(indicator: PerformanceIndicator) -> bool:
    return indicator.unit.strip() == "%"


def target_cell_errors(indicator: PerformanceIndicator, cell: dict[str, Decimal | None]) -> list[str]:
    """Business rules of one grid cell (yearly target and optional quarterly targets)."""
    values = [cell.get(name) for name in TARGET_FIELDS]
    present = [v for v in values if v is not None]
    errors = []
    if any(v < 0 for v in present):
        errors.append(MSG_NEGATIVE)
    if is_percent(indicator) and any(v > 100 for v in present):
        errors.append(MSG_PERCENT)
    yearly, quarters = cell.get("yearly"), [cell.get(name) for name in QUARTER_FIELDS]
    if yearly is None:
        if any(q is not None for q in quarters):
            errors.append(MSG_QUARTER_WITHOUT_YEAR)
        return errors
    rule = rule_of(indicator)
    if rule in (FLOW, MANUAL_SUM) and all(q is not None for q in quarters) and sum(quarters) != yearly:
        errors.append(MSG_QUARTER_SUM.format(total=plain_number(sum(quarters)), yearly=plain_number(yearly)))
    if rule == STOCK and quarters[3] is not None and quarters[3] != yearly:
        errors.append(MSG_STOCK_Q4)
    return errors


def plain_number(value: Decimal) -> str:
    """12,5 or 1988: Indonesian decimal comma, no thousands separator (for inputs and messages)."""
    return number_format(value.normalize(), use_l10n=True)


def cell_key(office_id: int, indicator_id: int) -> str:
    return f"t-{office_id}-{indicator_id}"


@dataclass(frozen=True)
class GridResult:
    created: int
    updated: int
    deleted: int
    unchanged: int


def _same(target: PerformanceTarget, cell: dict) -> bool:
    return all(getattr(target, name) == cell.get(name) for name in TARGET_FIELDS)


def target_grid_errors(cells: dict[tuple[int, int], dict]) -> dict[str, list[str]]:
    """Errors per cell key for the given cells (unknown or inactive indicators and offices included)."""
    indicators = PerformanceIndicator.objects.in_bulk({i for _o, i in cells})
    offices = set(Office.objects.filter(pk__in={o for o, _i in cells}).values_list("pk", flat=True))
    errors = {}
    for (office_id, indicator_id), cell in cells.items():
        indicator = indicators.get(indicator_id)
        if indicator is None or office_id not in offices:
            errors[cell_key(office_id, indicator_id)] = [MSG_UNKNOWN_CELL]
            continue
        if not indicator.is_active:
            errors[cell_key(office_id, indicator_id)] = [MSG_INACTIVE]
            continue
        if problems := target_cell_errors(indicator, cell):
            errors[cell_key(office_id, indicator_id)] = problems
    return errors


@transaction.atomic
def target_grid_save(*, user, year: int, cells: dict[tuple[int, int], dict]) -> GridResult:
    """Save the cells of the targets grid in one transaction: all of them, or none if any cell is invalid.

    `cells` maps (office_id, indicator_id) to {"yearly", "q1".."q4"}; a cell with no values removes the target.
    Cells not given are left as they are.
    """
    permissions.require_settings_manager(user, NOT_ALLOWED)
    _check_year(year)
    if errors := target_grid_errors(cells):
        raise ValidationError(errors)
    existing = {(t.office_id, t.indicator_id): t for t in PerformanceTarget.objects.filter(year=year)}
    counts = {"created": 0, "updated": 0, "deleted": 0, "unchanged": 0}
    for key, cell in cells.items():
        counts[_save_cell(user, year, key, cell, existing.get(key))] += 1
    if counts["unchanged"] < len(cells):
        bump_data_version()
    return GridResult(**counts)


def _save_cell(user, year: int, key: tuple[int, int], cell: dict, target: PerformanceTarget | None) -> str:
    if cell.get("yearly") is None:
        if target is None:
            return "unchanged"
        target.delete()
        return "deleted"
    if target is not None and _same(target, cell):
        return "unchanged"
    status = "updated" if target else "created"
    target = target or PerformanceTarget(office_id=key[0], indicator_id=key[1], year=year)
    for name in TARGET_FIELDS:
        setattr(target, name, cell.get(name))
    target.updated_by = user
    target.full_clean()
    target.save()
    return status


def target_changes(year: int, cells: dict[tuple[int, int], dict]) -> dict[tuple[int, int], str]:
    """What saving `cells` would do to each cell (new / updated / unchanged / deleted), without writing."""
    existing = {(t.office_id, t.indicator_id): t for t in PerformanceTarget.objects.filter(year=year)}
    changes = {}
    for key, cell in cells.items():
        target = existing.get(key)
        if cell.get("yearly") is None:
            changes[key] = "deleted" if target else "unchanged"
        elif target is None:
            changes[key] = "created"
        else:
            changes[key] = "unchanged" if _same(target, cell) else "updated"
    return changes


# Manual realisation -------------------------------------------------------------------------------


@transaction.atomic
def manual_realisation_save(
    *,
    user,
    office: Office,
    indicator: PerformanceIndicator,
    year: int,
    quarter: int,
    value: Decimal,
    note: str,
    evidence=None,
    today: dt.date | None = None,
) -> ManualRealisation:
    """Enter or correct the value of a manual indicator for one office and quarter (the owner office only)."""
    if not permissions.can_create_in(user, office):
        raise PermissionDenied("Anda hanya dapat mengisi realisasi kantor Anda sendiri.")
    _check_year(year)
    if not indicator.is_manual or not indicator.is_active:
        raise ValidationError({"indicator": MSG_NOT_MANUAL})
    if quarter_bounds(year, quarter)[0] > (today or timezone.localdate()):
        raise ValidationError({"quarter": MSG_QUARTER_NOT_STARTED})
    if value < 0:
        raise ValidationError({"value": MSG_VALUE_NEGATIVE})
    if rule_of(indicator) == MANUAL_MEAN and value > 100:
        raise ValidationError({"value": MSG_VALUE_PERCENT})
    entry = ManualRealisation.objects.filter(indicator=indicator, office=office, year=year, quarter=quarter).first()
    entry = entry or ManualRealisation(indicator=indicator, office=office, year=year, quarter=quarter)
    entry.value, entry.note, entry.entered_by = value, note.strip(), user
    replaced = entry.evidence.name if evidence is not None else ""
    if evidence is not None:
        _attach_evidence(entry, evidence)
    try:
        entry.full_clean()
        entry.save()
        bump_data_version()
    except Exception:
        if evidence is not None:
            entry.evidence.delete(save=False)  # the new file, stored for a row that was not saved
        raise
    if replaced:
        storage = entry.evidence.storage
        transaction.on_commit(lambda: storage.delete(replaced))
    return entry


def _attach_evidence(entry: ManualRealisation, uploaded) -> None:
    """Same file rules as record evidence; stored under a random name, the original name kept as data."""
    try:
        sniffed = validate_evidence_file(uploaded)
    except ValidationError as error:
        raise ValidationError({"evidence": error.messages}) from None
    stored = sniffed.content(uploaded)
    entry.evidence.save(f"{uuid.uuid4().hex}.{_EXTENSIONS[sniffed.content_type]}", stored, save=False)
    entry.evidence_name = sniffed.safe_name
