"""Writes of evidence files: add several at once (all or nothing), delete.

Each uploaded file is checked once (`check_uploads`): the form does it to show every error at once and
hands the result on as `CheckedUpload`s; a caller below the forms (an import, a script) may pass raw
files, which the service checks itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from agencies import permissions
from agencies.evidence import SniffedFile, safe_original_name, validate_evidence_file
from agencies.figures import bump_data_version
from agencies.models import Activity, Agreement, Evidence, TombstoneType

from .common import reopen_if_needed
from .tombstones import tombstones_add


@dataclass(frozen=True)
class CheckedUpload:
    """An uploaded file together with the result of its one content check."""

    file: Any
    sniffed: SniffedFile

    @property
    def name(self) -> str:
        return self.sniffed.safe_name


def check_uploads(files: Iterable) -> list[CheckedUpload]:
    """Check every file; refuse the batch with every file's errors, each prefixed with the file's name."""
    checked, errors = [], []
    for uploaded in files:
        if isinstance(uploaded, CheckedUpload):
            checked.append(uploaded)
            continue
        try:
            checked.append(CheckedUpload(uploaded, validate_evidence_file(uploaded)))
        except ValidationError as exc:
            name = safe_original_name(getattr(uploaded, "name", ""))
            errors += [f"{name}: {message}" for message in exc.messages]
    if errors:
        raise ValidationError({"files": errors})
    return checked


def _store_evidence(*, user, record: Agreement | Activity, upload: CheckedUpload, kind: str) -> Evidence:
    sniffed = upload.sniffed
    evidence = Evidence(
        office=record.office,
        kind=kind,
        original_name=sniffed.safe_name,
        size=sniffed.size,
        content_type=sniffed.content_type,
        sha256=sniffed.sha256,
        uploaded_by=user,
        **{record.record_kind: record},
    )
    evidence.full_clean(exclude=["file"])
    evidence.file.save("upload", sniffed.content(upload.file), save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence


@transaction.atomic
def evidence_add_many(*, user, record: Agreement | Activity, files: Iterable, kind: str) -> list[Evidence]:
    """All or nothing: one refused file stores none (the error names it). `files` are `CheckedUpload`s
    from the form, or raw files checked here. Adding evidence changes the record, so a submitted or verified
    record goes back to draft."""
    if not permissions.can_edit(user, record):
        raise PermissionDenied
    checked = check_uploads(files)
    stored: list[Evidence] = []
    try:
        for upload in checked:
            stored.append(_store_evidence(user=user, record=record, upload=upload, kind=kind))
        if stored:
            _reopen_and_save(record, user)
    except Exception:
        for evidence in stored:
            evidence.file.delete(save=False)
        raise
    return stored


def _reopen_and_save(record: Agreement | Activity, user) -> None:
    if reopen_if_needed(record, user):
        record.save(update_fields=["verification_status", "verified_at", "verified_by", "updated_at"])
        bump_data_version()  # it was submitted or verified: it counted in a figure


@transaction.atomic
def evidence_delete(*, user, evidence: Evidence) -> None:
    """Remove one evidence file (history keeps the row, a tombstone tells mirrors); its record goes back to draft
    if it was submitted."""
    if not permissions.can_edit(user, evidence):
        raise PermissionDenied
    record = evidence.parent
    path = evidence.file.name
    storage = evidence.file.storage
    deleted = (evidence.pk, evidence.office_id)
    evidence._history_user = user
    evidence.delete()
    tombstones_add(record_type=TombstoneType.EVIDENCE, rows=[deleted])
    _reopen_and_save(record, user)
    transaction.on_commit(lambda: delete_stored_file(storage, path))


def delete_stored_file(storage, path: str) -> None:
    # Demo rows share two sample files: never delete a file another row still points to.
    if path and not Evidence.objects.filter(file=path).exists():
        storage.delete(path)
