"""Merging a duplicate partner into the one kept (the verifier's tool for the shared directory)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from agencies import notifications, permissions
from agencies.figures import bump_data_version
from agencies.models import Activity, Agreement, Partner, PartnerAlias, TombstoneType

from .common import bump_version
from .tombstones import tombstones_add, touch

MSG_SAME_PARTNER = "Pilih dua lembaga yang berbeda: lembaga tidak dapat digabung dengan dirinya sendiri."


@dataclass
class MergeResult:
    keep: Partner
    merged_name: str
    agreements: int
    activities: int
    filled: list[str]


@transaction.atomic
def partner_merge(*, user, keep: Partner, merged: Partner, expected_version: int | None = None) -> MergeResult:
    """Move every agreement and activity of `merged` to `keep`, fill `keep`'s blank contact fields, remember
    `merged`'s name (and its own aliases) as aliases of `keep`, and delete `merged` (its history stays), in one
    transaction. The records keep their verification state: the institution is the same."""
    if not permissions.can_merge_partners(user):
        raise PermissionDenied
    if keep.pk == merged.pk:
        raise ValidationError(MSG_SAME_PARTNER, code="same")
    locked = Partner.objects.select_for_update().in_bulk([keep.pk, merged.pk])
    keep, merged = locked[keep.pk], locked[merged.pk]
    agreements = _relink(Agreement, user, keep, merged)
    activities = _relink(Activity, user, keep, merged)
    touch({Agreement: agreements, Activity: activities})  # their partners changed: the sync feed shows them
    filled = keep.fields_filled_by(merged)
    for name in filled:
        attname = Partner._meta.get_field(name).attname
        setattr(keep, attname, getattr(merged, attname))
    merged.aliases.update(partner=keep)
    PartnerAlias.objects.create(
        partner=keep, name=merged.name, acronym=merged.acronym, merged_partner_id=merged.pk, merged_by=user
    )
    bump_version(keep, expected_version)
    keep._history_user = user
    keep._change_reason = f"Menggabungkan “{merged.name}” (#{merged.pk})"
    keep.save()
    merged_name, merged_office = merged.name, merged.registered_by
    merged._history_user = user
    merged._change_reason = f"Digabung ke “{keep.name}” (#{keep.pk})"
    merged_pk = merged.pk
    merged.delete()
    tombstones_add(record_type=TombstoneType.PARTNER, rows=[(merged_pk, None)])
    bump_data_version()  # the kept partner's category now counts for the moved records (ranking, coverage)
    notifications.partner_merged(keep=keep, merged_name=merged_name, office=merged_office, actor=user)
    return MergeResult(keep, merged_name, len(agreements), len(activities), filled)


def _relink(model, user, keep: Partner, merged: Partner) -> list[int]:
    """Point every `model` record of `merged` at `keep` through the relation manager, so that each record's
    history shows the change (django-simple-history follows the m2m signals)."""
    records = list(model.objects.filter(partners=merged).prefetch_related("partners"))
    for record in records:
        record._history_user = user
        record.partners.remove(merged)
        if keep not in record.partners.all():
            record.partners.add(keep)
    return [record.pk for record in records]
