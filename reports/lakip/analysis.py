"""Writes and reads of the analyses (causes, obstacles, solutions, follow-up) per indicator × office × year.

The office writes them (`permissions.can_create_in`: staff for their own office, the verifier for the province
office) and submits them; the provincial verifier verifies or returns them with a note, with the states and
messages of record verification (`agencies.models.Verifiable`, `agencies.services.verification`). Changing a
submitted or verified analysis takes it back to draft, as for records. django-simple-history keeps every version.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from agencies import permissions
from agencies.choices import VerificationStatus
from agencies.models import Office
from agencies.services.verification import MSG_NOT_PENDING, MSG_NOT_SUBMITTABLE, MSG_RETURN_NOTE

from ..models import PerformanceIndicator
from .models import PerformanceAnalysis

MSG_NOT_OWNER = "Analisis capaian ditulis oleh kantor pemiliknya."
MSG_REASON = "Analisis penyebab wajib diisi."


def analyses_of(office: Office, year: int) -> dict[int, PerformanceAnalysis]:
    """The analyses of one office and year by indicator id (one query)."""
    qs = PerformanceAnalysis.objects.filter(office=office, year=year).select_related("verified_by", "written_by")
    return {a.indicator_id: a for a in qs}


def pending_analyses(year: int) -> QuerySet[PerformanceAnalysis]:
    """Analyses of a year waiting for the verifier, every office."""
    return (
        PerformanceAnalysis.objects.filter(year=year, verification_status=VerificationStatus.SUBMITTED)
        .select_related("office", "indicator")
        .order_by("office__code", "indicator__order", "indicator__code")
    )


def analysis_for_user(user, pk: int) -> PerformanceAnalysis:
    """One analysis through the permission boundary: 404 for an office the user may not see."""
    qs = PerformanceAnalysis.objects.filter(office__in=permissions.visible_offices(user)).select_related(
        "office", "indicator"
    )
    try:
        return qs.get(pk=pk)
    except PerformanceAnalysis.DoesNotExist:
        raise Http404("Analisis tidak ditemukan.") from None


@transaction.atomic
def analysis_save(
    *, user, office: Office, indicator: PerformanceIndicator, year: int, texts: dict[str, str]
) -> PerformanceAnalysis:
    """Write or correct the analysis; a submitted or verified one goes back to draft (to be verified again)."""
    if not permissions.can_create_in(user, office):
        raise PermissionDenied(MSG_NOT_OWNER)
    analysis = (
        PerformanceAnalysis.objects.select_for_update().filter(indicator=indicator, office=office, year=year).first()
    )
    analysis = analysis or PerformanceAnalysis(indicator=indicator, office=office, year=year)
    changed = any(getattr(analysis, name) != texts.get(name, "").strip() for name in PerformanceAnalysis.TEXT_FIELDS)
    for name in PerformanceAnalysis.TEXT_FIELDS:
        setattr(analysis, name, texts.get(name, "").strip())
    if changed and analysis.reopens_on_change:
        analysis.verification_status = VerificationStatus.DRAFT
        analysis.verified_at, analysis.verified_by = None, None
    analysis.written_by = user
    analysis.full_clean()
    analysis.save()
    return analysis


def _locked(analysis: PerformanceAnalysis) -> PerformanceAnalysis:
    return PerformanceAnalysis.objects.select_for_update().select_related("office", "indicator").get(pk=analysis.pk)


@transaction.atomic
def analysis_submit(*, user, analysis: PerformanceAnalysis) -> PerformanceAnalysis:
    analysis = _locked(analysis)
    if not permissions.can_create_in(user, analysis.office):
        raise PermissionDenied(MSG_NOT_OWNER)
    if not analysis.is_editable_state:
        raise ValidationError(MSG_NOT_SUBMITTABLE, code="not_submittable")
    if not analysis.reason.strip():
        raise ValidationError({"reason": MSG_REASON})
    analysis.verification_status = VerificationStatus.SUBMITTED
    analysis.submitted_at = timezone.now()
    analysis.save()
    return analysis


@transaction.atomic
def analysis_verify(*, user, analysis: PerformanceAnalysis) -> PerformanceAnalysis:
    if not permissions.can_verify(user):
        raise PermissionDenied
    analysis = _locked(analysis)
    if analysis.verification_status != VerificationStatus.SUBMITTED:
        raise ValidationError(MSG_NOT_PENDING, code="not_pending")
    analysis.verification_status = VerificationStatus.VERIFIED
    analysis.verified_at, analysis.verified_by, analysis.return_note = timezone.now(), user, ""
    analysis.save()
    return analysis


@transaction.atomic
def analysis_return(*, user, analysis: PerformanceAnalysis, note: str) -> PerformanceAnalysis:
    if not permissions.can_verify(user):
        raise PermissionDenied
    analysis = _locked(analysis)
    if analysis.verification_status != VerificationStatus.SUBMITTED:
        raise ValidationError(MSG_NOT_PENDING, code="not_pending")
    if not (note or "").strip():
        raise ValidationError({"note": MSG_RETURN_NOTE})
    analysis.verification_status = VerificationStatus.RETURNED
    analysis.return_note = note.strip()
    analysis.save()
    return analysis
