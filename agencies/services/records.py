"""The writes agreements and activities share: create, update, save with new evidence, delete.

`agreements.py` and `activities.py` name them per kind; the rules live here once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from agencies import permissions
from agencies.figures import bump_if_counted
from agencies.models import Activity, Agreement, Evidence, Office, Partner, TombstoneType

from .common import bump_version, check_partners, reopen_if_needed, set_fields
from .evidence import delete_stored_file, evidence_add_many
from .partners import partners_from_pending
from .tombstones import dependants_of, tombstones_add, touch

Record = Agreement | Activity


def record_create(*, model: type[Record], user, office: Office, data: dict, partners: Iterable[Partner]) -> Record:
    if not permissions.can_create_in(user, office):
        raise PermissionDenied
    partners = check_partners(partners)
    record = model(office=office, created_by=user, **data)
    record.full_clean()
    record.save()
    record.partners.set(partners)
    bump_if_counted(record.verification_status)
    return record


def record_update(
    *, user, record: Record, data: dict, partners: Iterable[Partner] | None, expected_version: int | None
) -> Record:
    if not permissions.can_edit(user, record):
        raise PermissionDenied
    before = record.verification_status
    set_fields(record, data)
    record.full_clean()
    bump_version(record, expected_version)
    reopen_if_needed(record, user)
    record.save()
    if partners is not None:
        record.partners.set(check_partners(partners))
    bump_if_counted(before, record.verification_status)
    return record


def record_save(
    *,
    model: type[Record],
    user,
    data: dict,
    partners: Iterable[Partner],
    record: Record | None,
    office: Office | None,
    files: Iterable,
    evidence_kind: str,
    expected_version: int | None,
    new_partners: Iterable[dict] = (),
) -> Record:
    """Create (with `office`) or update (with `record`) and attach new evidence, in one transaction. The partners
    registered from the quick-create dialog (`new_partners`) are created here, with the record."""
    if new_partners:
        partners = [*partners, *partners_from_pending(user=user, pending=new_partners)]
    if record is None:
        record = record_create(model=model, user=user, office=office, data=data, partners=partners)
    else:
        record = record_update(
            user=user, record=record, data=data, partners=partners, expected_version=expected_version
        )
    if files:
        evidence_add_many(user=user, record=record, files=files, kind=evidence_kind)
    return record


def record_delete(*, user, record: Record) -> None:
    """Delete a record and its evidence rows; the stored files go once the deletion is committed. The record
    and its evidence leave tombstones; the rows that pointed at it are touched (`touch`)."""
    if not permissions.can_edit(user, record):
        raise PermissionDenied
    evidence = list(record.evidence.values_list("pk", "office_id", "file"))
    paths = [path for _pk, _office, path in evidence]
    storage = Evidence._meta.get_field("file").storage
    dependants = dependants_of(record)
    deleted = (record.pk, record.office_id)
    record._history_user = user
    record.delete()
    bump_if_counted(record.verification_status)
    touch(dependants)
    tombstones_add(record_type=TombstoneType.EVIDENCE, rows=[(pk, office) for pk, office, _path in evidence])
    tombstones_add(record_type=record.record_kind, rows=[deleted])
    transaction.on_commit(lambda: [delete_stored_file(storage, path) for path in paths])
