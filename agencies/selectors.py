"""Reads for pages: annotated, permission-scoped querysets and counts."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from . import permissions
from .choices import VerificationStatus


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
