"""Writes of the Renstra: periods and the targets grid (form and import), managed by the provincial verifier.

A cell is (office, indicator) → a target for each of the five years and the end-of-period target. The grid and
the import save all cells in one transaction, or none when any cell is invalid (the rule of the yearly targets).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from agencies import permissions
from agencies.figures import bump_data_version
from agencies.models import Office

from ..models import PerformanceIndicator
from .models import RENSTRA_PARTS, RenstraPeriod, RenstraTarget
from .services import MSG_INACTIVE, MSG_NEGATIVE, MSG_PERCENT, MSG_UNKNOWN_CELL, NOT_ALLOWED, GridResult, is_percent

MSG_PERIOD_EXISTS = "Periode Renstra yang dimulai tahun ini sudah ada."
MSG_PERIOD_OVERLAP = "Periode ini bertumpang tindih dengan periode Renstra {other}."


@transaction.atomic
def renstra_period_create(*, user, start_year: int, name: str = "") -> RenstraPeriod:
    """A new five-year period; periods never overlap, so every year belongs to at most one Renstra."""
    permissions.require_settings_manager(user, NOT_ALLOWED)
    overlapping = RenstraPeriod.objects.filter(start_year__gt=start_year - 5, start_year__lt=start_year + 5).first()
    if overlapping is not None:
        raise ValidationError({"start_year": MSG_PERIOD_OVERLAP.format(other=overlapping.label)})
    period = RenstraPeriod(start_year=start_year, created_by=user)
    period.name = name.strip() or f"Renstra {period.label}"
    period.full_clean()
    period.save()
    bump_data_version()  # the cached LAKIP chapter compares with the Renstra of its year
    return period


def period_for_year(year: int, periods: list[RenstraPeriod] | None = None) -> RenstraPeriod | None:
    """The Renstra period a year belongs to (None when no period covers it)."""
    if periods is None:
        # Query: the period covering the year.
        return RenstraPeriod.objects.filter(start_year__lte=year, start_year__gt=year - 5).first()
    return next((p for p in periods if p.start_year <= year <= p.end_year), None)


def renstra_cell_errors(indicator: PerformanceIndicator, cell: dict) -> list[str]:
    present = [cell.get(part) for part in RENSTRA_PARTS if cell.get(part) is not None]
    errors = []
    if any(value < 0 for value in present):
        errors.append(MSG_NEGATIVE)
    if is_percent(indicator) and any(value > 100 for value in present):
        errors.append(MSG_PERCENT)
    return errors


def renstra_cell_key(office_id: int, indicator_id: int) -> str:
    return f"r-{office_id}-{indicator_id}"


def renstra_grid_errors(cells: dict[tuple[int, int], dict]) -> dict[str, list[str]]:
    indicators = PerformanceIndicator.objects.in_bulk({i for _o, i in cells})
    offices = set(Office.objects.filter(pk__in={o for o, _i in cells}).values_list("pk", flat=True))
    errors = {}
    for (office_id, indicator_id), cell in cells.items():
        indicator = indicators.get(indicator_id)
        key = renstra_cell_key(office_id, indicator_id)
        if indicator is None or office_id not in offices:
            errors[key] = [MSG_UNKNOWN_CELL]
        elif not indicator.is_active:
            errors[key] = [MSG_INACTIVE]
        elif problems := renstra_cell_errors(indicator, cell):
            errors[key] = problems
    return errors


def _existing(period: RenstraPeriod) -> dict[tuple[int, int], RenstraTarget]:
    return {(t.office_id, t.indicator_id): t for t in RenstraTarget.objects.filter(period=period)}


def _change(target: RenstraTarget | None, cell: dict) -> str:
    empty = all(cell.get(part) is None for part in RENSTRA_PARTS)
    if empty:
        return "deleted" if target else "unchanged"
    if target is None:
        return "created"
    same = all(getattr(target, part) == cell.get(part) for part in RENSTRA_PARTS)
    return "unchanged" if same else "updated"


def renstra_changes(period: RenstraPeriod, cells: dict[tuple[int, int], dict]) -> dict[tuple[int, int], str]:
    """What saving `cells` would do to each cell, without writing (the import preview)."""
    existing = _existing(period)
    return {key: _change(existing.get(key), cell) for key, cell in cells.items()}


@transaction.atomic
def renstra_grid_save(*, user, period: RenstraPeriod, cells: dict[tuple[int, int], dict]) -> GridResult:
    """Save the cells (office_id, indicator_id) → {y1…y5, end_target}; an empty cell removes the row."""
    permissions.require_settings_manager(user, NOT_ALLOWED)
    if errors := renstra_grid_errors(cells):
        raise ValidationError(errors)
    existing = _existing(period)
    counts = {"created": 0, "updated": 0, "deleted": 0, "unchanged": 0}
    for key, cell in cells.items():
        target = existing.get(key)
        status = _change(target, cell)
        counts[status] += 1
        if status == "deleted":
            target.delete()
        elif status in ("created", "updated"):
            target = target or RenstraTarget(period=period, office_id=key[0], indicator_id=key[1])
            for part in RENSTRA_PARTS:
                setattr(target, part, cell.get(part))
            target.updated_by = user
            target.full_clean()
            target.save()
    if counts["created"] or counts["updated"] or counts["deleted"]:
        bump_data_version()  # the cached LAKIP chapter shows the Renstra targets
    return GridResult(**counts)
