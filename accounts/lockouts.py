"""Sign-in lockout state from django-axes (database handler), read for many accounts at once, and unlock
through axes' own API.

A username is locked when, within the cool-off window, one (username, IP) pair reached the failure limit
(AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]), or when a username-only parameter is configured
and the failures of all addresses together reach it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from axes.conf import settings as axes_settings
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.db.models import Max, Sum
from django.utils import timezone

FALLBACK_FAILURE_LIMIT = 5


@dataclass(frozen=True)
class Lockout:
    failures: int
    locked: bool
    until: dt.datetime | None


def _failure_limit() -> int:
    limit = axes_settings.AXES_FAILURE_LIMIT
    return limit if isinstance(limit, int) else FALLBACK_FAILURE_LIMIT


def _username_alone_locks() -> bool:
    parameters = axes_settings.AXES_LOCKOUT_PARAMETERS
    return isinstance(parameters, list) and any(p == "username" or p == ["username"] for p in parameters)


def lockouts_for(usernames) -> dict[str, Lockout]:
    """One query: the lockout state of each of `usernames` that has recent failed attempts."""
    cool_off = get_cool_off()
    attempts = AccessAttempt.objects.filter(username__in=list(usernames))
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    rows = attempts.values("username").annotate(
        most=Max("failures_since_start"), total=Sum("failures_since_start"), last=Max("attempt_time")
    )
    limit, by_username = _failure_limit(), _username_alone_locks()
    states = {}
    for row in rows:
        locked = row["most"] >= limit or (by_username and row["total"] >= limit)
        until = row["last"] + cool_off if locked and cool_off is not None else None
        states[row["username"]] = Lockout(failures=row["total"], locked=locked, until=until)
    return states


def lockout_for(username: str) -> Lockout | None:
    return lockouts_for([username]).get(username)


def unlock(username: str) -> int:
    """Remove every failed-attempt record of `username` (all addresses); returns how many."""
    return reset(username=username)
