"""Deletions kept for mirroring systems (`Tombstone`), and the rows a deletion changes on the side.

Called by the delete services inside their transaction: a deletion and its tombstone commit together or not
at all. Not a signal (docs/dev/api-sync.md explains why the feed needs every deletion exactly once).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F
from django.utils import timezone

from agencies.models import Activity, Agreement, Tombstone


def tombstones_add(*, record_type: str, rows: Iterable[tuple[int, int | None]]) -> None:
    """Keep the deletion of `rows`, (id, owner office id) pairs of one record type."""
    now = timezone.now()
    Tombstone.objects.bulk_create(
        [
            Tombstone(record_type=record_type, record_id=pk, office_id=office_id, deleted_at=now)
            for pk, office_id in rows
        ]
    )


def dependants_of(record: Agreement | Activity) -> dict[type, list[int]]:
    """Rows whose link to `record` the database clears when it is deleted (ON DELETE SET NULL): the activities
    and child agreements of an agreement. Read before the deletion, touched after it by `touch`."""
    if not isinstance(record, Agreement):
        return {}
    return {
        Activity: list(Activity.objects.filter(agreement=record).values_list("pk", flat=True)),
        Agreement: list(Agreement.objects.filter(parent=record).values_list("pk", flat=True)),
    }


def touch(dependants: dict[type, list[int]]) -> None:
    """A cleared link is a change: new `updated_at` and version, so that the changes feed and the ETags show it
    (Django clears the links with a bulk UPDATE that leaves both alone)."""
    now = timezone.now()
    for model, pks in dependants.items():
        if pks:
            model.objects.filter(pk__in=pks).update(updated_at=now, version=F("version") + 1)
