"""A user's signed-in sessions, found through `UserSession` (recorded at sign-in) and the database session
table (SESSION_ENGINE is the database backend, or cached_db with the table as the record; its expiry date moves
whenever hubal.middleware renews the session, so it also tells the last activity)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone

from .models import UserSession


@dataclass
class ActiveSession:
    pk: int
    started: dt.datetime
    last_seen: dt.datetime
    ip_address: str | None
    device: str
    current: bool


_BROWSERS = [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari")]
_SYSTEMS = [
    ("Android", "Android"),
    (r"iPhone|iPad", "iOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
]


def describe_device(user_agent: str) -> str:
    """'Chrome di Windows' from a User-Agent header; good enough to recognise one's own devices."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), "Peramban lain")
    system = next((name for pattern, name in _SYSTEMS if re.search(pattern, user_agent)), "")
    return f"{browser} di {system}" if system else browser


def active_sessions(user, *, current_key: str | None) -> list[ActiveSession]:
    """Two queries: the user's tracked sessions, then their expiry in the session table. Tracked rows whose
    session has ended are removed on the way."""
    tracked = list(UserSession.objects.filter(user=user))
    expiry = dict(
        Session.objects.filter(
            session_key__in=[t.session_key for t in tracked], expire_date__gt=timezone.now()
        ).values_list("session_key", "expire_date")
    )
    gone = [t.pk for t in tracked if t.session_key not in expiry]
    if gone:
        UserSession.objects.filter(pk__in=gone).delete()
    idle = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    rows = [
        ActiveSession(
            pk=t.pk,
            started=t.created_at,
            last_seen=expiry[t.session_key] - idle,
            ip_address=t.ip_address,
            device=describe_device(t.user_agent),
            current=t.session_key == current_key,
        )
        for t in tracked
        if t.session_key in expiry
    ]
    return sorted(rows, key=lambda row: (not row.current, -row.last_seen.timestamp()))


def _end(tracked) -> int:
    keys = list(tracked.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    _forget_cached(keys)
    tracked.delete()
    return len(keys)


def _forget_cached(keys: list[str]) -> None:
    """With the cached_db engine a session is read from the cache first: delete those copies too, or an
    ended session would live on until its cache entry expired."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    prefix = getattr(store, "cache_key_prefix", None)
    if prefix and keys:
        caches[settings.SESSION_CACHE_ALIAS].delete_many([prefix + key for key in keys])


@transaction.atomic
def end_others(user, *, keep_key: str | None) -> int:
    return _end(UserSession.objects.filter(user=user).exclude(session_key=keep_key or ""))


@transaction.atomic
def end_one(user, *, pk: int, keep_key: str | None) -> int:
    """End one of the user's own sessions (never the current one: that is "Keluar")."""
    return _end(UserSession.objects.filter(user=user, pk=pk).exclude(session_key=keep_key or ""))


@transaction.atomic
def end_all(user) -> int:
    return _end(UserSession.objects.filter(user=user))


def rekey(old_key: str | None, new_key: str | None) -> None:
    """Follow the session after Django cycled its key (update_session_auth_hash after a password change)."""
    if old_key and new_key and old_key != new_key:
        UserSession.objects.filter(session_key=old_key).update(session_key=new_key)
