"""Writes of the agencies app. Each service is one transaction and validates with full_clean()."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import permissions
from .choices import VerificationAction, VerificationStatus
from .evidence import safe_original_name, validate_evidence_file
from .models import Activity, Agreement, Evidence, Office, Partner, VerificationEvent

MSG_STALE = (
    "Data ini telah diubah oleh pengguna lain sejak Anda membukanya. "
    "Muat ulang halaman untuk melihat versi terbaru; perubahan Anda belum disimpan."
)
MSG_NOT_SUBMITTABLE = "Hanya data berstatus draf atau dikembalikan yang dapat diajukan."
MSG_NOT_PENDING = "Hanya data yang sedang diajukan yang dapat diverifikasi atau dikembalikan."
MSG_RETURN_NOTE = "Catatan pengembalian wajib diisi agar kantor tahu apa yang harus diperbaiki."
MSG_NO_PARTNER = "Pilih minimal satu lembaga mitra."


class StaleVersionError(ValidationError):
    """Raised when a record changed since the form was opened (optimistic locking)."""

    def __init__(self):
        super().__init__(MSG_STALE, code="stale")


def _bump_version(obj, expected_version: int | None) -> None:
    """Claim the next version atomically; refuse if someone saved in between."""
    qs = type(obj).objects.filter(pk=obj.pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    if qs.update(version=F("version") + 1) != 1:
        raise StaleVersionError()
    obj.version = (expected_version or obj.version) + 1


def _set_fields(obj, data: dict) -> None:
    for name, value in data.items():
        setattr(obj, name, value)


# Partners -----------------------------------------------------------------------------------------


@transaction.atomic
def partner_create(*, user, data: dict) -> Partner:
    if not permissions.can_register_partner(user):
        raise PermissionDenied
    partner = Partner(registered_by=user.office or Office.objects.province(), **data)
    partner.full_clean()
    partner.save()
    return partner


@transaction.atomic
def partner_update(*, user, partner: Partner, data: dict, expected_version: int | None = None) -> Partner:
    if not permissions.can_edit(user, partner):
        raise PermissionDenied
    _set_fields(partner, data)
    partner.full_clean()
    _bump_version(partner, expected_version)
    partner.save()
    return partner


# Agreements and activities ------------------------------------------------------------------------


def _check_partners(partners: Iterable[Partner]) -> list[Partner]:
    partners = list(partners)
    if not partners:
        raise ValidationError({"partners": MSG_NO_PARTNER})
    return partners


def _reopen_if_needed(obj, user) -> None:
    """Editing a submitted or verified record takes it back to draft: it must be verified again,
    so that a changed record never keeps counting as verified silently."""
    if obj.verification_status in (VerificationStatus.SUBMITTED, VerificationStatus.VERIFIED):
        obj.verification_status = VerificationStatus.DRAFT
        obj.verified_at = None
        obj.verified_by = None
        _log(obj, VerificationAction.REOPEN, user, "")


def _log(obj, action: str, user, note: str) -> VerificationEvent:
    key = "agreement" if isinstance(obj, Agreement) else "activity"
    return VerificationEvent.objects.create(**{key: obj}, action=action, actor=user, note=note)


@transaction.atomic
def agreement_create(*, user, office: Office, data: dict, partners: Iterable[Partner]) -> Agreement:
    if not permissions.can_create_in(user, office):
        raise PermissionDenied
    partners = _check_partners(partners)
    agreement = Agreement(office=office, created_by=user, **data)
    agreement.full_clean()
    agreement.save()
    agreement.partners.set(partners)
    return agreement


@transaction.atomic
def agreement_update(
    *,
    user,
    agreement: Agreement,
    data: dict,
    partners: Iterable[Partner] | None = None,
    expected_version: int | None = None,
) -> Agreement:
    if not permissions.can_edit(user, agreement):
        raise PermissionDenied
    _set_fields(agreement, data)
    agreement.full_clean()
    _bump_version(agreement, expected_version)
    _reopen_if_needed(agreement, user)
    agreement.save()
    if partners is not None:
        agreement.partners.set(_check_partners(partners))
    return agreement


@transaction.atomic
def activity_create(*, user, office: Office, data: dict, partners: Iterable[Partner]) -> Activity:
    if not permissions.can_create_in(user, office):
        raise PermissionDenied
    partners = _check_partners(partners)
    activity = Activity(office=office, created_by=user, **data)
    activity.full_clean()
    activity.save()
    activity.partners.set(partners)
    return activity


@transaction.atomic
def activity_update(
    *,
    user,
    activity: Activity,
    data: dict,
    partners: Iterable[Partner] | None = None,
    expected_version: int | None = None,
) -> Activity:
    if not permissions.can_edit(user, activity):
        raise PermissionDenied
    _set_fields(activity, data)
    activity.full_clean()
    _bump_version(activity, expected_version)
    _reopen_if_needed(activity, user)
    activity.save()
    if partners is not None:
        activity.partners.set(_check_partners(partners))
    return activity


# Verification -------------------------------------------------------------------------------------


@transaction.atomic
def record_submit(*, user, record: Agreement | Activity) -> Agreement | Activity:
    if not permissions.can_edit(user, record):
        raise PermissionDenied
    if not record.is_editable_state:
        raise ValidationError(MSG_NOT_SUBMITTABLE, code="not_submittable")
    record.verification_status = VerificationStatus.SUBMITTED
    record.submitted_at = timezone.now()
    record.save(update_fields=["verification_status", "submitted_at", "updated_at"])
    _log(record, VerificationAction.SUBMIT, user, "")
    return record


@transaction.atomic
def record_verify(*, user, record: Agreement | Activity) -> Agreement | Activity:
    if not permissions.can_verify(user):
        raise PermissionDenied
    if record.verification_status != VerificationStatus.SUBMITTED:
        raise ValidationError(MSG_NOT_PENDING, code="not_pending")
    record.verification_status = VerificationStatus.VERIFIED
    record.verified_at = timezone.now()
    record.verified_by = user
    record.return_note = ""
    record.save(update_fields=["verification_status", "verified_at", "verified_by", "return_note", "updated_at"])
    _log(record, VerificationAction.VERIFY, user, "")
    return record


@transaction.atomic
def record_return(*, user, record: Agreement | Activity, note: str) -> Agreement | Activity:
    if not permissions.can_verify(user):
        raise PermissionDenied
    if record.verification_status != VerificationStatus.SUBMITTED:
        raise ValidationError(MSG_NOT_PENDING, code="not_pending")
    if not (note or "").strip():
        raise ValidationError({"note": MSG_RETURN_NOTE})
    record.verification_status = VerificationStatus.RETURNED
    record.return_note = note.strip()
    record.save(update_fields=["verification_status", "return_note", "updated_at"])
    _log(record, VerificationAction.RETURN, user, note.strip())
    return record


# Evidence -----------------------------------------------------------------------------------------


def _store_evidence(*, user, record: Agreement | Activity, uploaded, sniffed, kind: str) -> Evidence:
    key = "agreement" if isinstance(record, Agreement) else "activity"
    evidence = Evidence(
        office=record.office,
        kind=kind,
        original_name=sniffed.safe_name,
        size=sniffed.size,
        content_type=sniffed.content_type,
        sha256=sniffed.sha256,
        uploaded_by=user,
        **{key: record},
    )
    evidence.full_clean(exclude=["file"])
    evidence.file.save("upload", uploaded, save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence


@transaction.atomic
def evidence_add(*, user, record: Agreement | Activity, uploaded, kind: str) -> Evidence:
    """Validate the bytes, store under a random name, and attach to `record`."""
    if not permissions.can_edit(user, record):
        raise PermissionDenied
    sniffed = validate_evidence_file(uploaded)
    return _store_evidence(user=user, record=record, uploaded=uploaded, sniffed=sniffed, kind=kind)


def _delete_files_on_rollback(stored: list[Evidence]) -> None:
    for evidence in stored:
        evidence.file.delete(save=False)


@transaction.atomic
def evidence_add_many(*, user, record: Agreement | Activity, files: Iterable, kind: str) -> list[Evidence]:
    """All or nothing: every file is checked first; one refused file stores none (the error names it).
    Adding evidence changes the record, so a submitted or verified record goes back to draft."""
    if not permissions.can_edit(user, record):
        raise PermissionDenied
    files = list(files)
    checked, errors = [], []
    for uploaded in files:
        try:
            checked.append((uploaded, validate_evidence_file(uploaded)))
        except ValidationError as exc:
            name = safe_original_name(getattr(uploaded, "name", ""))
            errors += [f"{name}: {message}" for message in exc.messages]
    if errors:
        raise ValidationError({"files": errors})
    stored: list[Evidence] = []
    try:
        for uploaded, sniffed in checked:
            stored.append(_store_evidence(user=user, record=record, uploaded=uploaded, sniffed=sniffed, kind=kind))
        if stored:
            _reopen_and_save(record, user)
    except Exception:
        _delete_files_on_rollback(stored)
        raise
    return stored


def _reopen_and_save(record: Agreement | Activity, user) -> None:
    if record.verification_status in (VerificationStatus.SUBMITTED, VerificationStatus.VERIFIED):
        _reopen_if_needed(record, user)
        record.save(update_fields=["verification_status", "verified_at", "verified_by", "updated_at"])


@transaction.atomic
def evidence_delete(*, user, evidence: Evidence) -> None:
    """Remove one evidence file (history keeps the row); its record goes back to draft if it was submitted."""
    if not permissions.can_edit(user, evidence):
        raise PermissionDenied
    record = evidence.parent
    path = evidence.file.name
    storage = evidence.file.storage
    evidence._history_user = user
    evidence.delete()
    _reopen_and_save(record, user)
    transaction.on_commit(lambda: _delete_stored_file(storage, path))


def _delete_stored_file(storage, path: str) -> None:
    # Demo rows share two sample files: never delete a file another row still points to.
    if path and not Evidence.objects.filter(file=path).exists():
        storage.delete(path)


# Saving a record with its evidence, and deletes ---------------------------------------------------------


@transaction.atomic
def agreement_save(
    *,
    user,
    data: dict,
    partners: Iterable[Partner],
    agreement: Agreement | None = None,
    office: Office | None = None,
    files: Iterable = (),
    evidence_kind: str = "",
    expected_version: int | None = None,
) -> Agreement:
    """Create (with `office`) or update (with `agreement`) an agreement and attach new evidence, in one go."""
    if agreement is None:
        agreement = agreement_create(user=user, office=office, data=data, partners=partners)
    else:
        agreement = agreement_update(
            user=user, agreement=agreement, data=data, partners=partners, expected_version=expected_version
        )
    if files:
        evidence_add_many(user=user, record=agreement, files=files, kind=evidence_kind)
    return agreement


@transaction.atomic
def activity_save(
    *,
    user,
    data: dict,
    partners: Iterable[Partner],
    activity: Activity | None = None,
    office: Office | None = None,
    files: Iterable = (),
    evidence_kind: str = "",
    expected_version: int | None = None,
) -> Activity:
    """Create (with `office`) or update (with `activity`) an activity and attach new evidence, in one go."""
    if activity is None:
        activity = activity_create(user=user, office=office, data=data, partners=partners)
    else:
        activity = activity_update(
            user=user, activity=activity, data=data, partners=partners, expected_version=expected_version
        )
    if files:
        evidence_add_many(user=user, record=activity, files=files, kind=evidence_kind)
    return activity


MSG_PARTNER_IN_USE = (
    "Lembaga mitra ini masih tercatat pada kerja sama atau kegiatan, sehingga tidak dapat dihapus. "
    "Hapus atau ubah data tersebut terlebih dahulu."
)


@transaction.atomic
def partner_delete(*, user, partner: Partner) -> None:
    if not permissions.can_edit(user, partner):
        raise PermissionDenied
    if partner.agreements.exists() or partner.activities.exists():
        raise ValidationError(MSG_PARTNER_IN_USE, code="in_use")
    partner._history_user = user
    partner.delete()


def _delete_record(user, record: Agreement | Activity) -> None:
    if not permissions.can_edit(user, record):
        raise PermissionDenied
    paths = list(record.evidence.values_list("file", flat=True))
    storage = Evidence._meta.get_field("file").storage
    record._history_user = user
    record.delete()
    transaction.on_commit(lambda: [_delete_stored_file(storage, path) for path in paths])


@transaction.atomic
def agreement_delete(*, user, agreement: Agreement) -> None:
    """Delete an agreement and its evidence; its activities stay (unlinked), its children lose their parent."""
    _delete_record(user, agreement)


@transaction.atomic
def activity_delete(*, user, activity: Activity) -> None:
    _delete_record(user, activity)
