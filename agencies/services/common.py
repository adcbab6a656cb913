"""What every write shares: optimistic locking, the verification trail, and taking a changed record back to draft."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import F

from agencies.choices import VerificationAction, VerificationStatus
from agencies.models import Activity, Agreement, Partner, VerificationEvent

MSG_STALE = (
    "Data ini telah diubah oleh pengguna lain sejak Anda membukanya. "
    "Muat ulang halaman untuk melihat versi terbaru; perubahan Anda belum disimpan."
)
MSG_NO_PARTNER = "Pilih minimal satu lembaga mitra."


class StaleVersionError(ValidationError):
    """Raised when a record changed since the form was opened (optimistic locking)."""

    def __init__(self):
        super().__init__(MSG_STALE, code="stale")


def bump_version(obj, expected_version: int | None) -> None:
    """Claim the next version atomically; refuse if someone saved in between."""
    qs = type(obj).objects.filter(pk=obj.pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    if qs.update(version=F("version") + 1) != 1:
        raise StaleVersionError()
    obj.version = (expected_version or obj.version) + 1


def set_fields(obj, data: dict) -> None:
    for name, value in data.items():
        setattr(obj, name, value)


def check_partners(partners: Iterable[Partner]) -> list[Partner]:
    partners = list(partners)
    if not partners:
        raise ValidationError({"partners": MSG_NO_PARTNER})
    return partners


def log_event(record: Agreement | Activity, action: str, user, note: str) -> VerificationEvent:
    return VerificationEvent.objects.create(**{record.record_kind: record}, action=action, actor=user, note=note)


def reopen_if_needed(record: Agreement | Activity, user) -> bool:
    """Editing a submitted or verified record takes it back to draft: it must be verified again,
    so that a changed record never keeps counting as verified silently. True if it was reopened."""
    if not record.reopens_on_change:
        return False
    record.verification_status = VerificationStatus.DRAFT
    record.verified_at = None
    record.verified_by = None
    log_event(record, VerificationAction.REOPEN, user, "")
    return True
