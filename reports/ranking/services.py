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


MSG_UNDO_PUBLISHED = (
    "Verifikasi ini tidak dapat dibatalkan: peringkat {label} telah diterbitkan sesudahnya dan memuat data ini."
)


def verification_undo_guard(record) -> str | None:
    """Refuse to undo a verification once a ranking whose period covers the record was published after it:
    the published figures counted the record as verified. Registered by `ReportsConfig.ready`."""
    if record.verified_at is None:
        return None
    published = PublishedRanking.objects.filter(published_at__gte=record.verified_at)
    if record.record_kind == "activity":
        published = published.filter(period_start__lte=record.end_date, period_end__gte=record.end_date)
    else:
        published = published.filter(period_end__gte=record.start_date)
        if record.end_date:
            published = published.filter(period_start__lte=record.end_date)
    label = published.values_list("period_label", flat=True).first()
    return MSG_UNDO_PUBLISHED.format(label=label) if label else None
