"""The banner of a list showing one import's rows (`?batch=`): which import, and how many may be submitted."""

from __future__ import annotations

from dataclasses import dataclass

from agencies import permissions
from agencies.choices import VerificationStatus
from agencies.models import ImportBatch, record_model


@dataclass(frozen=True)
class BatchBanner:
    batch: ImportBatch
    submittable: int  # drafts and returned records of the batch that the user may submit ("Ajukan semua (N)")


def import_batch_banner(user, filterset, kind: str) -> BatchBanner | None:
    """The import batch a record list is filtered by, if the user sees it (two queries), else None."""
    if not (filterset.is_bound and filterset.form.is_valid()):
        return None
    pk = filterset.form.cleaned_data.get("batch")
    if pk is None:
        return None
    batch = (
        permissions.scope_import_batches(user)
        .filter(pk=int(pk), record_kind=kind)
        .select_related("office", "created_by")
        .first()
    )
    if batch is None:
        return None
    submittable = 0
    if permissions.can_submit_batch(user, batch):
        editable = (VerificationStatus.DRAFT, VerificationStatus.RETURNED)
        records = record_model(kind).objects.filter(import_batch=batch, verification_status__in=editable)
        submittable = records.count()
    return BatchBanner(batch, submittable)
