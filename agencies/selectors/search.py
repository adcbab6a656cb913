"""The portal search (`/cari/?q=…`): partners (names, abbreviations, merged names), agreements (title, numbers),
activities (title, place) and evidence file names, within what the user may see, ranked across kinds.

Every word of the query must occur in one of a kind's fields (`icontains`; partners by their normalised name).
One query per kind. Ranking hides the database:
- PostgreSQL: pg_trgm word similarity of the query to the best field, computed and ordered in SQL; the
  `icontains` filters are served by the GIN trigram indexes of migration 0007 (`UPPER(col) gin_trgm_ops`).
- elsewhere (SQLite): the same candidates are scored in Python with rapidfuzz (partial ratio, plus a bonus when a
  field starts with the query).
On both, only the `SCAN_LIMIT` most recently created matches of a kind are ranked (read newest first by primary
key, which stops early for common words such as "rapat").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Q, QuerySet
from django.db.models.functions import Greatest
from django.urls import reverse
from rapidfuzz import fuzz

from agencies import permissions
from agencies.models import PartnerAlias, normalise_name

from .similarity import uses_trigrams

MIN_LENGTH = 2
MAX_WORDS = 6
PER_KIND = 10
SCAN_LIMIT = 150


@dataclass
class Hit:
    kind: str
    kind_label: str
    title: str
    detail: str
    url: str
    score: float
    record: object = field(repr=False, default=None)


@dataclass
class Kind:
    key: str
    label: str
    scope: Callable
    fields: tuple[str, ...]  # searched and ranked
    related: tuple[str, ...]
    present: Callable  # record -> (title, detail, url)


def _partner_present(p) -> tuple[str, str, str]:
    region = f" · {p.home_office.region_label}" if p.home_office else ""
    return str(p), f"{p.get_category_display()}{region}", reverse("agencies:partner-detail", args=[p.pk])


def _agreement_present(a) -> tuple[str, str, str]:
    numbers = " · ".join(n for n in (a.number, a.partner_number) if n)
    detail = f"{a.get_kind_display()} · {a.office.name}" + (f" · {numbers}" if numbers else "")
    return a.title, detail, a.detail_url()


def _activity_present(a) -> tuple[str, str, str]:
    place = f" · {a.location}" if a.location else ""
    return a.title, f"{a.get_kind_display()} · {a.office.name} · {a.end_date:%d-%m-%Y}{place}", a.detail_url()


def _evidence_present(e) -> tuple[str, str, str]:
    parent = e.parent
    return (
        e.original_name,
        f"{e.get_kind_display()} pada {parent.kind_label.lower()} “{parent.title}”",
        parent.detail_url(),
    )


KINDS = (
    Kind("partner", "Lembaga mitra", permissions.scope_partners, ("name", "acronym"), ("home_office",), _partner_present),
    Kind("agreement", "Kerja sama", permissions.scope_agreements, ("title", "number", "partner_number"), ("office",), _agreement_present),
    Kind("activity", "Kegiatan", permissions.scope_activities, ("title", "location"), ("office",), _activity_present),
    Kind("evidence", "Bukti", permissions.scope_evidence, ("original_name",), ("agreement__office", "activity__office"), _evidence_present),
)  # fmt: skip
KIND_LABELS = {kind.key: kind.label for kind in KINDS}


def query_words(query: str) -> list[str]:
    words = [w for w in query.split() if len(w) >= MIN_LENGTH] or ([query.strip()] if query.strip() else [])
    return words[:MAX_WORDS] if len(" ".join(words)) >= MIN_LENGTH else []


def _match(kind: Kind, words: list[str]) -> Q:
    """Every word in one of the kind's fields (partners: normalised name, abbreviation or a merged name)."""
    if kind.key == "partner":
        clauses = []
        for word in words:
            key = normalise_name(word)
            aliases = PartnerAlias.objects.filter(name_key__contains=key).values("partner_id")
            clauses.append(Q(name_key__contains=key) | Q(acronym__icontains=word) | Q(pk__in=aliases))
        return reduce(and_, clauses)
    return reduce(and_, [reduce(or_, [Q(**{f"{f}__icontains": w}) for f in kind.fields]) for w in words])


def _score_python(query: str, texts: list[str]) -> float:
    query = query.casefold()
    best = 0.0
    for text in texts:
        text = (text or "").casefold()
        if not text:
            continue
        score = fuzz.partial_ratio(query, text) / 100 * 0.8 + (0.2 if text.startswith(query) else 0.0)
        best = max(best, score + (0.05 if text == query else 0.0))
    return best


def _ranked(kind: Kind, qs: QuerySet, query: str, limit: int) -> list[tuple[float, object]]:
    """The best `limit` of the `SCAN_LIMIT` most recently created matches (a word as common as "rapat" matches
    thousands of activities: ranking them all would cost more than it tells)."""
    candidates = qs.order_by("-pk")[:SCAN_LIMIT]
    if uses_trigrams():
        similarities = [TrigramWordSimilarity(query, f) for f in kind.fields]
        rank = Greatest(*similarities) if len(similarities) > 1 else similarities[0]
        rows = qs.model.objects.filter(pk__in=candidates.values("pk")).select_related(*kind.related)
        return [(row.rank or 0.0, row) for row in rows.annotate(rank=rank).order_by("-rank", "-pk")[:limit]]
    scored = [
        (_score_python(query, [getattr(row, f) for f in kind.fields]), row)
        for row in candidates.select_related(*kind.related)
    ]
    scored.sort(key=lambda pair: -pair[0])  # stable: equal scores stay newest first
    return scored[:limit]


def search(user, query: str, *, only: str = "", per_kind: int = PER_KIND) -> list[Hit]:
    """Ranked hits across kinds (or of the one kind `only`), each kind scoped by `agencies.permissions`."""
    words = query_words(query)
    if not words or permissions.role_of(user) is None:
        return []
    hits = []
    for kind in KINDS:
        if only and kind.key != only:
            continue
        qs = kind.scope(user).filter(_match(kind, words))
        for score, record in _ranked(kind, qs, " ".join(words), per_kind):
            title, detail, url = kind.present(record)
            hits.append(Hit(kind.key, kind.label, title, detail, url, score, record))
    hits.sort(key=lambda hit: -hit.score)
    return hits
