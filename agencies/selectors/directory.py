"""The shared partner directory: type-ahead search and the near-duplicate check."""

from __future__ import annotations

import difflib

from django.db.models import Case, Q, Value, When

from agencies import permissions
from agencies.models import PROVINCE_CODE, Partner, normalise_name
from agencies.offices import REGENCIES_AND_CITIES

SIMILARITY = 0.85
_GENERIC_WORDS = {"dan", "di", "kabupaten", "kab", "kota", "provinsi", "prov", "jawa", "barat", "the", "of"}
_REGION_WORDS = {w for _, _, region in REGENCIES_AND_CITIES for w in normalise_name(region).split()} - {"barat"}


def partner_search(user, query: str, *, limit: int = 15) -> list[Partner]:
    """Type-ahead over the shared directory by normalised name or acronym. The user's own region comes first,
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
    qs = qs.filter(Q(name_key__contains=key) | Q(acronym__icontains=query.strip())).annotate(tier=tier)
    rows = list(qs.order_by("tier", "name")[: limit * 4])
    rows.sort(key=lambda p: (p.tier, _position(key, p), p.name_key))
    return rows[:limit]


def _position(key: str, partner: Partner) -> int:
    """0: the name or acronym starts with the text; 1: a word does; 2: it occurs inside a word."""
    names = (partner.name_key, normalise_name(partner.acronym))
    if any(name.startswith(key) for name in names):
        return 0
    return 1 if any(f" {key}" in f" {name}" for name in names) else 2


def _tokens(key: str) -> set[str]:
    return {t for t in key.split() if t not in _GENERIC_WORDS and len(t) > 1}


def similarity(a: str, b: str) -> float:
    """How likely two normalised names are the same institution: 1.0 for the same key; 0.9 when the distinctive
    words of the shorter all occur in the longer ("Universitas Pakuan" ~ "Universitas Pakuan Bogor");
    otherwise a difflib ratio. Names that differ in their region ("Polres Depok", "Polres Bogor") are
    different institutions, however alike they look."""
    if a == b:
        return 1.0
    ta, tb = _tokens(a), _tokens(b)
    if (ta - tb) & _REGION_WORDS and (tb - ta) & _REGION_WORDS:
        return 0.0
    if len(ta) >= 2 and len(tb) >= 2 and (ta <= tb or tb <= ta):
        return 0.9
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILARITY or matcher.quick_ratio() < SIMILARITY:
        return 0.0
    return matcher.ratio()


def similar_partners(user, name: str, *, acronym: str = "", exclude_pk=None, limit: int = 5) -> list[Partner]:
    """Partners that are probably the institution `name` describes (for the duplicate warning)."""
    key = normalise_name(name)
    if not key:
        return []
    acronym_key = normalise_name(acronym)
    scored = []
    for pk, other_key, other_acronym in permissions.scope_partners(user).values_list("pk", "name_key", "acronym"):
        score = similarity(key, other_key)
        if acronym_key and len(acronym_key) > 2 and acronym_key == normalise_name(other_acronym):
            score = max(score, 0.86)
        if score >= SIMILARITY and pk != exclude_pk:
            scored.append((score, pk))
    scored.sort(reverse=True)
    best = [pk for _, pk in scored[:limit]]
    partners = Partner.objects.select_related("home_office", "registered_by").in_bulk(best)
    return [partners[pk] for pk in best]
