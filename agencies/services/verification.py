"""Tiered verification: submit, verify, return, one by one or in bulk; undo a verification shortly after.

Each service is one transaction. The office is told by e-mail (verify, return), queued with
`transaction.on_commit` by `agencies.notifications`, so a rolled-back action never mails anyone.
`base_url` is the base of the links in those e-mails (the request's host when a view calls).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from agencies import notifications, permissions
from agencies.choices import VerificationAction, VerificationStatus
from agencies.figures import bump_data_version
from agencies.models import Activity, Agreement, ImportBatch, VerificationEvent, record_model

from .bulk_history import BATCH, bulk_history_with_links
from .common import log_event

MSG_NOT_SUBMITTABLE = "Hanya data berstatus draf atau dikembalikan yang dapat diajukan."
MSG_NOT_PENDING = "Hanya data yang sedang diajukan yang dapat diverifikasi atau dikembalikan."
MSG_RETURN_NOTE = "Catatan pengembalian wajib diisi agar kantor tahu apa yang harus diperbaiki."

# Undo: a slip of the finger is caught within minutes; after that the record is taken back by editing it.
UNDO_MINUTES = 10
MSG_UNDO_NOT_VERIFIED = "Hanya data terverifikasi yang verifikasinya dapat dibatalkan."
MSG_UNDO_NOT_YOURS = "Hanya verifikator yang memverifikasi data ini yang dapat membatalkan verifikasinya."
MSG_UNDO_TOO_LATE = (
    f"Verifikasi hanya dapat dibatalkan dalam {UNDO_MINUTES} menit setelah diverifikasi; batas waktunya telah lewat."
)

# Checks that other apps register (reports: a ranking published since the verification). Each returns the
# reason the undo is refused, or None. agencies never imports reports, so reports registers its check here.
UndoGuard = Callable[[Agreement | Activity], str | None]
_undo_guards: list[UndoGuard] = []


def register_undo_guard(guard: UndoGuard) -> None:
    if guard not in _undo_guards:
        _undo_guards.append(guard)


def _lock(record: Agreement | Activity) -> None:
    """Re-read the state under a row lock, so that two people acting on one record at once cannot both
    pass the state check."""
    fields = ("verification_status", "verified_at", "verified_by_id")
    locked = type(record).objects.select_for_update().only(*fields).get(pk=record.pk)
    for name in fields:
        setattr(record, name, getattr(locked, name))


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


def undo_deadline(record: Agreement | Activity) -> dt.datetime | None:
    """Until when the verifier who verified the record may undo it."""
    if record.verified_at is None:
        return None
    return record.verified_at + dt.timedelta(minutes=UNDO_MINUTES)


def undoable(user, record: Agreement | Activity, *, now: dt.datetime) -> bool:
    """Offer the undo button? (The service checks again, and asks the registered guards.)"""
    deadline = undo_deadline(record)
    return (
        record.verification_status == VerificationStatus.VERIFIED
        and permissions.can_undo_verification(user, record)
        and deadline is not None
        and now <= deadline
    )


def undo_until(user, record: Agreement | Activity) -> dt.datetime | None:
    """The deadline to show beside the undo button, or None when the user may not undo now."""
    return undo_deadline(record) if undoable(user, record, now=timezone.now()) else None


@transaction.atomic
def record_verification_undo(*, user, record: Agreement | Activity) -> Agreement | Activity:
    """Take a verification back within `UNDO_MINUTES`: the record returns to the queue (submitted), the trail
    keeps both events. Only the verifier who verified it, and only while nothing depends on it."""
    if not permissions.can_verify(user):
        raise PermissionDenied
    _lock(record)
    if record.verification_status != VerificationStatus.VERIFIED:
        raise ValidationError(MSG_UNDO_NOT_VERIFIED, code="not_verified")
    if not permissions.can_undo_verification(user, record):
        raise ValidationError(MSG_UNDO_NOT_YOURS, code="not_yours")
    if not undoable(user, record, now=timezone.now()):
        raise ValidationError(MSG_UNDO_TOO_LATE, code="too_late")
    for guard in _undo_guards:
        reason = guard(record)
        if reason:
            raise ValidationError(reason, code="depended_on")
    record.verification_status = VerificationStatus.SUBMITTED
    record.verified_at = None
    record.verified_by = None
    record.save(update_fields=["verification_status", "verified_at", "verified_by", "updated_at"])
    log_event(record, VerificationAction.UNDO, user, "")
    bump_data_version()  # a verified record counted in the figures; now it is pending again
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
def import_batch_submit(*, user, batch: ImportBatch) -> BulkResult:
    """ "Ajukan semua": submit every draft or returned record of one import batch, in one transaction, in bulk
    (an import may hold thousands): the rows locked, updated together, one history row (with its partner links)
    and one `submit` event each, as a one-by-one submit leaves them. Records already submitted or verified are
    skipped."""
    if not permissions.can_submit_batch(user, batch):
        raise PermissionDenied
    model = record_model(batch.record_kind)
    in_batch = permissions.scope(user, model.objects.filter(import_batch=batch))
    total = in_batch.count()
    editable = (VerificationStatus.DRAFT, VerificationStatus.RETURNED)
    records = list(in_batch.filter(verification_status__in=editable).select_for_update(of=("self",)).order_by("pk"))
    now = timezone.now()
    for record in records:
        record.verification_status, record.submitted_at, record.updated_at = VerificationStatus.SUBMITTED, now, now
    pks = [record.pk for record in records]
    for start in range(0, len(pks), BATCH):  # the same values for all: a plain UPDATE per batch
        model.objects.filter(pk__in=pks[start : start + BATCH]).update(
            verification_status=VerificationStatus.SUBMITTED, submitted_at=now, updated_at=now
        )
    bulk_history_with_links(model, records, user=user)
    events = [
        VerificationEvent(**{model.record_kind: record}, action=VerificationAction.SUBMIT, actor=user, created_at=now)
        for record in records
    ]
    VerificationEvent.objects.bulk_create(events, batch_size=BATCH)
    if records:
        bump_data_version()  # submitted records count as pending in the ranking
    return BulkResult(done=records, skipped=total - len(records))


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
