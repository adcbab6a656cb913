"""What lies behind one office's ranking figures: the rows that make up each number and a total line equal to it.

The rows come from the same period querysets as `compute_ranking` (`period_activities`, `period_agreements`,
verified only), scoped by `agencies.permissions`, so the total line and the ranking figure cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, Sum
from django.http import Http404

from agencies import permissions
from agencies.choices import OfficeKind, PartnerCategory
from agencies.models import Office, Partner

from .selectors import TIMELY_DAYS, VERIFIED, DaysToRecord, Period, period_activities, period_agreements

RANKED_KINDS = (OfficeKind.REGENCY, OfficeKind.CITY)


def office_for_user(user, code: str) -> Office:
    """A ranked office the user may see (staff: their own); 404 otherwise, whatever code is typed."""
    office = permissions.visible_offices(user).filter(code=code, kind__in=RANKED_KINDS).first()
    if office is None:
        raise Http404("Kantor tidak ditemukan.")
    return office


def activities(user, office: Office, period: Period):
    """Verified activities of the office ending in the period, with the days from the end to the recording."""
    qs = period_activities(period).filter(VERIFIED, office=office)
    return (
        permissions.scope_activities(user, qs)
        .annotate(days_to_record=DaysToRecord())
        .annotate(
            on_time=ExpressionWrapper(Q(days_to_record__lte=TIMELY_DAYS), output_field=BooleanField()),
        )
        .only("pk", "title", "start_date", "end_date", "reports_received", "created_at")
        .order_by("end_date", "pk")
    )


def activity_totals(qs) -> dict[str, int]:
    """The total line: activities, Σ reports received, activities recorded on time (one query)."""
    return qs.aggregate(
        activities=Count("pk"),
        reports=Sum("reports_received", default=0),
        timely=Count("pk", filter=Q(days_to_record__lte=TIMELY_DAYS)),
    )


@dataclass
class CategoryRow:
    code: str
    label: str
    partners: dict[int, Partner] = field(default_factory=dict)
    agreements: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    agreement_query: str = ""  # the agreement/activity list filtered to this category (set by the view)
    activity_query: str = ""


def categories(user, office: Office, period: Period) -> list[CategoryRow]:
    """The distinct partner categories of the office's verified agreements in force and activities ending in the
    period (the partner-diversity figure), each with the records and partners behind it. Four queries."""
    partners = Prefetch("partners", queryset=Partner.objects.only("pk", "name", "acronym", "category"))
    agreements = permissions.scope_agreements(user, period_agreements(period).filter(VERIFIED, office=office))
    records = [
        ("agreements", agreements.only("pk", "title", "start_date", "end_date").prefetch_related(partners)),
        (
            "activities",
            permissions.scope_activities(user, period_activities(period).filter(VERIFIED, office=office))
            .only("pk", "title", "end_date")
            .prefetch_related(partners),
        ),
    ]
    rows: dict[str, CategoryRow] = {}
    for kind, qs in records:
        for record in qs.order_by("pk"):
            for partner in record.partners.all():
                row = rows.setdefault(
                    partner.category, CategoryRow(partner.category, PartnerCategory(partner.category).label)
                )
                row.partners[partner.pk] = partner
                bucket = getattr(row, kind)
                if not bucket or bucket[-1].pk != record.pk:
                    bucket.append(record)
    return sorted(rows.values(), key=lambda row: row.label)
