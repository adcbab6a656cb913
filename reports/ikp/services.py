"""Writes of the IKP data: one office's scores (form), a whole validated import (all rows or none)."""

from __future__ import annotations

from django.db import transaction

from agencies import permissions
from agencies.figures import bump_data_version
from agencies.models import Office

from ..models import IkpScore
from .selectors import NOT_ALLOWED


@transaction.atomic
def ikp_score_save(*, user, office: Office, year: int, values: dict) -> IkpScore:
    """Create or update the IKP of one office and year (one row each, history kept by simple-history)."""
    permissions.require_settings_manager(user, NOT_ALLOWED)
    score = IkpScore.objects.filter(office=office, year=year).first() or IkpScore(office=office, year=year)
    for name, value in values.items():
        setattr(score, name, value)
    score.updated_by = user
    score.full_clean()
    score.save()
    bump_data_version()
    return score


@transaction.atomic
def ikp_import_commit(*, user, rows: list[dict]) -> tuple[int, int]:
    """Save every validated row or none (one transaction). Returns (created, updated)."""
    permissions.require_settings_manager(user, NOT_ALLOWED)
    offices = {o.code: o for o in Office.objects.filter(code__in={row["office_code"] for row in rows})}
    existing = set(
        IkpScore.objects.filter(office__code__in=offices, year__in={row["year"] for row in rows}).values_list(
            "office__code", "year"
        )
    )
    for row in rows:
        values = {key: value for key, value in row.items() if key not in ("office_code", "year", "line")}
        ikp_score_save(user=user, office=offices[row["office_code"]], year=row["year"], values=values)
    updated = sum((row["office_code"], row["year"]) in existing for row in rows)
    return len(rows) - updated, updated
