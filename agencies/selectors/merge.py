"""What a partner merge would move: every record pointing at the duplicate, and the candidates to keep."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from agencies import permissions
from agencies.models import Partner, PartnerAlias

from .directory import partner_search
from .similarity import similar_partners


@dataclass
class MergePreview:
    keep: Partner
    merged: Partner
    agreements: list
    activities: list
    aliases: list[PartnerAlias]
    filled: list[str]  # labels of the kept partner's blank fields that the duplicate fills


def merge_candidates(user, merged: Partner, query: str = "") -> list[Partner]:
    """Partners the duplicate may be merged into: the similar ones, then those matching `query`."""
    found = similar_partners(user, merged.name, acronym=merged.acronym, exclude_pk=merged.pk, limit=8)
    if query:
        seen = {p.pk for p in found}
        found += [p for p in partner_search(user, query, limit=12) if p.pk not in seen and p.pk != merged.pk]
    return found


def merge_preview(user, merged: Partner, keep: Partner) -> MergePreview:
    """Every agreement and activity (of any office: the verifier sees all) that names `merged`, newest first.
    Queries: agreements, activities, the duplicate's aliases."""
    agreements = permissions.scope_agreements(user, merged.agreements.select_related("office"))
    activities = permissions.scope_activities(user, merged.activities.select_related("office"))
    agreement_rows = list(agreements.with_status(timezone.localdate()).order_by("-start_date", "-id"))
    activity_rows = list(activities.order_by("-end_date", "-id"))
    filled = [str(Partner._meta.get_field(name).verbose_name) for name in keep.fields_filled_by(merged)]
    return MergePreview(keep, merged, agreement_rows, activity_rows, list(merged.aliases.all()), filled)
