"""Writes of the ranking: change the weights (a new row each time), publish a ranking (frozen figures)."""

from __future__ import annotations

from django.db import transaction

from agencies import permissions
from agencies.figures import bump_data_version

from ..models import PublishedRanking, RankingWeightSet
from .selectors import COMPONENTS, FORMULA_VERSION, Period, compute_ranking

NOT_ALLOWED = "Hanya verifikator provinsi yang dapat mengubah bobot atau menerbitkan peringkat."


@transaction.atomic
def weights_change(*, user, values: dict[str, int], note: str) -> RankingWeightSet:
    """Record new weights; earlier rows stay as the history and published rankings keep their own copy."""
    permissions.require_settings_manager(user, NOT_ALLOWED)
    weight_set = RankingWeightSet(**{c.key: values[c.key] for c in COMPONENTS}, note=note.strip(), created_by=user)
    weight_set.full_clean()
    weight_set.save()
    bump_data_version()
    return weight_set


@transaction.atomic
def ranking_publish(*, user, period: Period, note: str = "") -> PublishedRanking:
    """Freeze the live ranking of `period` with the weights in force: it is shown later from these rows only."""
    permissions.require_settings_manager(user, NOT_ALLOWED)
    result = compute_ranking(period)
    published = PublishedRanking(
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        period_label=period.label,
        formula_version=FORMULA_VERSION,
        weights=result.weights,
        rows=result.as_rows(),
        note=note.strip(),
        published_by=user,
    )
    published.full_clean()
    published.save()
    return published
