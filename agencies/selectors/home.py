"""The role home pages: the office's to-do list and year figures, the province overview, the badge counts."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from agencies import permissions
from agencies.choices import VerificationStatus
from agencies.expiry import expiring_soon_days
from agencies.models import RECORD_MODELS

from .queue import office_overview, queue_counts, quiet_offices

TODO_LIMIT = 8
QUIET_DAYS = 30
RECENTLY_VERIFIED_DAYS = 7


def expiring_soon(user, *, today: dt.date, days: int | None = None, limit: int = TODO_LIMIT) -> dict:
    """Agreements in force that end within `days` (default: the "expiring soon" setting), most urgent first."""
    days = expiring_soon_days() if days is None else days
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


def _office_figures(model, office_id: int, since: dt.datetime) -> dict:
    return model.objects.filter(office_id=office_id).aggregate(
        returned=Count("pk", filter=Q(verification_status=VerificationStatus.RETURNED)),
        verified=Count("pk", filter=Q(verification_status=VerificationStatus.VERIFIED, verified_at__gte=since)),
    )


def badge_for(user) -> dict:
    """Counts for the badge: staff see returned records and those verified in the last days;
    verifiers and leaders see the queue size."""
    figures = {"returned": 0, "verified_recently": 0, "queue": 0, "days": RECENTLY_VERIFIED_DAYS}
    if permissions.is_staff_member(user) and user.office_id:
        since = timezone.now() - dt.timedelta(days=RECENTLY_VERIFIED_DAYS)
        for model in RECORD_MODELS.values():
            row = _office_figures(model, user.office_id, since)
            figures["returned"] += row["returned"]
            figures["verified_recently"] += row["verified"]
    elif permissions.sees_all_offices(user):
        figures["queue"] = sum(permissions.scope(user, m.objects.pending()).count() for m in RECORD_MODELS.values())
    figures["total"] = figures["returned"] + figures["queue"]
    return figures
