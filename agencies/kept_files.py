"""Evidence files kept across a failed submit of a record form.

Browsers cannot re-fill a file input, so a form that comes back with an error would lose the files the user
chose. Instead, every file that passed the one file check (`agencies/files.py`, through `check_uploads`) is
stashed with the one stash (`agencies/tabular_stash.py`, area `kept`: default storage, bound to the user,
expiring after `MAX_AGE`) and shown on the form as attached, with a remove button. The form sends back the
tokens of the files still attached (`kept_files`); only tokens this session stashed count, and the files are
checked again before they are stored. After a successful save the stashes are deleted.

    kept = kept_files.chosen(request)                   # the files still attached, from the POST
    files = kept_files.reopen(request, kept)            # ValidationError({"files": …}) when one expired
    kept += kept_files.keep(request, checked_uploads)   # on an error: stash the new good files
    kept_files.release(request, kept)                   # after the save
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils import timezone

from . import tabular_stash
from .evidence import safe_original_name
from .tabular import FileRejected

SESSION_KEY = "hubal_kept_files"
FIELD = "kept_files"
MAX_KEPT = 20
MSG_KEPT_GONE = "{name}: berkas yang dilampirkan sebelumnya sudah kedaluwarsa (lebih dari 1 jam). Pilih lagi."


@dataclass(frozen=True)
class KeptFile:
    """A file stashed for the next submit: its token and what the form shows."""

    token: str
    name: str
    size: int


def _known(request) -> dict:
    known = request.session.get(SESSION_KEY)
    return known if isinstance(known, dict) else {}


def chosen(request) -> list[KeptFile]:
    """The kept files the POST still attaches: tokens this session stashed, each once, at most `MAX_KEPT`."""
    if request.method != "POST":
        return []
    known, kept = _known(request), []
    for token in dict.fromkeys(request.POST.getlist(FIELD)):
        meta = known.get(token)
        if isinstance(meta, dict) and len(kept) < MAX_KEPT:
            kept.append(KeptFile(token, str(meta.get("name", "")), int(meta.get("size", 0))))
    return kept


def keep(request, uploads, *, slot: str = "") -> list[KeptFile]:
    """Stash every upload (already checked) for the next submit; returns them as kept files. `slot` names the
    form that shows them after a redirect (the upload form of a record page, `for_slot`)."""
    known, kept = _fresh(_known(request)), []
    for upload in uploads:
        raw = getattr(upload, "file", upload)
        name = safe_original_name(getattr(raw, "name", ""))
        token = tabular_stash.stash(raw, user=request.user, area=tabular_stash.KEPT)
        size = getattr(raw, "size", 0) or 0
        known[token] = {"name": name, "size": size, "slot": slot}
        kept.append(KeptFile(token, name, size))
    request.session[SESSION_KEY] = known
    return kept


def for_slot(request, slot: str) -> list[KeptFile]:
    """The files kept for the form named `slot` (shown again after a redirect)."""
    return [
        KeptFile(token, str(meta.get("name", "")), int(meta.get("size", 0)))
        for token, meta in _fresh(_known(request)).items()
        if isinstance(meta, dict) and meta.get("slot") == slot
    ][:MAX_KEPT]


def reopen(request, kept: list[KeptFile]) -> list[File]:
    """The stashed files, named as the user named them, to be checked and stored with the new ones."""
    files, gone = [], []
    for item in kept:
        try:
            stored = tabular_stash.open_stash(
                item.token, user=request.user, area=tabular_stash.KEPT, max_bytes=settings.EVIDENCE_MAX_BYTES
            )
        except FileRejected:
            gone.append(item)
            continue
        files.append(File(stored, name=item.name))
    if gone:
        for fileobj in files:
            fileobj.close()
        forget(request, gone)
        raise ValidationError({"files": [MSG_KEPT_GONE.format(name=item.name) for item in gone]})
    return files


def _fresh(known: dict) -> dict:
    """The session's entries whose stash may still exist (the token starts with its creation time)."""
    oldest = timezone.now() - tabular_stash.MAX_AGE
    return {t: m for t, m in known.items() if t[:10].isdigit() and int(t[:10]) >= oldest.timestamp()}


def forget(request, kept: list[KeptFile]) -> None:
    if not kept:
        return  # nothing to forget: leave the session unmodified (no session write on every record save)
    known = _known(request)
    for item in kept:
        known.pop(item.token, None)
    request.session[SESSION_KEY] = known


def release(request, kept: list[KeptFile], files=()) -> None:
    """After a save (or a remove): close the reopened files and delete the stashes."""
    for fileobj in files:
        fileobj.close()
    for item in kept:
        tabular_stash.discard(item.token, user=request.user, area=tabular_stash.KEPT)
    forget(request, kept)
