"""The sync horizon: how far a mirroring client may read without ever missing a change committed later.

A row's `updated_at` (or a tombstone's `deleted_at`) is taken when the row is written, but other sessions
only see the row when its transaction commits, a little later. A client that has read past time T and then
sees nothing newer would skip a row stamped before T whose transaction committed after its read. So the
changes feed only hands out what is older than the horizon:

- `HUBAL_SYNC_LAG_SECONDS` (default 120) behind the clock: a write transaction is expected to commit within
  that time (web requests are cut off well before), and it also absorbs clock differences between app servers;
- on PostgreSQL, also no later than the start of the oldest open transaction that has written something (it
  holds a transaction id), so even a longer one (a big import from the command line) holds the horizon back
  until it ends. Read-only transactions (a backup) do not hold it back.

docs/dev/api-sync.md has the whole argument and the client loop.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection
from django.utils import timezone

OLDEST_OPEN_TRANSACTION = """
SELECT min(xact_start) FROM pg_stat_activity
WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL
"""


def lag() -> dt.timedelta:
    return dt.timedelta(seconds=settings.HUBAL_SYNC_LAG_SECONDS)


def oldest_open_transaction() -> dt.datetime | None:
    """Start of the oldest writing transaction of another session (PostgreSQL; None elsewhere or if none)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(OLDEST_OPEN_TRANSACTION)
        (started,) = cursor.fetchone()
    return started


def horizon(now: dt.datetime | None = None) -> dt.datetime:
    """The newest change time the feed may serve now (one query on PostgreSQL, none on SQLite)."""
    limit = (now or timezone.now()) - lag()
    started = oldest_open_transaction()
    if started is not None and started - lag() < limit:
        # The open transaction may have stamped rows from its start on, by a clock up to `lag` behind ours.
        limit = started - lag()
    return limit
