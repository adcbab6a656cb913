"""Similar partners: the near-duplicate offer shown before a partner is saved (partner form, quick-create
dialog, picker type-ahead, merge page).

One selector, `similar_partners`, hides two engines:
- PostgreSQL: pg_trgm trigram similarity of the normalised names (`name_key`, and the names kept as aliases
  after a merge), served by GIN trigram indexes (migration 0007), at least `TRIGRAM_THRESHOLD`;
- any other database (SQLite): rapidfuzz over the normalised names in Python, at least `FUZZY_THRESHOLD`.
On both, the same abbreviation counts as similar, and names that differ in their region ("Polres Depok",
"Polres Bogor") never do: they are different institutions, however alike they look.
"""

from __future__ import annotations

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from rapidfuzz import fuzz

from agencies import permissions
from agencies.models import Partner, PartnerAlias, normalise_name
from agencies.offices import REGENCIES_AND_CITIES

TRIGRAM_THRESHOLD = 0.6
FUZZY_THRESHOLD = 0.85
ACRONYM_SCORE = 0.86
_GENERIC_WORDS = {"dan", "di", "kabupaten", "kab", "kota", "provinsi", "prov", "jawa", "barat", "the", "of"}
_REGION_WORDS = {w for _, _, region in REGENCIES_AND_CITIES for w in normalise_name(region).split()} - {"barat"}


def _tokens(key: str) -> set[str]:
    return {t for t in key.split() if t not in _GENERIC_WORDS and len(t) > 1}


def other_region(a: str, b: str) -> bool:
    """The two normalised names name different regions ("polres depok", "polres kota bogor")."""
    ta, tb = _tokens(a), _tokens(b)
    return bool((ta - tb) & _REGION_WORDS and (tb - ta) & _REGION_WORDS)


def similarity(a: str, b: str) -> float:
    """The fuzzy score (0..1) of two normalised names, used where there is no pg_trgm: 1.0 for the same key;
    0.9 when the distinctive words of the shorter all occur in the longer ("Universitas Pakuan" ~
    "Universitas Pakuan Bogor"); otherwise rapidfuzz's normalised edit similarity; 0 across regions."""
    if a == b:
        return 1.0
    if other_region(a, b):
        return 0.0
    ta, tb = _tokens(a), _tokens(b)
    if len(ta) >= 2 and len(tb) >= 2 and (ta <= tb or tb <= ta):
        return 0.9
    return fuzz.ratio(a, b, score_cutoff=FUZZY_THRESHOLD * 100) / 100


def uses_trigrams() -> bool:
    return connection.vendor == "postgresql"


def _scores_trigram(qs, key: str, acronym: str) -> dict[int, float]:
    """PostgreSQL: candidates through the trigram index (`%` operator), scored by similarity()."""
    scores: dict[int, float] = {}
    partners = qs.filter(name_key__trigram_similar=key).annotate(score=TrigramSimilarity("name_key", key))
    aliases = (
        PartnerAlias.objects.filter(partner__in=qs, name_key__trigram_similar=key)
        .annotate(score=TrigramSimilarity("name_key", key))
        .values_list("partner_id", "name_key", "score")
    )
    rows = [*partners.values_list("pk", "name_key", "score"), *aliases]
    for pk, other, score in rows:
        if score >= TRIGRAM_THRESHOLD and not other_region(key, other):
            scores[pk] = max(scores.get(pk, 0.0), score)
    if acronym:
        for pk in qs.filter(acronym__iexact=acronym).values_list("pk", flat=True):
            scores[pk] = max(scores.get(pk, 0.0), ACRONYM_SCORE)
    return scores


def _scores_fuzzy(qs, key: str, acronym: str) -> dict[int, float]:
    """Elsewhere: every name of the directory (and every alias), scored by rapidfuzz."""
    scores: dict[int, float] = {}
    aliases = PartnerAlias.objects.filter(partner__in=qs).values_list("partner_id", "name_key", "acronym")
    for pk, other, other_acronym in [*qs.values_list("pk", "name_key", "acronym"), *aliases]:
        score = similarity(key, other)
        if acronym and acronym == normalise_name(other_acronym):
            score = max(score, ACRONYM_SCORE)
        if score >= FUZZY_THRESHOLD:
            scores[pk] = max(scores.get(pk, 0.0), score)
    return scores


def similar_partners(user, name: str, *, acronym: str = "", exclude_pk=None, limit: int = 5) -> list[Partner]:
    """Partners (that `user` may see) which are probably the institution `name` (or `acronym`) describes, the
    most alike first. Abbreviations of two letters or fewer are too common to count."""
    key = normalise_name(name)
    if not key:
        return []
    acronym_key = normalise_name(acronym)
    acronym_key = acronym_key if len(acronym_key) > 2 else ""
    qs = permissions.scope_partners(user).exclude(pk=exclude_pk) if exclude_pk else permissions.scope_partners(user)
    if uses_trigrams():
        scores = _scores_trigram(qs, key, acronym.strip() if acronym_key else "")
    else:
        scores = _scores_fuzzy(qs, key, acronym_key)
    best = sorted(scores, key=lambda pk: (-scores[pk], pk))[:limit]
    partners = Partner.objects.select_related("home_office", "registered_by").in_bulk(best)
    return [partners[pk] for pk in best]


__all__ = ["similar_partners", "similarity", "uses_trigrams"]
