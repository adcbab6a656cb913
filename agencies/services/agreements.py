"""Writes of cooperation agreements (the shared rules are in `records.py`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from agencies import permissions
from agencies.models import Agreement, Office, Partner

from .records import record_create, record_delete, record_save, record_update


@transaction.atomic
def agreement_create(*, user, office: Office, data: dict, partners: Iterable[Partner]) -> Agreement:
    return record_create(model=Agreement, user=user, office=office, data=data, partners=partners)


@transaction.atomic
def agreement_update(
    *,
    user,
    agreement: Agreement,
    data: dict,
    partners: Iterable[Partner] | None = None,
    expected_version: int | None = None,
) -> Agreement:
    return record_update(user=user, record=agreement, data=data, partners=partners, expected_version=expected_version)


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
    new_partners: Iterable[dict] = (),
) -> Agreement:
    """Create (with `office`) or update (with `agreement`) an agreement and attach new evidence, in one go."""
    return record_save(
        model=Agreement,
        user=user,
        data=data,
        partners=partners,
        record=agreement,
        office=office,
        files=files,
        evidence_kind=evidence_kind,
        expected_version=expected_version,
        new_partners=new_partners,
    )


MSG_NOT_RENEWABLE = "Kerja sama yang sudah diakhiri tidak dapat diperpanjang."


@transaction.atomic
def agreement_renew(
    *,
    user,
    previous: Agreement,
    data: dict,
    partners: Iterable[Partner],
    files: Iterable = (),
    evidence_kind: str = "",
    expected_version: int | None = None,
    new_partners: Iterable[dict] = (),
) -> Agreement:
    """Create the agreement that renews `previous` ("Perpanjang"), in the same office and linked to it; once
    renewed, `previous` gets no more expiry reminders (agencies/reminders.py)."""
    if not permissions.can_renew(user, previous):
        if previous.terminated_on is not None and permissions.can_create_in(user, previous.office):
            raise ValidationError(MSG_NOT_RENEWABLE)
        raise PermissionDenied
    return record_save(
        model=Agreement,
        user=user,
        data={**data, "renewal_of": previous},
        partners=partners,
        record=None,
        office=previous.office,
        files=files,
        evidence_kind=evidence_kind,
        expected_version=None,
        new_partners=new_partners,
    )


@transaction.atomic
def agreement_delete(*, user, agreement: Agreement) -> None:
    """Delete an agreement and its evidence; its activities stay (unlinked), its children lose their parent."""
    record_delete(user=user, record=agreement)
