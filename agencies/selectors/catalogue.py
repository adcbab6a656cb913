"""Reads of the public agreement catalogue (/katalog-kerja-sama/) and of the JDIHN feed: only what
`permissions.public_agreements` lets out, with each agreement's signed document."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Prefetch, QuerySet

from agencies import permissions
from agencies.choices import EvidenceKind, FocusArea
from agencies.models import Agreement, Evidence


def signed_documents() -> QuerySet[Evidence]:
    """Signed documents, newest first: the first one of an agreement is its public document."""
    return Evidence.objects.filter(kind=EvidenceKind.SIGNED_DOCUMENT, agreement__isnull=False).order_by(
        "-uploaded_at", "-id"
    )


def public_catalogue(today: dt.date) -> QuerySet[Agreement]:
    """Public agreements with office, partners, derived status and signed documents (three queries per page:
    agreements, partners, documents)."""
    return (
        permissions.public_agreements()
        .with_status(today)
        .select_related("office")
        .prefetch_related(
            "partners",
            Prefetch("evidence", queryset=signed_documents().only(*DOCUMENT_FIELDS), to_attr="signed_documents"),
        )
        .order_by("-signed_on", "-start_date", "-id")
    )


DOCUMENT_FIELDS = ("id", "agreement_id", "office_id", "original_name", "content_type", "size", "uploaded_at")


def focus_labels(agreement: Agreement) -> list[str]:
    return [FocusArea(code).label for code in agreement.focus_areas if code in FocusArea.values]


def public_document(pk: int) -> Evidence | None:
    """The signed document of a public agreement (its newest), or None."""
    return signed_documents().filter(agreement__in=permissions.public_agreements().filter(pk=pk)).first()


def catalogue_version() -> tuple[dt.datetime | None, int]:
    """(latest change, number) of the public agreements, in one query: enough for an ETag and a Last-Modified,
    as any change to a public agreement or its evidence bumps its `updated_at` (a change reopens it) and a
    deletion or an agreement leaving the catalogue lowers the count."""
    figures = permissions.public_agreements().aggregate(latest=Max("updated_at"), count=Count("id"))
    return figures["latest"], figures["count"]
