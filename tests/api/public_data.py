"""Agreements for the public catalogue and JDIHN tests: one of each kind that must or must not be public."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from agencies.choices import AgreementKind, FocusArea
from tests.factories import AgreementFactory, EvidenceFactory, PartnerFactory

PDF = b"%PDF-1.7\n% Hubal uji\n"


def signed_document(agreement, name: str = "pks-ditandatangani.pdf"):
    path = default_storage.save(f"evidence/test/{agreement.pk}.pdf", ContentFile(PDF))
    return EvidenceFactory(
        activity=None,
        agreement=agreement,
        kind="signed_document",
        file=path,
        original_name=name,
        size=len(PDF),
        content_type="application/pdf",
    )


def public_agreement(**kwargs):
    defaults = {
        "is_public": True,
        "verification_status": "verified",
        "kind": AgreementKind.PKS,
        "number": "001/HM.04/K.JB-26/03/2025",
        "signed_on": dt.date(2025, 3, 12),
        "start_date": dt.date(2025, 3, 12),
        "end_date": dt.date(2027, 3, 11),
        "focus_areas": [FocusArea.PARTICIPATORY, FocusArea.PREVENTION],
        "partners": [PartnerFactory(acronym="UI")],
    }
    agreement = AgreementFactory(**{**defaults, **kwargs})
    signed_document(agreement)
    return agreement


def hidden_agreements() -> dict[str, object]:
    """Agreements that must never be public, each with a signed document."""
    hidden = {
        "not_publishable": AgreementFactory(is_public=False, verification_status="verified", title="Rahasia A"),
        "submitted": AgreementFactory(is_public=True, verification_status="submitted", title="Rahasia B"),
        "draft": AgreementFactory(is_public=True, verification_status="draft", title="Rahasia C"),
        "returned": AgreementFactory(is_public=True, verification_status="returned", title="Rahasia D"),
    }
    for agreement in hidden.values():
        signed_document(agreement)
    return hidden
