"""The verifier's queue: records waiting for verification, and the offices they come from."""

from __future__ import annotations

import datetime as dt

from django.db.models import CharField, Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from agencies import permissions
from agencies.choices import VerificationStatus
from agencies.filters import QueueFilter
from agencies.models import RECORD_MODELS, Activity, Agreement, Office


def queue_filter(user, data=None) -> QueueFilter:
    """The queue's filters (search, office, kind, order), bound to the page's GET parameters."""
    return QueueFilter(data or None, queryset=Agreement.objects.none(), user=user)


def queue_keys(user, data=None):
    """(pk, queued_at, record_kind) of every record waiting for verification that matches the queue's
    filters (`data`: the GET parameters), oldest submission first, or newest with `order=newest`.

    One UNION query, so that a Paginator can page across both kinds. `queued_at` falls back to the creation
    time for records submitted before submission times were kept (imported or seeded data).
    """
    parts = []
    for kind, model in RECORD_MODELS.items():
        filterset = QueueFilter(data or None, queryset=permissions.scope(user, model.objects.pending()), user=user)
        parts.append(
            filterset.qs.annotate(
                record_kind=Value(kind, output_field=CharField()), queued_at=Coalesce("submitted_at", "created_at")
            )
            .order_by()
            .values_list("pk", "queued_at", "record_kind")
        )
    union = parts[0].union(*parts[1:], all=True)
    if filterset.newest_first:
        return union.order_by("-queued_at", "-record_kind", "-pk")
    return union.order_by("queued_at", "record_kind", "pk")


def recently_verified(user, *, since: dt.datetime, limit: int = 20) -> list:
    """What the user verified since `since`, newest first: the records a verifier may still undo
    (one query per kind)."""
    rows = []
    for model in RECORD_MODELS.values():
        qs = permissions.scope(user, model.objects.filter(verification_status=VerificationStatus.VERIFIED))
        qs = qs.filter(verified_by=user)
        rows += list(qs.filter(verified_at__gte=since).select_related("office").order_by("-verified_at")[:limit])
    return sorted(rows, key=lambda r: r.verified_at, reverse=True)[:limit]


def queue_records(keys) -> list:
    """The records behind one page of `queue_keys`, in the same order (one query per kind present)."""
    wanted: dict[str, list[int]] = {k: [] for k in RECORD_MODELS}
    queued = {}
    for pk, queued_at, kind in keys:
        wanted[kind].append(pk)
        queued[(kind, pk)] = queued_at
    found = {}
    for kind, pks in wanted.items():
        if not pks:
            continue
        qs = RECORD_MODELS[kind].objects.filter(pk__in=pks).select_related("office").prefetch_related("partners")
        if kind == "activity":  # the queue warns when the cited agreement is not verified yet
            qs = qs.annotate(agreement_verification=F("agreement__verification_status"))
        for record in qs.annotate(evidence_count=Count("evidence")):
            record.queued_at = queued[(kind, record.pk)]
            found[(kind, record.pk)] = record
    return [found[(kind, pk)] for pk, _queued, kind in keys if (kind, pk) in found]


def _count_of(model, **filters) -> Coalesce:
    rows = model.objects.filter(office=OuterRef("pk"), **filters).order_by().values("office")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), 0)


def _latest(model, column: str = "created_at") -> Subquery:
    return Subquery(model.objects.filter(office=OuterRef("pk")).order_by(f"-{column}").values(column)[:1])


def office_overview(user):
    """Offices the user sees, each with its queue size and when it last recorded anything (one query)."""
    pending = {"verification_status": VerificationStatus.SUBMITTED}
    return (
        permissions.visible_offices(user)
        .annotate(
            queue_agreements=_count_of(Agreement, **pending),
            queue_activities=_count_of(Activity, **pending),
            last_agreement_at=_latest(Agreement),
            last_activity_at=_latest(Activity),
        )
        .order_by("code")
    )


def queue_counts(offices) -> list[Office]:
    """Offices with something in the queue, largest queue first, with `queue_total` set."""
    rows = []
    for office in offices:
        office.queue_total = office.queue_agreements + office.queue_activities
        if office.queue_total:
            rows.append(office)
    return sorted(rows, key=lambda o: (-o.queue_total, o.code))


def quiet_offices(offices, *, since: dt.datetime) -> list[Office]:
    """Regency/city offices that created no agreement or activity since `since`."""
    rows = []
    for office in offices:
        if office.is_province:
            continue
        stamps = [s for s in (office.last_agreement_at, office.last_activity_at) if s]
        office.last_record_at = max(stamps) if stamps else None
        if office.last_record_at is None or office.last_record_at < since:
            rows.append(office)
    return rows
