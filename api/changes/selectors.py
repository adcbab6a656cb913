"""THE change stream: every create, update and deletion of partners, agreements, activities and evidence that
the user may see, in one order, (changed at, type, id), read page by page after a position.

Each page costs one query per record type plus one for the tombstones (and the serializers' prefetches),
whatever the data size: every source gives its first `size` rows after the position, and the merged first
`size` rows of the stream are among them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet

from agencies import permissions
from agencies.models import Activity, Agreement, Evidence, Partner, TombstoneType

CREATED = "created"
UPDATED = "updated"
DELETED = "deleted"
# A record changed again within this time of its creation is still reported as created.
CREATED_WINDOW = dt.timedelta(seconds=1)


@dataclass(frozen=True)
class Source:
    model: type[Model]
    changed_field: str  # when the row last changed
    scope: Callable[..., QuerySet]


SOURCES: dict[str, Source] = {
    TombstoneType.ACTIVITY: Source(Activity, "updated_at", permissions.scope_activities),
    TombstoneType.AGREEMENT: Source(Agreement, "updated_at", permissions.scope_agreements),
    TombstoneType.EVIDENCE: Source(Evidence, "uploaded_at", permissions.scope_evidence),  # never changed, only deleted
    TombstoneType.PARTNER: Source(Partner, "updated_at", permissions.scope_partners),
}
TYPES = tuple(sorted(SOURCES))


@dataclass(frozen=True)
class Position:
    """A point of the stream: the change at (at, type, id) and everything before it have been read."""

    at: dt.datetime
    type: str = ""
    id: int = 0

    @classmethod
    def since(cls, moment: dt.datetime) -> Position:
        """Just before every change at or after `moment` (what `updated_since` means)."""
        return cls(moment, "", 0)


@dataclass(frozen=True)
class Change:
    type: str
    id: int
    action: str
    at: dt.datetime
    office_id: int | None
    record: Model | None  # None for a deletion

    @property
    def position(self) -> Position:
        return Position(self.at, self.type, self.id)


def _after(position: Position | None, type_: str, at: str, pk: str) -> Q:
    """Rows of type `type_` after `position` in (at, type, id) order."""
    if position is None:
        return Q()
    if type_ > position.type:
        return Q(**{f"{at}__gte": position.at})
    if type_ < position.type:
        return Q(**{f"{at}__gt": position.at})
    return Q(**{f"{at}__gt": position.at}) | Q(**{at: position.at, f"{pk}__gt": position.id})


def _action(record: Model, changed_at: dt.datetime) -> str:
    created = getattr(record, "created_at", None)
    return CREATED if created is None or changed_at - created < CREATED_WINDOW else UPDATED


def _records(user, type_: str, position, until, size, base) -> list[Change]:
    source = SOURCES[type_]
    at = source.changed_field
    qs = source.scope(user, base(type_)).filter(_after(position, type_, at, "pk"), **{f"{at}__lte": until})
    rows = qs.order_by(at, "pk")[:size]
    return [
        Change(type_, row.pk, _action(row, getattr(row, at)), getattr(row, at), getattr(row, "office_id", None), row)
        for row in rows
    ]


def _tombstones(user, types: Iterable[str], position, until, size) -> list[Change]:
    qs = permissions.scope_tombstones(user).filter(record_type__in=list(types), deleted_at__lte=until)
    if position is not None:
        qs = qs.filter(
            Q(deleted_at__gt=position.at)
            | Q(deleted_at=position.at, record_type__gt=position.type)
            | Q(deleted_at=position.at, record_type=position.type, record_id__gt=position.id)
        )
    rows = qs.order_by("deleted_at", "record_type", "record_id")[:size]
    return [Change(t.record_type, t.record_id, DELETED, t.deleted_at, t.office_id, None) for t in rows]


def changes_page(
    user,
    *,
    after: Position | None,
    until: dt.datetime,
    size: int,
    types: Iterable[str] = TYPES,
    base: Callable[[str], QuerySet] | None = None,
) -> list[Change]:
    """The next `size` changes after `after` (from the start when None) up to `until` (the sync horizon).
    `base(type)` is the queryset a type's rows are read from (the API resource's, with what its serializer
    needs); it is scoped here through `agencies.permissions`."""
    base = base or (lambda type_: SOURCES[type_].model.objects.all())
    types = [t for t in TYPES if t in set(types)]
    changes = [change for t in types for change in _records(user, t, after, until, size, base)]
    changes += _tombstones(user, types, after, until, size)
    changes.sort(key=lambda c: (c.at, c.type, c.id))
    return changes[:size]
