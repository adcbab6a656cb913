"""The one stash of uploaded files kept between two requests: preview → confirm of every import (records, IKP,
targets, accounts), and files kept across a failed submit of a form (`agencies/kept_files.py`).

    token = stash(uploaded, user=user)                  # after the file passed the reader and the preview
    request.session[KEY] = {"token": token, ...}        # the session keeps the token, never the rows
    with confirming(token, user=user) as claim:         # on confirm: the stashed file, claimed once
        rows = read_upload(claim.file, COLUMNS)         # re-read and re-validated inside the transaction
    discard(token, user=user)                           # on cancel or a new upload

The file is kept through Django's default storage under a private prefix, one per area (`imports/` for
imports, `kept/` for form files; never served: MEDIA_URL is not routed), named by the uploader's id and a token (its creation time and 128 random bits), so another
user's token names no file. A stash older than `MAX_AGE` is gone ("kedaluwarsa"); every new stash purges the
stale ones. A confirm claims the stash first (cache and marker file, `_claim`), so a double-clicked confirm finds
nothing to do, even when the two clicks reach two app servers.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from .tabular import MAX_BYTES, FileRejected

PREFIX = "imports"
KEPT = "kept"  # evidence files kept across a failed submit of a record form
AREAS = (PREFIX, KEPT)
MAX_AGE = dt.timedelta(hours=1)
CLAIM_SUFFIX = ".claim"
_TOKEN = re.compile(r"^(?P<created>[0-9]{10})-[0-9a-f]{32}$")
_NAME = re.compile(r"^[0-9]+-(?P<token>[0-9]{10}-[0-9a-f]{32})(\.claim)?$")

MSG_EXPIRED = "Berkas unggahan sudah tidak tersedia (kedaluwarsa atau sudah diproses). Unggah lagi."


def _name(token: str, user, area: str = PREFIX) -> str:
    if not _TOKEN.match(token or "") or not getattr(user, "pk", None) or area not in AREAS:
        raise FileRejected(MSG_EXPIRED)
    return f"{area}/{user.pk}-{token}"


def _expired(name: str, now: dt.datetime) -> bool:
    """Older than MAX_AGE by the time in its token (the portal's clock) or by the storage's modified time."""
    match = _NAME.match(name.rsplit("/", 1)[-1])
    if match is None:
        return True
    created = dt.datetime.fromtimestamp(int(match["token"].split("-")[0]), tz=dt.UTC)
    try:
        modified = default_storage.get_modified_time(name)
    except (FileNotFoundError, OSError):
        return True
    return min(created, modified) < now - MAX_AGE


def stash(uploaded, *, user, area: str = PREFIX) -> str:
    """Keep a copy of the upload for a later request (the confirm, the next submit); returns its random token."""
    purge_stale()
    token = f"{int(timezone.now().timestamp()):010d}-{secrets.token_hex(16)}"
    uploaded.seek(0)
    saved = default_storage.save(_name(token, user, area), File(uploaded))
    uploaded.seek(0)
    _make_private(saved)
    return token


def _make_private(name: str) -> None:
    """On the file system the stash is readable by the portal's own user only."""
    with suppress(NotImplementedError):
        os.chmod(default_storage.path(name), 0o600)


def open_stash(token: str, *, user, area: str = PREFIX, max_bytes: int = MAX_BYTES) -> File:
    """The stashed file, or FileRejected(MSG_EXPIRED) when it is gone, too old, or not this user's."""
    name = _name(token, user, area)
    if _expired(name, timezone.now()):
        discard(token, user=user, area=area)
        raise FileRejected(MSG_EXPIRED)
    if default_storage.size(name) > max_bytes:
        raise FileRejected(MSG_EXPIRED)
    return default_storage.open(name, "rb")


@dataclass
class Claim:
    """A stash taken by one confirm. `keep = True` gives it back at the end (the preview may show it again)."""

    file: File
    keep: bool = False


@contextmanager
def confirming(token: str, *, user) -> Iterator[Claim]:
    """Claim the stash, open it and run the block in one transaction. The stash is deleted when the block ends,
    unless it raised or set `claim.keep`; then it is released for the preview."""
    name = _name(token, user)
    fileobj = open_stash(token, user=user)
    marker = _claim(name)
    if marker is None:  # another confirm holds it
        fileobj.close()
        raise FileRejected(MSG_EXPIRED)
    claim = Claim(fileobj)
    try:
        with fileobj, transaction.atomic():
            yield claim
    except BaseException:
        _release(name, marker)
        raise
    if claim.keep:
        _release(name, marker)
    else:
        discard(token, user=user)


def _claim(name: str) -> str | None:
    """Take the stash for one confirm: an atomic add in the cache (shared by every app server when CACHE_URL
    names Redis) and a marker file (atomic on the file system, where a name is created exclusively; object
    stores have no such create, hence the cache). Returns the marker's name, or None when already taken."""
    if not cache.add(_claim_key(name), 1, int(MAX_AGE.total_seconds())):
        return None
    marker = default_storage.save(name + CLAIM_SUFFIX, ContentFile(b""))
    if marker != name + CLAIM_SUFFIX:
        default_storage.delete(marker)
        cache.delete(_claim_key(name))
        return None
    return marker


def _release(name: str, marker: str) -> None:
    default_storage.delete(marker)
    cache.delete(_claim_key(name))


def _claim_key(name: str) -> str:
    return f"imports:claim:{name}"


def discard(token: str, *, user, area: str = PREFIX) -> None:
    try:
        name = _name(token, user, area)
    except FileRejected:
        return
    for candidate in (name, name + CLAIM_SUFFIX):
        default_storage.delete(candidate)


def purge_stale(now: dt.datetime | None = None) -> int:
    """Delete stashes (and claim markers) of every area older than `MAX_AGE`; returns how many."""
    now = now or timezone.now()
    stale = []
    for area in AREAS:
        try:
            _dirs, names = default_storage.listdir(area)
        except FileNotFoundError:
            continue
        stale += [f"{area}/{name}" for name in names if _expired(f"{area}/{name}", now)]
    for name in stale:
        default_storage.delete(name)
    return len(stale)


# The session side: one key per import, holding the token and what the pages show (a name, a year).


def remember(session, key: str, token: str, **shown) -> None:
    session[key] = {"token": token, **shown}


def pending(session, key: str) -> dict | None:
    state = session.get(key)
    return state if isinstance(state, dict) and state.get("token") else None


def forget(session, key: str, *, user) -> None:
    """Drop the pending import of `key` and its stash (cancel, done, or replaced by a new upload)."""
    state = session.pop(key, None)
    if isinstance(state, dict):
        discard(state.get("token", ""), user=user)
