"""Change history of a record (django-simple-history), for people: who, when, which field old → new.

Worked out in two steps. The *facts* come from the history rows, which never change once written: what changed,
with the people, partners and linked records as keys. Their *names* are read afresh each time the history is
shown (people and partners get renamed, records get deleted). A record page takes the facts from the cache
(`history_cache.record_trail`) and reads only the names.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst

from agencies.choices import EvidenceKind
from agencies.fields import MultiChoiceField
from agencies.models import Agreement, Evidence, Office, Partner, User

HISTORY_LIMIT = 60
FOLD_SECONDS = 60
EMPTY = "(kosong)"
SYSTEM = "Sistem"


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: str
    action: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    css: str = "changed"


@dataclass(frozen=True)
class Ref:
    """A value shown by the name of what it points to: one linked record (a foreign key), or a set of partners."""

    label: str  # the model's label, "agencies.Office"
    pks: tuple[int, ...]
    many: bool = False


@dataclass
class Fact:
    """One entry of the history before its names are read: `who` is a user's key, values may be `Ref`s."""

    when: dt.datetime
    who: int | None
    action: str
    changes: list[tuple[str, str | Ref, str | Ref]] = field(default_factory=list)
    css: str = "changed"


def record_history(record, *, limit: int = HISTORY_LIMIT) -> list[HistoryEntry]:
    """Who changed what and when (newest first): field changes old → new, in Indonesian, plus evidence
    added or removed."""
    return named(record_facts(record, limit=limit))


# Facts --------------------------------------------------------------------------------------------------------


def _shown(model_field, value) -> str | Ref:
    if value in (None, "", []):
        return EMPTY
    if isinstance(model_field, MultiChoiceField):
        return ", ".join(model_field.get_choice_labels(value))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "Ya" if value else "Tidak"
    if isinstance(model_field, models.ForeignKey):
        return Ref(model_field.related_model._meta.label, (value,))
    if isinstance(model_field, models.DateField):
        return date_format(value, "j M Y")
    text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"


def _partner_sets(history_model, history_ids: set[int]) -> dict[int, set[int]]:
    """The partners linked in each of these history rows (no query when none is asked for)."""
    if not history_ids:
        return {}
    through = history_model.partners.model
    sets: dict[int, set[int]] = {history_id: set() for history_id in history_ids}
    links = through.objects.filter(history_id__in=list(sets)).values_list("history_id", "partner_id")
    for history_id, partner_id in links:
        sets[history_id].add(partner_id)
    return sets


def _partner_change(old: set[int], new: set[int]) -> tuple[str, str | Ref, str | Ref] | None:
    if not old or old == new:  # bulk-loaded rows carry no partner snapshot: nothing to compare
        return None

    def shown(ids: set[int]) -> str | Ref:
        return Ref(Partner._meta.label, tuple(sorted(ids)), many=True) if ids else EMPTY

    return ("Lembaga mitra", shown(old), shown(new))


def _groups(rows, m2m: list[str]) -> list[list]:
    """A service saves the fields, then the partners link by link: rows that only re-link partners (same
    version, same fields, same user, moments later) belong to the save before them."""
    groups: list[list] = []
    for row in rows:
        last = groups[-1][-1] if groups else None
        joins = (
            last is not None
            and row.history_type == "~"
            and last.history_type != "-"
            and row.history_user_id == last.history_user_id
            and getattr(row, "version", None) == getattr(last, "version", None)
            and (row.history_date - last.history_date).total_seconds() <= FOLD_SECONDS
            and not row.diff_against(last, excluded_fields=m2m).changes
        )
        if joins:
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups


def record_facts(record, *, limit: int = HISTORY_LIMIT, with_evidence: bool = True) -> list[Fact]:
    """The facts of `record_history` (newest first): what its history rows and its evidence's say
    (`with_evidence=False`: the caller knows its evidence has no history)."""
    model, history_model = type(record), record.history.model
    rows = list(record.history.order_by("-history_date", "-history_id")[: limit + 1])
    rows.reverse()
    base = rows.pop(0) if len(rows) > limit else None  # the oldest row of a truncated window: only a base
    m2m = ["partners"] if getattr(history_model, "_history_m2m_fields", None) else []
    pairs = []  # (group, the row before it)
    for group in _groups(rows, m2m):
        pairs.append((group, base))
        base = group[-1]
    # The partner links of the rows a change compares (a created or deleted record compares none).
    compared = {row.history_id for group, before in pairs if _is_change(group, before) for row in (before, group[-1])}
    sets = _partner_sets(history_model, compared) if m2m else {}
    facts = [fact for group, before in pairs if (fact := _fact(model, group, before, sets, m2m))]
    # Stable sort on time, then newest first: entries of the same instant keep their order of events.
    facts = sorted(facts + (_evidence_facts(record) if with_evidence else []), key=lambda f: f.when)
    facts.reverse()
    return facts[:limit]


def _is_change(group, before) -> bool:
    deleted = any(row.history_type == "-" for row in group)
    return not deleted and before is not None and group[0].history_type == "~"


def _fact(model, group, before, sets: dict[int, set[int]], m2m: list[str]) -> Fact | None:
    first, last = group[0], group[-1]
    if any(row.history_type == "-" for row in group):
        return Fact(last.history_date, last.history_user_id, "Dihapus", css="deleted")
    if first.history_type == "+":
        return Fact(first.history_date, first.history_user_id, "Dibuat", css="created")
    if not _is_change(group, before):
        return None
    changes = [
        (_label(model, c.field), *_pair(model, c)) for c in last.diff_against(before, excluded_fields=m2m).changes
    ]
    moved = _partner_change(sets.get(before.history_id, set()), sets.get(last.history_id, set()))
    changes += [moved] if moved else []
    return Fact(last.history_date, last.history_user_id, "Diubah", changes) if changes else None


def _label(model, name: str) -> str:
    return capfirst(str(model._meta.get_field(name).verbose_name))


def _pair(model, change) -> tuple[str | Ref, str | Ref]:
    model_field = model._meta.get_field(change.field)
    return _shown(model_field, change.old), _shown(model_field, change.new)


def _evidence_facts(record) -> list[Fact]:
    if isinstance(record, Partner):
        return []
    rows = (
        Evidence.history.filter(
            **{f"{record.record_kind}_id": record.pk},
            history_type__in=["+", "-"],
        )
        .only("original_name", "kind", "history_type", "history_date", "history_user")
        .order_by("-history_date", "-history_id")[:HISTORY_LIMIT]
    )
    kinds = dict(EvidenceKind.choices)
    facts = []
    for row in reversed(rows):
        action = "Bukti ditambahkan" if row.history_type == "+" else "Bukti dihapus"
        detail = [("Berkas", "", f"{row.original_name} ({kinds.get(row.kind, row.kind)})")]
        facts.append(Fact(row.history_date, row.history_user_id, action, detail, "evidence"))
    return facts


# Names --------------------------------------------------------------------------------------------------------

USER = User._meta.label
# What each kind of linked record is shown by (other models: their str, read whole).
NAME_COLUMNS = {
    USER: ("first_name", "last_name", "username"),
    Partner._meta.label: ("name",),
    Office._meta.label: ("kind", "region_name"),
    Agreement._meta.label: ("title",),
}


def named(facts: list[Fact], *, known: tuple[User, ...] = ()) -> list[HistoryEntry]:
    """The entries of `facts` with today's names (`read_names`)."""
    return entries(facts, read_names(facts, known=known))


def read_names(facts: list[Fact], *, people: set[int] = frozenset(), known: tuple[User, ...] = ()) -> dict:
    """What `facts` (and the users whose keys are in `people`) point to, as it is today, by (model label, key):
    one query per kind of record (people are one). `known`: users read afresh by the caller (the signed-in
    user), not read again."""
    wanted: dict[str, set[int]] = defaultdict(set)
    wanted[USER].update(people)
    for fact in facts:
        if fact.who is not None:
            wanted[USER].add(fact.who)
        for _label, old, new in fact.changes:
            for value in (old, new):
                if isinstance(value, Ref):
                    wanted[value.label].update(value.pks)
    found = {(USER, user.pk): user for user in known if user.pk in wanted[USER]}
    wanted[USER].difference_update(pk for _label, pk in found)
    found.update(_read(wanted))
    return found


def entries(facts: list[Fact], found: dict) -> list[HistoryEntry]:
    """The history's entries: `facts` with the names in `found` (`read_names`)."""
    return [
        HistoryEntry(
            fact.when,
            _who(found.get((USER, fact.who))),
            fact.action,
            [(label, _text(old, found), _text(new, found)) for label, old, new in fact.changes],
            fact.css,
        )
        for fact in facts
    ]


def _read(wanted: dict[str, set[int]]) -> dict[tuple[str, int], models.Model]:
    found = {}
    for label, pks in wanted.items():
        if not pks:
            continue
        qs = apps.get_model(label)._default_manager.filter(pk__in=pks)
        if label in NAME_COLUMNS:
            qs = qs.only(*NAME_COLUMNS[label])
        found.update({(label, obj.pk): obj for obj in qs})
    return found


def _who(user) -> str:
    return (user.get_full_name() or user.username) if user else SYSTEM


def _text(value: str | Ref, found: dict) -> str:
    if not isinstance(value, Ref):
        return value
    if value.many:  # a set of partners, by name
        partners = [found.get((value.label, pk)) for pk in value.pks]
        names = [p.name if p else f"(mitra terhapus #{pk})" for p, pk in zip(partners, value.pks, strict=True)]
        return ", ".join(sorted(names))
    obj = found.get((value.label, value.pks[0]))
    if obj is None:
        return f"(data terhapus #{value.pks[0]})"
    return obj.region_label if isinstance(obj, Office) else str(obj)
