"""Reusable filters: `Agreement.objects.active(on=day).verified()` and friends."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Case, Q, Value, When

from .choices import AgreementStatus, PartnerCategory, VerificationStatus
from .expiry import expiring_soon_days


class OfficeOwnedQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verification_status=VerificationStatus.VERIFIED)

    def pending(self):
        return self.filter(verification_status=VerificationStatus.SUBMITTED)


class AgreementQuerySet(OfficeOwnedQuerySet):
    def not_terminated_on(self, day: dt.date) -> Q:
        return Q(terminated_on__isnull=True) | Q(terminated_on__gt=day)

    def active(self, *, on: dt.date):
        """Agreements in force on `day` (started, not ended, not terminated)."""
        return self.active_between(on, on)

    def active_between(self, start: dt.date, end: dt.date):
        """Agreements in force on at least one day of [start, end]."""
        return self.filter(
            Q(start_date__lte=end),
            Q(end_date__isnull=True) | Q(end_date__gte=start),
            Q(terminated_on__isnull=True) | Q(terminated_on__gt=start),
        )

    def with_status(self, today: dt.date):
        """Annotate `computed_status` exactly as `Agreement.status()` derives it."""
        soon = today + dt.timedelta(days=expiring_soon_days())
        return self.annotate(
            computed_status=Case(
                When(terminated_on__lte=today, then=Value(AgreementStatus.TERMINATED)),
                When(start_date__gt=today, then=Value(AgreementStatus.NOT_YET_VALID)),
                When(end_date__lt=today, then=Value(AgreementStatus.EXPIRED)),
                When(end_date__lte=soon, then=Value(AgreementStatus.EXPIRING)),
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

    def with_monitoring_org(self):
        return self.filter(partners__category=PartnerCategory.MONITORING_ORG).distinct()

    def without_evidence(self):
        return self.filter(evidence__isnull=True)
