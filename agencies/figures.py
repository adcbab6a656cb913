"""The data version of the report figures: read it, bump it (docs/dev/figure-cache.md).

`agencies` owns the records, so its services bump the version here; `reports.figure_cache` reads it to key
the cached figures. The bump is an UPDATE inside the caller's transaction: the new version becomes visible
exactly when the data does (no window after commit, nothing lost if the process dies right after commit).
It takes the row's lock until commit, so figure-changing writes are serialised on that one row; they are
verifications, submissions and settings changes, a few per minute. Drafts do not bump (they count nowhere).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from .choices import VerificationStatus
from .models import FigureDataVersion

COUNTED = frozenset({VerificationStatus.SUBMITTED, VerificationStatus.VERIFIED})


def data_version() -> int:
    """The current version (one query)."""
    value = FigureDataVersion.objects.filter(pk=1).values_list("value", flat=True).first()
    return value or 0


def bump_data_version() -> None:
    """Make every cached figure stale; call inside the write's transaction (or in autocommit)."""
    # The row is created by migration 0010_figure_data_version; get_or_create only covers a database emptied by hand.
    with transaction.atomic():
        if not FigureDataVersion.objects.filter(pk=1).update(value=F("value") + 1):
            FigureDataVersion.objects.get_or_create(pk=1, defaults={"value": 1})


def bump_if_counted(*states: str) -> None:
    """Bump when a record that is (or was) submitted or verified changes: only those count in a figure."""
    if COUNTED.intersection(states):
        bump_data_version()
