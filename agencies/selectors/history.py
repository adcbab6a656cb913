"""Change history of a record (django-simple-history), for people: who, when, which field old → new."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst

from agencies.choices import EvidenceKind
from agencies.fields import MultiChoiceField
from agencies.models import Evidence, Office, Partner

HISTORY_LIMIT = 60
FOLD_SECONDS = 60
EMPTY = "(kosong)"


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: str
    action: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    css: str = "changed"


def _who(row) -> str:
    user = row.history_user
    return (user.get_full_name() or user.username) if user else "Sistem"


def _shown(model_field, value, names: dict) -> str:
    if value in (None, "", []):
        return EMPTY
    if isinstance(model_field, MultiChoiceField):
        return ", ".join(model_field.get_choice_labels(value))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "Ya" if value else "Tidak"
    if isinstance(model_field, models.ForeignKey):
        return names.get((model_field.related_model, value), f"(data terhapus #{value})")
    if isinstance(model_field, models.DateField):
        return date_format(value, "j M Y")
    text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"


def _partner_sets(history_model, rows) -> dict[int, set[int]]:
    if not getattr(history_model, "_history_m2m_fields", None):
        return {}
    through = history_model.partners.model
    sets: dict[int, set[int]] = {row.history_id: set() for row in rows}
    links = through.objects.filter(history_id__in=list(sets)).values_list("history_id", "partner_id")
    for history_id, partner_id in links:
        sets[history_id].add(partner_id)
    return sets


def _fk_names(model, deltas) -> dict:
    """Names of the objects that foreign-key changes point to: one query per related model."""
    wanted: dict[type, set] = {}
    for delta in deltas:
        for change in delta.changes:
            model_field = model._meta.get_field(change.field)
            if isinstance(model_field, models.ForeignKey):
                wanted.setdefault(model_field.related_model, set()).update({change.old, change.new} - {None})
    names = {}
    for related, pks in wanted.items():
        for obj in related.objects.filter(pk__in=pks):
            names[(related, obj.pk)] = obj.region_label if isinstance(obj, Office) else str(obj)
    return names


def _partner_change(old: set[int], new: set[int], partner_names: dict[int, str]) -> tuple[str, str, str] | None:
    if not old or old == new:  # bulk-loaded rows carry no partner snapshot: nothing to compare
        return None

    def shown(ids: set[int]) -> str:
        return ", ".join(sorted(partner_names.get(pk, f"(mitra terhapus #{pk})") for pk in ids)) or EMPTY

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


def record_history(record, *, limit: int = HISTORY_LIMIT) -> list[HistoryEntry]:
    """Who changed what and when (newest first): field changes old → new, in Indonesian, plus evidence
    added or removed."""
    model = type(record)
    rows = list(record.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    rows.reverse()
    base = rows.pop(0) if len(rows) > limit else None  # the oldest row of a truncated window: only a base
    sets = _partner_sets(record.history.model, rows + ([base] if base else []))
    partner_ids = set().union(*sets.values()) if sets else set()
    partner_names = dict(Partner.objects.filter(pk__in=partner_ids).values_list("pk", "name")) if partner_ids else {}
    m2m = ["partners"] if sets else []
    pairs = []  # (group, row before the group)
    for group in _groups(rows, m2m):
        pairs.append((group, base))
        base = group[-1]
    deltas = {id(g): g[-1].diff_against(b, excluded_fields=m2m) for g, b in pairs if b and g[0].history_type == "~"}
    names = _fk_names(model, deltas.values())
    entries: list[HistoryEntry] = []
    for group, before in pairs:
        first, last = group[0], group[-1]
        if any(row.history_type == "-" for row in group):
            entries.append(HistoryEntry(last.history_date, _who(last), "Dihapus", css="deleted"))
        elif first.history_type == "+":
            entries.append(HistoryEntry(first.history_date, _who(first), "Dibuat", css="created"))
        elif id(group) in deltas:
            changes = [(_label(model, c.field), *_pair(model, c, names)) for c in deltas[id(group)].changes]
            moved = _partner_change(sets.get(before.history_id, set()), sets.get(last.history_id, set()), partner_names)
            changes += [moved] if moved else []
            if changes:
                entries.append(HistoryEntry(last.history_date, _who(last), "Diubah", changes))
    # Stable sort on time, then newest first: entries of the same instant keep their order of events.
    entries = sorted(entries + _evidence_history(record), key=lambda e: e.when)
    entries.reverse()
    return entries[:limit]


def _label(model, name: str) -> str:
    return capfirst(str(model._meta.get_field(name).verbose_name))


def _pair(model, change, names) -> tuple[str, str]:
    model_field = model._meta.get_field(change.field)
    return _shown(model_field, change.old, names), _shown(model_field, change.new, names)


def _evidence_history(record) -> list[HistoryEntry]:
    if isinstance(record, Partner):
        return []
    rows = (
        Evidence.history.filter(
            **{f"{record.record_kind}_id": record.pk},
            history_type__in=["+", "-"],
        )
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:HISTORY_LIMIT]
    )
    kinds = dict(EvidenceKind.choices)
    entries = []
    for row in reversed(rows):
        action = "Bukti ditambahkan" if row.history_type == "+" else "Bukti dihapus"
        detail = [("Berkas", "", f"{row.original_name} ({kinds.get(row.kind, row.kind)})")]
        entries.append(HistoryEntry(row.history_date, _who(row), action, detail, "evidence"))
    return entries
