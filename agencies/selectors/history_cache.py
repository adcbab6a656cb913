"""A record page's account of the record's past, its change history (`history.record_facts`) and its verification
events, cached for as long as the rows it is made of are the same.

A record page read every history row of the record, their partner links, its evidence's history rows and its
verification events: four queries and the diffs, about a quarter of the activity page. Those rows are only ever
added (simple-history writes one per save, partner link change or deletion and never changes it; an event is
never changed), so what the page shows of them is the same for as long as the rows are. The cache key holds, for
the record's history rows, its evidence's added/removed history rows and its events, how many there are and the
highest id, read in one small SQL statement. Every write that changes the history adds a row (an edit, a
re-linked partner, a submit/verify/return/undo, an upload or deletion of evidence, an import, a partner merge)
and so raises the highest id; pruned history lowers the count. Either way the key is new: a stale entry is never
read again, it ages out. Names are not cached: people, partners and linked records are read afresh
(`history.read_names`), with the people of the events in the same query.

The key depends on the database alone, so app servers sharing the cache (Redis in production) share the entries;
nothing in an entry depends on who looks (the events are scoped when shown). The facts are worked out after the
key is read: an entry is never older than its key. Pages read it outside any write transaction (a rolled-back
row could otherwise leave facts under a key that a later row reaches again).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection

from agencies import permissions
from agencies.models import Activity, Agreement, Evidence, User, VerificationEvent

from .history import HISTORY_LIMIT, USER, HistoryEntry, entries, read_names, record_facts

PREFIX = "hubal:history"
LAYOUT = 2  # raise it when what a cached entry holds changes, so that old entries are never read
CACHE_SECONDS = 24 * 60 * 60
EventFact = tuple[int, str, str, dt.datetime, int | None]  # key, action, note, when, actor's key


@dataclass(frozen=True)
class Trail:
    """What a record page shows of the record's past: its change history, newest first, and its verification
    events, oldest first (those of a record the user may not see: none)."""

    history: list[HistoryEntry]
    events: list[VerificationEvent]


def record_trail(user, record: Agreement | Activity) -> Trail:
    """The history (`history.record_history`) and the verification events of a record the user has opened, with
    today's names; the facts from the cache while the record's rows are the same. The signed-in user's own
    name is not read again (often theirs are the changes)."""
    state = trail_state(record)
    key = f"{PREFIX}:{LAYOUT}:{record._meta.label_lower}:{record.pk}:{HISTORY_LIMIT}:" + ":".join(map(str, state))
    cached = cache.get(key)
    if cached is None:
        _rows, _last, evidence_rows, _evidence_last, event_rows, _event_last = state
        cached = (record_facts(record, with_evidence=bool(evidence_rows)), _event_facts(record) if event_rows else [])
        cache.set(key, cached, CACHE_SECONDS)
    facts, events = cached
    # Events are scoped by their record's office (`scope_verification_events`): all of them, or none.
    events = events if permissions.in_scope(user, record) else []
    known = (user,) if isinstance(user, User) else ()
    found = read_names(facts, people={event[4] for event in events if event[4]}, known=known)
    return Trail(entries(facts, found), [_event(record, event, found) for event in events])


def _event_facts(record: Agreement | Activity) -> list[EventFact]:
    events = VerificationEvent.objects.filter(**{record.record_kind: record}).order_by("created_at", "id")
    return list(events.values_list("id", "action", "note", "created_at", "actor_id"))


def _event(record: Agreement | Activity, fact: EventFact, found: dict) -> VerificationEvent:
    key, action, note, when, actor = fact
    event = VerificationEvent(id=key, action=action, note=note, created_at=when, **{record.record_kind: record})
    event.actor = found.get((USER, actor))  # None when there is none, or no more
    return event


def trail_state(record: Agreement | Activity) -> tuple:
    """(rows, highest id) of the record's history rows, of its evidence's added/removed history rows and of its
    verification events."""
    sql = _state_sql(type(record))
    with connection.cursor() as cursor:
        cursor.execute(sql, [record.pk] * 3)
        return tuple(cursor.fetchone())


def _count_and_last(model, column: str, added_or_removed: bool = False) -> str:
    """SQL: how many rows of `model` point to one record through `column`, and the highest key."""
    q = connection.ops.quote_name
    meta = model._meta
    sql = (
        f"SELECT COUNT(*) AS n, MAX({q(meta.pk.column)}) AS last FROM {q(meta.db_table)} "  # noqa: S608 - no user input
        f"WHERE {q(meta.get_field(column).column)} = %s"
    )
    if added_or_removed:  # what `history._evidence_facts` reads
        sql += f" AND {q(meta.get_field('history_type').column)} IN ('+', '-')"
    return sql


@functools.cache
def _state_sql(model) -> str:
    """The state of a record's rows in one row. Written as SQL: the equivalent querysets cost more to build and
    compile than the cache saves."""
    own = _count_and_last(model.history.model, "id")
    evidence = _count_and_last(Evidence.history.model, model.record_kind, added_or_removed=True)
    events = _count_and_last(VerificationEvent, model.record_kind)
    return f"SELECT r.n, r.last, e.n, e.last, v.n, v.last FROM ({own}) r, ({evidence}) e, ({events}) v"  # noqa: S608
