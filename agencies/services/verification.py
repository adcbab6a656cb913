"""Tiered verification: submit, verify, return, one by one or in bulk.

Each service is one transaction. The office is told by e-mail (verify, return), queued with
`transaction.on_commit` by `agencies.notifications`, so a rolled-back action never mails anyone.
`base_url` is the base of the links in those e-mails (the request's host when a view calls).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from agencies import notifications, permissions
from agencies.choices import VerificationAction, VerificationStatus
from agencies.figures import bump_data_version
from agencies.models import Activity, Agreement, record_model

from .common import log_event

MSG_NOT_SUBMITTABLE = "Hanya data berstatus draf atau dikembalikan yang dapat diajukan."
MSG_NOT_PENDING = "Hanya data yang sedang diajukan yang dapat diverifikasi atau dikembalikan."
MSG_RETURN_NOTE = "Catatan pengembalian wajib diisi agar kantor tahu apa yang harus diperbaiki."


def _lock(record: Agreement | Activity) -> None:
    """Re-read the state under a row lock, so that two people acting on one record at once cannot both
    pass the state check."""
    locked = type(record).objects.select_for_update().only("verification_status").get(pk=record.pk)
    record.verification_status = locked.verification_status


@transaction.atomic
def record_submit(*, user, record: Agreement | Activity) -> Agreement | Activity:
    if not permissions.can_edit(user, record):
        raise PermissionDenied
    _lock(record)
    _submit(user, record)
    bump_data_version()  # submitted records count as pending in the ranking
    return record


def _submit(user, record: Agreement | Activity) -> Agreement | Activity:
    if not record.is_editable_state:
        raise ValidationError(MSG_NOT_SUBMITTABLE, code="not_submittable")
    record.verification_status = VerificationStatus.SUBMITTED
    record.submitted_at = timezone.now()
    record.save(update_fields=["verification_status", "submitted_at", "updated_at"])
    log_event(record, VerificationAction.SUBMIT, user, "")
    return record


def _verify(user, record: Agreement | Activity) -> Agreement | Activity:
    if record.verification_status != VerificationStatus.SUBMITTED:
        raise ValidationError(MSG_NOT_PENDING, code="not_pending")
    record.verification_status = VerificationStatus.VERIFIED
    record.verified_at = timezone.now()
    record.verified_by = user
    record.return_note = ""
    record.save(update_fields=["verification_status", "verified_at", "verified_by", "return_note", "updated_at"])
    log_event(record, VerificationAction.VERIFY, user, "")
    return record


@transaction.atomic
def record_verify(*, user, record: Agreement | Activity, base_url: str | None = None) -> Agreement | Activity:
    """Verify one submitted record and, on commit, tell its office."""
    if not permissions.can_verify(user):
        raise PermissionDenied
    _lock(record)
    _verify(user, record)
    bump_data_version()
    notifications.records_verified([record], actor=user, base_url=base_url)
    return record


@transaction.atomic
def record_return(
    *, user, record: Agreement | Activity, note: str, base_url: str | None = None
) -> Agreement | Activity:
    """Send a submitted record back with a note and, on commit, tell its office."""
    if not permissions.can_verify(user):
        raise PermissionDenied
    _lock(record)
    if record.verification_status != VerificationStatus.SUBMITTED:
        raise ValidationError(MSG_NOT_PENDING, code="not_pending")
    if not (note or "").strip():
        raise ValidationError({"note": MSG_RETURN_NOTE})
    record.verification_status = VerificationStatus.RETURNED
    record.return_note = note.strip()
    record.save(update_fields=["verification_status", "return_note", "updated_at"])
    log_event(record, VerificationAction.RETURN, user, note.strip())
    bump_data_version()
    notifications.record_returned(record, actor=user, base_url=base_url)
    return record


@dataclass
class BulkResult:
    """What a bulk action changed; `skipped` counts ids that were foreign, unknown or in the wrong state."""

    done: list = field(default_factory=list)
    skipped: int = 0

    @property
    def done_count(self) -> int:
        return len(self.done)


def _locked(user, kind: str, ids: list[int]) -> list:
    """The requested records the user may see, locked for the transaction; outsiders' ids simply vanish."""
    qs = record_model(kind).objects.filter(pk__in=set(ids)).select_related("office").select_for_update(of=("self",))
    return list(permissions.scope(user, qs).order_by("pk"))


@transaction.atomic
def bulk_submit(*, user, kind: str, ids: list[int]) -> BulkResult:
    """Submit every requested record the user may edit that is a draft or returned; skip the rest."""
    result = BulkResult()
    for record in _locked(user, kind, ids):
        if permissions.can_edit(user, record) and record.is_editable_state:
            result.done.append(_submit(user, record))
    result.skipped = len(set(ids)) - result.done_count
    if result.done:
        bump_data_version()
    return result


@transaction.atomic
def bulk_verify(*, user, kind: str, ids: list[int], base_url: str | None = None) -> BulkResult:
    """Verify every requested record that is waiting in the queue, skip the rest; on commit, one e-mail
    per office lists its records just verified."""
    if not permissions.can_verify(user):
        raise PermissionDenied
    result = BulkResult()
    for record in _locked(user, kind, ids):
        if record.verification_status == VerificationStatus.SUBMITTED:
            result.done.append(_verify(user, record))
    result.skipped = len(set(ids)) - result.done_count
    if result.done:
        bump_data_version()
    notifications.records_verified(result.done, actor=user, base_url=base_url)
    return result
