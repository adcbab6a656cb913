"""The page of agreements about to expire, banded by the reminders their office receives."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from agencies import permissions
from agencies.expiry import PAGE_HORIZON_DAYS, REMINDER_DAYS
from agencies.models import Agreement, Office


def expiring_agreements(user, *, today: dt.date, within: int, office: Office | None = None):
    """Agreements the user may see, in force, ending within `within` days and not renewed yet (nothing left to
    do for those), by office then end date."""
    qs = (
        permissions.scope_agreements(user)
        .expiring_within(within, today)
        .filter(terminated_on__isnull=True)
        .exclude(renewals__isnull=False)
    )
    if office is not None:
        qs = qs.filter(office=office)
    return (
        qs.select_related("office")
        .prefetch_related("partners", "reminders_sent")
        .order_by("office__code", "end_date", "pk")
    )


def annotate_rows(rows: list[Agreement], *, today: dt.date) -> list[Agreement]:
    """Days left, urgency band and the reminders already mailed for the current end date."""
    for row in rows:
        row.days_left = (row.end_date - today).days
        row.band = min(t for t in REMINDER_DAYS if row.days_left <= t)
        row.mailed = sorted(
            (r for r in row.reminders_sent.all() if r.end_date == row.end_date and not r.covered),
            key=lambda r: -r.threshold_days,
        )
    return rows


def band_counts(user, *, today: dt.date, office: Office | None = None) -> dict[str, int]:
    """How many agreements end within each reminder's days, `d30`, `d90`, `d180` (cumulative, like the
    `within` filter; one query)."""
    qs = expiring_agreements(user, today=today, within=PAGE_HORIZON_DAYS, office=office).order_by()
    return qs.aggregate(
        **{f"d{days}": Count("pk", filter=Q(end_date__lte=today + dt.timedelta(days=days))) for days in REMINDER_DAYS}
    )
