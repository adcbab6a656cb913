"""Tiered verification beyond one record: bulk services, the verifier's queue and the role home pages.

Single-record writes are `services.record_submit/record_verify/record_return`; the bulk services here
call them record by record inside one transaction, so the rules live in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import CharField, Count, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from . import permissions, services
from .choices import VerificationStatus
from .models import Activity, Agreement, Office

KINDS: dict[str, type[Agreement] | type[Activity]] = {"agreement": Agreement, "activity": Activity}
KIND_LABELS = {"agreement": "Kerja sama", "activity": "Kegiatan"}
TODO_LIMIT = 8
EXPIRING_SOON_DAYS = 90
QUIET_DAYS = 30


def kind_of(record: Agreement | Activity) -> str:
    return "agreement" if isinstance(record, Agreement) else "activity"


@dataclass
class BulkResult:
    """What a bulk action changed; `skipped` counts ids that were foreign, unknown or in the wrong state."""

    done: list = field(default_factory=list)
    skipped: int = 0

    @property
    def done_count(self) -> int:
        return len(self.done)


def _locked(user, kind: str, ids: list[int]) -> list:
    """The requested records the user may see, locked for the transaction; outsiders' ids simply vanish."""
    model = KINDS[kind]
    qs = model.objects.filter(pk__in=set(ids)).select_related("office").select_for_update(of=("self",))
    return list(permissions.scope(user, qs).order_by("pk"))


@transaction.atomic
def bulk_submit(*, user, kind: str, ids: list[int]) -> BulkResult:
    """Submit every requested record the user may edit that is a draft or returned; skip the rest."""
    result = BulkResult()
    for record in _locked(user, kind, ids):
        if permissions.can_edit(user, record) and record.is_editable_state:
            result.done.append(services.record_submit(user=user, record=record))
    result.skipped = len(set(ids)) - result.done_count
    return result


@transaction.atomic
def bulk_verify(*, user, kind: str, ids: list[int]) -> BulkResult:
    """Verify every requested record that is waiting in the queue; skip the rest."""
    if not permissions.can_verify(user):
        raise PermissionDenied
    result = BulkResult()
    for record in _locked(user, kind, ids):
        if record.verification_status == VerificationStatus.SUBMITTED:
            result.done.append(services.record_verify(user=user, record=record))
    result.skipped = len(set(ids)) - result.done_count
    return result


# Queue --------------------------------------------------------------------------------------------


def _pending(user, kind: str, office: Office | None):
    qs = permissions.scope(user, KINDS[kind].objects.pending())
    return qs.filter(office=office) if office else qs


def queue_keys(user, *, office: Office | None = None, kind: str | None = None):
    """(pk, queued_at, record_kind) of every record waiting for verification, oldest submission first.

    One UNION query, so that a Paginator can page across both kinds. `queued_at` falls back to the creation
    time for records submitted before submission times were kept (imported or seeded data).
    """
    parts = [
        _pending(user, k, office)
        .annotate(record_kind=Value(k, output_field=CharField()), queued_at=Coalesce("submitted_at", "created_at"))
        .order_by()
        .values_list("pk", "queued_at", "record_kind")
        for k in KINDS
        if kind in (None, "", k)
    ]
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return union.order_by("queued_at", "record_kind", "pk")


def queue_records(keys) -> list:
    """The records behind one page of `queue_keys`, in the same order (one query per kind present)."""
    wanted: dict[str, list[int]] = {k: [] for k in KINDS}
    queued = {}
    for pk, queued_at, kind in keys:
        wanted[kind].append(pk)
        queued[(kind, pk)] = queued_at
    found = {}
    for kind, pks in wanted.items():
        if not pks:
            continue
        qs = KINDS[kind].objects.filter(pk__in=pks).select_related("office").prefetch_related("partners")
        for record in qs.annotate(evidence_count=Count("evidence")):
            record.record_kind = kind
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


# Home pages ---------------------------------------------------------------------------------------


def expiring_soon(user, *, today: dt.date, days: int = EXPIRING_SOON_DAYS, limit: int = TODO_LIMIT) -> dict:
    qs = permissions.scope_agreements(user).expiring_within(days, today).filter(terminated_on__isnull=True)
    rows = list(qs.select_related("office").order_by("end_date", "pk")[:limit])
    for row in rows:
        row.days_left = (row.end_date - today).days
    return {"count": qs.count(), "rows": rows, "days": days}


def _todo_rows(qs, limit: int) -> list:
    """Returned first (they carry a note), then drafts, newest change first."""
    returned_first = models.Case(
        models.When(verification_status=VerificationStatus.RETURNED, then=Value(0)), default=Value(1)
    )
    qs = qs.filter(verification_status__in=[VerificationStatus.RETURNED, VerificationStatus.DRAFT])
    return list(qs.order_by(returned_first, "-updated_at", "-pk")[:limit])


def staff_todo(user, *, today: dt.date, limit: int = TODO_LIMIT) -> dict:
    """An office's to-do list: what to fix, to submit, to renew and to document."""
    agreements = permissions.scope_agreements(user)
    activities = permissions.scope_activities(user)
    no_evidence = activities.without_evidence()
    return {
        "agreements": _todo_rows(agreements, limit),
        "activities": _todo_rows(activities, limit),
        "expiring": expiring_soon(user, today=today, limit=limit),
        "no_evidence_count": no_evidence.count(),
        "no_evidence": list(no_evidence.order_by("-end_date", "-pk")[:limit]),
    }


def staff_year(user, *, year: int) -> dict:
    """The office's figures for one year: activities held, agreements started, partners engaged."""
    activities = permissions.scope_activities(user).in_year(year)
    verified = Q(verification_status=VerificationStatus.VERIFIED)
    figures = activities.aggregate(
        activities=Count("pk"),
        activities_verified=Count("pk", filter=verified),
        participants=Coalesce(Sum("participants_male"), 0) + Coalesce(Sum("participants_female"), 0),
    )
    figures |= (
        permissions.scope_agreements(user)
        .filter(start_date__year=year)
        .aggregate(agreements=Count("pk"), agreements_verified=Count("pk", filter=verified))
    )
    figures["partners"] = permissions.scope_partners(user).filter(activities__in=activities).distinct().count()
    figures["year"] = year
    return figures


def province_overview(user, *, now: dt.datetime, today: dt.date) -> dict:
    """Verifier and leader home: queue per office, quiet offices, agreements expiring across the province."""
    offices = list(office_overview(user))
    queue = queue_counts(offices)
    return {
        "queue": queue,
        "queue_total": sum(o.queue_total for o in queue),
        "quiet": quiet_offices(offices, since=now - dt.timedelta(days=QUIET_DAYS)),
        "quiet_days": QUIET_DAYS,
        "expiring": expiring_soon(user, today=today),
    }
