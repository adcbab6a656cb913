"""List pages and the home counts: permission-scoped, filtered, sorted, annotated querysets.

`filtered_partners`, `filtered_agreements` and `filtered_activities` are shared by the list pages and the
exports, so an export is exactly what the list shows. Each returns `(filterset, queryset)`. The activity list
reads its page as plain values from the same filterset (`activity_filterset`, `activity_evidence_count`).
"""

from __future__ import annotations

import functools

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from agencies import permissions
from agencies.choices import VerificationStatus
from agencies.filters import ActivityFilter, AgreementFilter, PartnerFilter
from agencies.models import Activity, Agreement, Evidence, Partner


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


def activity_filterset(user, data) -> ActivityFilter:
    """The list's filters over the activities the user may see; `.qs` is filtered and sorted, nothing more
    (the list page counts it as it is and reads its page as values: agencies/views/rows.py)."""
    return ActivityFilter(data or None, queryset=permissions.scope_activities(user), user=user)


@functools.cache
def activity_evidence_count() -> Coalesce:
    """`evidence_count` of an activity (annotate it last: every queryset clone copies a subquery annotation).
    Built once: annotate() resolves a copy of an expression and leaves the expression as it was, and building
    this one (six clones of a queryset) cost ~0.25 ms per list page."""
    return _count_of(Evidence.objects.all(), "activity")


def filtered_activities(user, data) -> tuple[ActivityFilter, QuerySet[Activity]]:
    filterset = activity_filterset(user, data)
    qs = (
        filterset.qs.select_related("office")
        .prefetch_related(_list_partners())
        .annotate(evidence_count=activity_evidence_count())
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
