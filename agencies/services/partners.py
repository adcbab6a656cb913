"""Writes of the shared partner directory."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from agencies import permissions
from agencies.figures import bump_data_version
from agencies.models import Office, Partner, TombstoneType, normalise_name

from .common import bump_version, set_fields
from .tombstones import tombstones_add

MSG_PARTNER_IN_USE = (
    "Lembaga mitra ini masih tercatat pada kerja sama atau kegiatan, sehingga tidak dapat dihapus. "
    "Hapus atau ubah data tersebut terlebih dahulu."
)


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
    set_fields(partner, data)
    partner.full_clean()
    bump_version(partner, expected_version)
    partner.save()
    bump_data_version()  # category and accreditation count in the ranking, coverage and LAKIP
    return partner


@transaction.atomic
def partner_delete(*, user, partner: Partner) -> None:
    if not permissions.can_edit(user, partner):
        raise PermissionDenied
    if partner.agreements.exists() or partner.activities.exists():
        raise ValidationError(MSG_PARTNER_IN_USE, code="in_use")
    deleted = (partner.pk, None)  # the directory is shared: the deletion is everyone's
    partner._history_user = user
    partner.delete()
    tombstones_add(record_type=TombstoneType.PARTNER, rows=[deleted])
    bump_data_version()


def partners_from_pending(*, user, pending: list[dict]) -> list[Partner]:
    """Create the partners of the quick-create dialog (`agencies.pending_partners`) inside the transaction of the
    record that names them. A partner registered meanwhile under the same name is used instead of a second one."""
    partners = []
    for data in pending:
        existing = Partner.objects.filter(name_key=normalise_name(data["name"])).first()
        partners.append(existing or partner_create(user=user, data=data))
    return partners
