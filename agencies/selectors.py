"""Reads for pages: annotated, permission-scoped querysets and counts.

`filtered_partners`, `filtered_agreements` and `filtered_activities` are shared by the list pages and the
exports, so an export is exactly what the list shows. Each returns `(filterset, queryset)`.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst

from . import permissions
from .choices import EvidenceKind, VerificationStatus
from .fields import MultiChoiceField
from .filters import ActivityFilter, AgreementFilter, PartnerFilter
from .models import (
    PROVINCE_CODE,
    Activity,
    Agreement,
    Evidence,
    Office,
    Partner,
    VerificationEvent,
    normalise_name,
)
from .offices import REGENCIES_AND_CITIES


def _status_counts(qs) -> dict[str, int]:
    return qs.aggregate(
        total=Count("id"),
        draft=Count("id", filter=Q(verification_status=VerificationStatus.DRAFT)),
        submitted=Count("id", filter=Q(verification_status=VerificationStatus.SUBMITTED)),
        verified=Count("id", filter=Q(verification_status=VerificationStatus.VERIFIED)),
        returned=Count("id", filter=Q(verification_status=VerificationStatus.RETURNED)),
    )


def home_counts(user) -> dict:
    """What the user can see, counted: agreements (with how many are in force), activities this year, partners."""
    today = timezone.localdate()
    agreements = permissions.scope_agreements(user)
    activities = permissions.scope_activities(user)
    return {
        "offices": permissions.visible_offices(user).count(),
        "partners": permissions.scope_partners(user).count(),
        "agreements": _status_counts(agreements),
        "agreements_active": agreements.active(on=today).count(),
        "activities": _status_counts(activities),
        "activities_this_year": activities.in_year(today.year).count(),
        "year": today.year,
    }


# Lists ------------------------------------------------------------------------------------------------


def _count_of(qs: QuerySet, owner: str) -> Coalesce:
    """Correlated COUNT(*) subquery: evaluated only for the rows of the shown page."""
    counted = qs.filter(**{owner: OuterRef("pk")}).order_by().values(owner).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _list_partners() -> Prefetch:
    return Prefetch("partners", queryset=Partner.objects.only("id", "name", "acronym", "category").order_by("name"))


def filtered_activities(user, data) -> tuple[ActivityFilter, QuerySet[Activity]]:
    filterset = ActivityFilter(data or None, queryset=permissions.scope_activities(user), user=user)
    # Annotate after filtering: every queryset clone copies a subquery annotation, so add it last.
    qs = (
        filterset.qs.select_related("office")
        .prefetch_related(_list_partners())
        .annotate(evidence_count=_count_of(Evidence.objects.all(), "activity"))
    )
    return filterset, qs


def filtered_agreements(user, data) -> tuple[AgreementFilter, QuerySet[Agreement]]:
    base = permissions.scope_agreements(user).with_status(timezone.localdate())
    filterset = AgreementFilter(data or None, queryset=base, user=user)
    qs = (
        filterset.qs.select_related("office")
        .prefetch_related(_list_partners())
        .annotate(
            evidence_count=_count_of(Evidence.objects.all(), "agreement"),
            activity_count=_count_of(permissions.scope_activities(user), "agreement"),
        )
    )
    return filterset, qs


def _partner_uses(user, model) -> Coalesce:
    """How many of `model`'s records the user can see name the partner. Provincial users see all, so the
    link table alone answers; staff count their office's records through the permission scope."""
    if permissions.sees_all_offices(user):
        links = model.partners.through.objects.filter(partner_id=OuterRef("pk"))
        counted = links.order_by().values("partner_id")
    else:
        scoped = permissions.scope_activities if model is Activity else permissions.scope_agreements
        counted = scoped(user, model.objects.filter(partners=OuterRef("pk"))).order_by().values("partners")
    counted = counted.annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def filtered_partners(user, data) -> tuple[PartnerFilter, QuerySet[Partner]]:
    """The shared directory, with how many of the records the user can see involve each partner."""
    filterset = PartnerFilter(data or None, queryset=permissions.scope_partners(user), user=user)
    qs = filterset.qs.select_related("home_office", "registered_by").annotate(
        agreement_count=_partner_uses(user, Agreement), activity_count=_partner_uses(user, Activity)
    )
    return filterset, qs


# Details ----------------------------------------------------------------------------------------------


def agreement_for_user(user, pk, *, change: bool = False) -> Agreement:
    qs = Agreement.objects.select_related("office", "parent", "parent__office", "created_by").prefetch_related(
        Prefetch("partners", queryset=Partner.objects.select_related("home_office").order_by("name"))
    )
    return permissions.get_for_user(user, qs.with_status(timezone.localdate()), change=change, pk=pk)


def activity_for_user(user, pk, *, change: bool = False) -> Activity:
    qs = Activity.objects.select_related("office", "agreement", "agreement__office", "created_by").prefetch_related(
        Prefetch("partners", queryset=Partner.objects.select_related("home_office").order_by("name"))
    )
    return permissions.get_for_user(user, qs, change=change, pk=pk)


def record_evidence(user, record) -> list[Evidence]:
    return list(permissions.scope_evidence(user, record.evidence.select_related("uploaded_by")))


def record_events(user, record) -> list[VerificationEvent]:
    events = VerificationEvent.objects.filter(**{_kind(record): record}).select_related("actor")
    return list(permissions.scope_verification_events(user, events))


def _kind(record) -> str:
    return "agreement" if isinstance(record, Agreement) else "activity"


def visible_parent(user, agreement: Agreement) -> bool:
    """May the user open the parent agreement (a national MoU is the province's own record)?"""
    return bool(agreement.parent_id) and permissions.scope_agreements(user).filter(pk=agreement.parent_id).exists()


def agreement_children(user, agreement: Agreement) -> list[Agreement]:
    children = agreement.children.select_related("office").with_status(timezone.localdate())
    return list(permissions.scope_agreements(user, children).order_by("office__code", "-start_date"))


DETAIL_LIMIT = 20


def agreement_activities(user, agreement: Agreement) -> tuple[list[Activity], int]:
    """The first activities under an agreement (with the total), the rest are behind the list link."""
    qs = permissions.scope_activities(user, agreement.activities.select_related("office"))
    rows = list(qs.order_by("-end_date", "-id")[:DETAIL_LIMIT])
    total = qs.count() if len(rows) == DETAIL_LIMIT else len(rows)
    return rows, total


def partner_records(user, partner: Partner) -> dict:
    """The agreements and activities of one partner that the user may see (first rows and totals)."""
    agreements = permissions.scope_agreements(user, partner.agreements.select_related("office"))
    activities = permissions.scope_activities(user, partner.activities.select_related("office"))
    agreement_rows = list(agreements.with_status(timezone.localdate()).order_by("-start_date", "-id")[:DETAIL_LIMIT])
    activity_rows = list(activities.order_by("-end_date", "-id")[:DETAIL_LIMIT])
    return {
        "agreements": agreement_rows,
        "agreement_total": agreements.count() if len(agreement_rows) == DETAIL_LIMIT else len(agreement_rows),
        "activities": activity_rows,
        "activity_total": activities.count() if len(activity_rows) == DETAIL_LIMIT else len(activity_rows),
    }


def partner_in_use(partner: Partner) -> bool:
    """Used by any record of any office (a partner in use cannot be deleted)."""
    return partner.agreements.exists() or partner.activities.exists()


# Form choices -----------------------------------------------------------------------------------------


def _province_published() -> QuerySet[Agreement]:
    """The province's verified agreements (national MoUs and the like): published to every office, which
    may cite them as the parent of a PKS or as the agreement behind an activity (the model allows it)."""
    return Agreement.objects.filter(office__code=PROVINCE_CODE, verification_status=VerificationStatus.VERIFIED)


def linkable_agreements(user, office, *, exclude_pk: int | None = None) -> QuerySet[Agreement]:
    """Agreements a record of `office` may cite: the office's own ones the user can see, plus the province's
    published ones."""
    own = permissions.scope_agreements(user).filter(office=office)
    qs = (own | _province_published()).select_related("office").order_by("-start_date", "-id")
    return qs.exclude(pk=exclude_pk) if exclude_pk else qs


def citable_agreements(user) -> QuerySet[Agreement]:
    """Every agreement whose title the user may read: their scope plus the province's published ones."""
    return permissions.scope_agreements(user) | _province_published()


def visible_agreement(user, activity: Activity) -> bool:
    """May the user open the activity's agreement page (not so for a national MoU seen by staff)?"""
    return bool(activity.agreement_id) and permissions.scope_agreements(user).filter(pk=activity.agreement_id).exists()


# Partner directory search -----------------------------------------------------------------------------

SIMILARITY = 0.85
_GENERIC_WORDS = {"dan", "di", "kabupaten", "kab", "kota", "provinsi", "prov", "jawa", "barat", "the", "of"}
_REGION_WORDS = {w for _, _, region in REGENCIES_AND_CITIES for w in normalise_name(region).split()} - {"barat"}


def partner_search(user, query: str, *, limit: int = 15) -> list[Partner]:
    """Type-ahead over the shared directory: normalised name or acronym, prefix matches first."""
    key = normalise_name(query)
    if not key:
        return []
    qs = permissions.scope_partners(user).select_related("home_office")
    qs = qs.filter(Q(name_key__contains=key) | Q(acronym__icontains=query.strip()))
    rows = list(qs.order_by("name")[: limit * 4])
    rows.sort(key=lambda p: (not p.name_key.startswith(key), p.name_key.find(key), p.name_key))
    return rows[:limit]


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


# Change history (django-simple-history) ---------------------------------------------------------------

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
        Evidence.history.filter(**{f"{_kind(record)}_id": record.pk}, history_type__in=["+", "-"])
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
