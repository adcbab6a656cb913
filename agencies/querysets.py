"""Reusable filters: `Agreement.objects.active(on=day).verified()` and friends.

Two rules live here and nowhere else (every figure, list and badge goes through them):
- in force: an agreement is in force on day d when start ≤ d, (no end or d ≤ end) and
  (no termination or d < termination). An agreement terminated on its own start date is never in force.
- accredited: a monitoring organisation counts on day d when it has an accreditation number and
  accredited_from ≤ d ≤ accredited_until. A record counts as "with an accredited monitoring organisation" when
  such a partner is accredited on a day of the activity (`accredited_during_activity`), or on a day the agreement
  is in force (in the period).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When

from .choices import AgreementStatus, PartnerCategory, VerificationStatus
from .expiry import expiring_soon_days


def in_force_between(start: dt.date, end: dt.date) -> Q:
    """Agreements in force on at least one day of [start, end] (THE in-force rule, as a Q on Agreement).
    An empty range (end before start, e.g. a year that has not begun measured up to today) matches nothing."""
    if end < start:
        return Q(pk__in=[])
    return (
        Q(start_date__lte=end)
        & (Q(end_date__isnull=True) | Q(end_date__gte=start))
        & (Q(terminated_on__isnull=True) | Q(terminated_on__gt=start) & Q(terminated_on__gt=F("start_date")))
    )


def in_force_on(day: dt.date) -> Q:
    """Agreements in force on `day`."""
    return in_force_between(day, day)


def accredited_between(first, last, prefix: str = "") -> Q:
    """Monitoring organisations accredited on at least one day of [first, last] (dates or expressions), as a Q
    on Partner (or on a relation to it through `prefix`, e.g. "partner__")."""
    return Q(
        **{
            f"{prefix}category": PartnerCategory.MONITORING_ORG,
            f"{prefix}accredited_from__lte": last,
            f"{prefix}accredited_until__gte": first,
        }
    ) & ~Q(**{f"{prefix}accreditation_number": ""})


def accredited_during_activity(activity: str = "", partner: str = "partners__", *, outer: bool = False) -> Q:
    """The partner counts for "an activity with an accredited monitoring organisation": accredited on a day of
    the activity. `activity` is the relation to the activity whose dates count ("" for the row itself,
    "activity__" from a partner link; `outer` for the outer query's row), `partner` the relation to the partner.
    On rows that join activities to their partners (ranking, LAKIP) an activity counts when this holds on one
    of its rows; elsewhere use `ActivityQuerySet.accredited_monitoring`, built from it."""
    ref = OuterRef if outer else F
    return accredited_between(ref(f"{activity}start_date"), ref(f"{activity}end_date"), partner)


class OfficeOwnedQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verification_status=VerificationStatus.VERIFIED)

    def pending(self):
        return self.filter(verification_status=VerificationStatus.SUBMITTED)


class PartnerQuerySet(models.QuerySet):
    def monitoring(self):
        return self.filter(category=PartnerCategory.MONITORING_ORG)

    def accredited_between(self, first, last):
        return self.filter(accredited_between(first, last))

    def accredited(self, *, on: dt.date):
        return self.accredited_between(on, on)

    def unaccredited_monitoring(self, *, on: dt.date):
        """Monitoring organisations without a valid accreditation on `on` (shown with a warning)."""
        return self.monitoring().exclude(accredited_between(on, on))


class AgreementQuerySet(OfficeOwnedQuerySet):
    def active(self, *, on: dt.date):
        """Agreements in force on `on`."""
        return self.filter(in_force_on(on))

    def active_between(self, start: dt.date, end: dt.date):
        """Agreements in force on at least one day of [start, end]."""
        return self.filter(in_force_between(start, end))

    def accredited_monitoring(self, start: dt.date | None = None, end: dt.date | None = None) -> Exists:
        """The agreement has a monitoring partner accredited on a day it is in force (within [start, end])."""
        p = "partner__"
        links = (
            self.model.partners.through.objects.filter(agreement_id=OuterRef("pk"))
            .filter(accredited_between(start or dt.date.min, end or dt.date.max, p))
            .filter(partner__accredited_until__gte=F("agreement__start_date"))
            .filter(Q(agreement__end_date__isnull=True) | Q(partner__accredited_from__lte=F("agreement__end_date")))
            .filter(
                Q(agreement__terminated_on__isnull=True) | Q(partner__accredited_from__lt=F("agreement__terminated_on"))
            )
        )
        return Exists(links)

    def with_accredited_monitoring(self, start: dt.date | None = None, end: dt.date | None = None):
        return self.filter(self.accredited_monitoring(start, end))

    def with_status(self, today: dt.date):
        """Annotate `computed_status` exactly as `Agreement.status()` derives it."""
        soon = today + dt.timedelta(days=expiring_soon_days())
        return self.annotate(
            computed_status=Case(
                When(
                    Q(terminated_on__lte=today) | Q(terminated_on__lte=F("start_date")),
                    then=Value(AgreementStatus.TERMINATED),
                ),
                When(start_date__gt=today, then=Value(AgreementStatus.NOT_YET_VALID)),
                When(end_date__lt=today, then=Value(AgreementStatus.EXPIRED)),
                When(end_date__lte=soon, then=Value(AgreementStatus.EXPIRING)),  # in force today (rule above)
                default=Value(AgreementStatus.ACTIVE),
                output_field=models.CharField(),
            )
        )

    def with_computed_status(self, status: str, today: dt.date):
        return self.with_status(today).filter(computed_status=status)

    def expiring_within(self, days: int, today: dt.date):
        """In force today and ending within `days` days (inclusive)."""
        return self.active(on=today).filter(end_date__isnull=False, end_date__lte=today + dt.timedelta(days=days))


class ActivityQuerySet(OfficeOwnedQuerySet):
    def ended_between(self, start: dt.date, end: dt.date):
        return self.filter(end_date__gte=start, end_date__lte=end)

    def in_year(self, year: int):
        return self.filter(end_date__year=year)

    def accredited_monitoring(self) -> Exists:
        """The activity has a monitoring partner accredited on a day of the activity (THE rule, as an Exists).
        The activity's dates are read from the outer row: joining the activity again inside to read them made
        each check three index lookups instead of two."""
        links = self.model.partners.through.objects.filter(activity_id=OuterRef("pk")).filter(
            accredited_during_activity(partner="partner__", outer=True)
        )
        return Exists(links)

    def with_accredited_monitoring(self):
        return self.filter(self.accredited_monitoring())

    def accredited_monitoring_among(self) -> Q:
        """For an aggregate over these same activities (`Count("pk", filter=qs.accredited_monitoring_among())`):
        the activity is one of them with an accredited monitoring partner. Inside an aggregate's FILTER the
        Exists runs once per row (two index lookups each, about 70 ms for 18,000 activities on PostgreSQL);
        as `pk IN (...)` the database runs it once as a semi-join (the accredited monitoring organisations'
        links are few and hashed) and looks each row up in the result."""
        return Q(pk__in=self.with_accredited_monitoring().values("pk"))

    def without_evidence(self):
        return self.filter(evidence__isnull=True)
