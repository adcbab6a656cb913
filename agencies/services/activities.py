"""Writes of activities (the shared rules are in `records.py`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from agencies.models import Activity, Office, Partner

from .records import record_create, record_delete, record_save, record_update


@transaction.atomic
def activity_create(*, user, office: Office, data: dict, partners: Iterable[Partner]) -> Activity:
    return record_create(model=Activity, user=user, office=office, data=data, partners=partners)


@transaction.atomic
def activity_update(
    *,
    user,
    activity: Activity,
    data: dict,
    partners: Iterable[Partner] | None = None,
    expected_version: int | None = None,
) -> Activity:
    return record_update(user=user, record=activity, data=data, partners=partners, expected_version=expected_version)


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
    new_partners: Iterable[dict] = (),
) -> Activity:
    """Create (with `office`) or update (with `activity`) an activity and attach new evidence, in one go."""
    return record_save(
        model=Activity,
        user=user,
        data=data,
        partners=partners,
        record=activity,
        office=office,
        files=files,
        evidence_kind=evidence_kind,
        expected_version=expected_version,
        new_partners=new_partners,
    )


@transaction.atomic
def activity_delete(*, user, activity: Activity) -> None:
    """Delete an activity and its evidence."""
    record_delete(user=user, record=activity)
