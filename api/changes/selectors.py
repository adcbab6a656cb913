"""THE change stream: every create, update and deletion of partners, agreements, activities and evidence that
the user may see, in one order, (changed at, type, id), read page by page after a position.

Each page costs, whatever the data size: one key query per record type and one for the tombstones (every
source gives the keys of its first `size` rows after the position; the merged first `size` rows of the stream
are among them), then one query per type on the page for its records (and the serializers' prefetches).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

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


def _action(created: dt.datetime | None, changed_at: dt.datetime) -> str:
    return CREATED if created is None or changed_at - created < CREATED_WINDOW else UPDATED


def _keys(user, type_: str, position, until, size) -> list[Change]:
    """The next `size` changes of one type, keys only (time, id, office, creation): cheap to merge."""
    source = SOURCES[type_]
    at, model = source.changed_field, source.model
    names = [at, "pk", *(name for name in ("office_id", "created_at") if _has_field(model, name))]
    qs = source.scope(user, model.objects.all()).filter(_after(position, type_, at, "pk"), **{f"{at}__lte": until})
    return [
        Change(type_, row["pk"], _action(row.get("created_at"), row[at]), row[at], row.get("office_id"), None)
        for row in qs.order_by(at, "pk").values(*names)[:size]
    ]


def _has_field(model: type[Model], name: str) -> bool:
    return any(field.attname == name for field in model._meta.concrete_fields)


def _with_records(user, page: list[Change], base) -> list[Change]:
    """Load the records of the upserts on the page, one query per type (plus the serializers' prefetches). A
    record deleted since its key was read is left out: its tombstone comes later in the stream."""
    out = {}
    for type_ in TYPES:
        wanted = [c.id for c in page if c.type == type_ and c.action != DELETED]
        if wanted:
            source = SOURCES[type_]
            out[type_] = {row.pk: row for row in source.scope(user, base(type_)).filter(pk__in=wanted)}
    kept = [c for c in page if c.action == DELETED or c.id in out.get(c.type, {})]
    return [c if c.action == DELETED else replace(c, record=out[c.type][c.id]) for c in kept]


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
    changes = [change for t in types for change in _keys(user, t, after, until, size)]
    changes += _tombstones(user, types, after, until, size)
    changes.sort(key=lambda c: (c.at, c.type, c.id))
    return _with_records(user, changes[:size], base)
