"""The signed-in user and their office, read from the shared cache instead of the database on every request.

Every signed-in request loads its user (accounts.backends.ModelBackend.get_user: the user and the office in one
query). Building and compiling that query costs about 0.65 ms of CPU, several times the query itself; a read
from the shared cache costs about 0.1 ms (hubal/cache.py). Here the user is kept in the cache, keyed by its
primary key, for `HUBAL_USER_CACHE_SECONDS` (0: off).

Never stale:
- Every save or delete of a user, and every save or delete of an office (for its users), forgets the cached
  copies: at once, and again when the transaction commits (a request reading between the two would otherwise put
  the old row back). The one bulk write to users, the sign-in time (accounts.signals.record_login), forgets too.
- Only with a cache shared by every process (Redis): with a per-process cache one worker could not forget what
  another holds, so hubal/settings.py turns it off there (the embedded default).
- Each request unpickles its own copy; permission caches that Django sets on a user (`_perm_cache`) are never
  stored, because the copy is stored right after it is read from the database.
- The key holds the field names of the user and office models: a deploy that changes them never reads an older
  copy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import cache

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.db import transaction

PREFIX = "hubal:user"


@cache
def _layout() -> str:
    from agencies.models import Office, User

    names = [field.attname for model in (User, Office) for field in model._meta.concrete_fields]
    return hashlib.sha256(" ".join(names).encode()).hexdigest()[:12]


def user_key(pk: object) -> str:
    return f"{PREFIX}:{_layout()}:{pk}"


def enabled() -> bool:
    return settings.HUBAL_USER_CACHE_SECONDS > 0


def cached_user(pk: object, load: Callable[[], object | None]):
    """The user `pk` from the cache, or `load()` (stored for the next request when it found one)."""
    if not enabled():
        return load()
    key = user_key(pk)
    user = shared_cache.get(key)
    if user is None:
        user = load()
        if user is not None:
            shared_cache.set(key, user, settings.HUBAL_USER_CACHE_SECONDS)
    return user


def forget_users(pks: Iterable[object]) -> None:
    """Drop the cached copies of these users now and when the current transaction commits."""
    if not enabled():
        return
    keys = [user_key(pk) for pk in pks]
    if not keys:
        return
    shared_cache.delete_many(keys)
    transaction.on_commit(lambda: shared_cache.delete_many(keys))


def user_changed(sender, instance, **kwargs) -> None:
    forget_users([instance.pk])


def office_changed(sender, instance, **kwargs) -> None:
    if enabled():
        forget_users(instance.users.values_list("pk", flat=True))
