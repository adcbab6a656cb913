"""The uploaded file between preview and confirm: a private file under MEDIA_ROOT/imports/<random>.<xlsx|csv>.

Only its random name is kept, in the uploader's session. It is never served, is created with mode 0600, is
size-checked again when reopened, is deleted after confirm or cancel, and any file older than a day is purged
(whenever someone opens the import page, and by `purge_stale`).
"""

from __future__ import annotations

import os
import re
import secrets
import time
from pathlib import Path

from django.conf import settings

from agencies.tabular import MAX_BYTES, FileRejected

MAX_AGE_SECONDS = 24 * 60 * 60
FORMATS = ("xlsx", "csv")
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
WORKING_SUFFIX = ".working"

MSG_EXPIRED = "Berkas unggahan sudah tidak tersedia (kedaluwarsa atau sudah diproses). Unggah lagi."


def upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _path(token: str, fmt: str) -> Path:
    if not _TOKEN.match(token or "") or fmt not in FORMATS:
        raise FileRejected(MSG_EXPIRED)
    return upload_dir() / f"{token}.{fmt}"


def stash(uploaded, fmt: str) -> str:
    """Copy the upload to a new private file; returns its random token."""
    token = secrets.token_hex(16)
    path = _path(token, fmt)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    uploaded.seek(0)
    with os.fdopen(fd, "wb") as out:
        for chunk in iter(lambda: uploaded.read(1024 * 1024), b""):
            out.write(chunk)
    uploaded.seek(0)
    return token


def open_stashed(token: str, fmt: str, *, working: bool = False):
    path = _path(token, fmt)
    if working:
        path = path.with_name(path.name + WORKING_SUFFIX)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise FileRejected(MSG_EXPIRED)
        return path.open("rb")
    except FileNotFoundError:
        raise FileRejected(MSG_EXPIRED) from None


def claim(token: str, fmt: str) -> None:
    """Take the file for a confirm: only one request can (a second, double-clicked confirm finds nothing)."""
    path = _path(token, fmt)
    try:
        path.rename(path.with_name(path.name + WORKING_SUFFIX))
    except FileNotFoundError:
        raise FileRejected(MSG_EXPIRED) from None


def release(token: str, fmt: str) -> None:
    """Give a claimed file back (the confirm found errors; the preview can show them again)."""
    path = _path(token, fmt)
    path.with_name(path.name + WORKING_SUFFIX).rename(path)


def discard(token: str, fmt: str) -> None:
    try:
        path = _path(token, fmt)
    except FileRejected:
        return
    for candidate in (path, path.with_name(path.name + WORKING_SUFFIX)):
        candidate.unlink(missing_ok=True)


def purge_stale(now: float | None = None) -> int:
    """Delete uploads older than a day; returns how many."""
    limit = (now or time.time()) - MAX_AGE_SECONDS
    removed = 0
    for path in upload_dir().iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed
