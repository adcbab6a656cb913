"""The facts of a record's history (`history.record_facts`), cached for as long as its history rows are the same.

A record page read every history row of the record, their partner links and its evidence's history rows to
show its history: three queries and the diffs, about a fifth of the activity page. Those rows are only ever
added (simple-history writes one per save, partner link change or deletion, and never changes it), so the facts
are the same for as long as the rows are. The cache key holds, for the record's own history rows and for its
evidence's added/removed rows, how many there are and the highest id, read in one small SQL statement. Every
write that changes the history adds a row (an edit, a re-linked partner, a submit/verify/return/undo, an upload or
deletion of evidence, an import, a partner merge) and so raises the highest id; pruned history lowers the count.
Either way the key is new: a stale entry is never read again, it ages out. Names are not cached (`history.named`).

The key depends on the database alone, so app servers sharing the cache (Redis in production) share the entries.
The facts are worked out after the key is read: an entry is never older than its key. Pages read it outside any
write transaction (a rolled-back row could otherwise leave facts under a key that a later row reaches again).
"""

from __future__ import annotations

import functools

from django.core.cache import cache
from django.db import connection

from agencies.models import Evidence, User

from .history import HISTORY_LIMIT, HistoryEntry, named, record_facts

PREFIX = "hubal:history"
LAYOUT = 1  # raise it when what a cached fact holds changes, so that old entries are never read
CACHE_SECONDS = 24 * 60 * 60


def cached_record_history(record, *, viewer=None) -> list[HistoryEntry]:
    """`history.record_history`, with its facts from the cache while the record's history rows are the same.
    `viewer`: the signed-in user, whose name the page already has (often the one who made the changes)."""
    state = history_state(record)
    key = f"{PREFIX}:{LAYOUT}:{record._meta.label_lower}:{record.pk}:{HISTORY_LIMIT}:" + ":".join(map(str, state))
    facts = cache.get(key)
    if facts is None:
        evidence_rows = state[2] if len(state) > 2 else 0
        facts = record_facts(record, with_evidence=bool(evidence_rows))
        cache.set(key, facts, CACHE_SECONDS)
    return named(facts, known=(viewer,) if isinstance(viewer, User) else ())


def history_state(record) -> tuple:
    """How many history rows the record has and the highest id; the same for its evidence's added/removed rows
    (agreements and activities): (rows, last[, evidence rows, evidence last])."""
    sql, parameters = _state_sql(type(record))
    with connection.cursor() as cursor:
        cursor.execute(sql, [record.pk] * parameters)
        return tuple(cursor.fetchone())


def _count_and_last(history_model, column: str, added_or_removed: bool = False) -> str:
    """SQL: how many history rows of one record there are, and the highest history id."""
    q = connection.ops.quote_name
    meta = history_model._meta
    sql = (
        f"SELECT COUNT(*) AS n, MAX({q(meta.pk.column)}) AS last FROM {q(meta.db_table)} "  # noqa: S608 - no user input
        f"WHERE {q(meta.get_field(column).column)} = %s"
    )
    if added_or_removed:  # what `history._evidence_facts` reads
        sql += f" AND {q(meta.get_field('history_type').column)} IN ('+', '-')"
    return sql


@functools.cache
def _state_sql(model) -> tuple[str, int]:
    """The state of a record's history in one row, and how many times the statement takes the record's key.
    Written as SQL: the equivalent querysets cost more to build and compile than the page saves."""
    own = _count_and_last(model.history.model, "id")
    kind = getattr(model, "record_kind", None)
    if kind is None:  # a partner: no evidence
        return own, 1
    evidence = _count_and_last(Evidence.history.model, kind, added_or_removed=True)
    return f"SELECT r.n, r.last, e.n, e.last FROM ({own}) r, ({evidence}) e", 2  # noqa: S608 - no user input
