"""The shared partner directory: type-ahead search (the near-duplicate check is `similarity.py`)."""

from __future__ import annotations

from django.db.models import Case, Q, Value, When

from agencies import permissions
from agencies.models import PROVINCE_CODE, Partner, PartnerAlias, normalise_name


def partner_search(user, query: str, *, limit: int = 15) -> list[Partner]:
    """Type-ahead over the shared directory by normalised name, acronym or alias (the name of a merged duplicate). The user's own region comes first,
    then national and provincial partners, then other regions; within each, names starting with the text."""
    key = normalise_name(query)
    if not key:
        return []
    office_id = getattr(user, "office_id", None)
    tier = Case(
        When(home_office_id=office_id, then=Value(0)),
        When(Q(home_office__isnull=True) | Q(home_office__code=PROVINCE_CODE), then=Value(1)),
        default=Value(2),
    )
    qs = permissions.scope_partners(user).select_related("home_office")
    qs = qs.filter(
        Q(name_key__contains=key)
        | Q(acronym__icontains=query.strip())
        | Q(pk__in=PartnerAlias.objects.filter(name_key__contains=key).values("partner_id"))
    ).annotate(tier=tier)
    rows = list(qs.order_by("tier", "name")[: limit * 4])
    rows.sort(key=lambda p: (p.tier, _position(key, p), p.name_key))
    return rows[:limit]


def _position(key: str, partner: Partner) -> int:
    """0: the name or acronym starts with the text; 1: a word does; 2: it occurs inside a word."""
    names = (partner.name_key, normalise_name(partner.acronym))
    if any(name.startswith(key) for name in names):
        return 0
    return 1 if any(f" {key}" in f" {name}" for name in names) else 2
