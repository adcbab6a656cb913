"""How an agreement becomes one document of the JDIHN integration feed (docs/dev/jdihn.md explains each field).

Every value is a string, as JDIH member sites publish them; dates are `YYYY-MM-DD`. The mapping is one function
so that the feed, its schema and its tests cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.urls import reverse

from agencies.choices import AgreementKind, AgreementStatus
from agencies.models import Agreement
from agencies.selectors.catalogue import focus_labels

FIELDS = (
    "idData",
    "tahun_pengundangan",
    "tanggal_pengundangan",
    "jenis",
    "singkatanJenis",
    "noPeraturan",
    "judul",
    "tempatTerbit",
    "sumber",
    "subjek",
    "status",
    "bahasa",
    "bidangHukum",
    "teuBadan",
    "fileDownload",
    "urlDownload",
    "urlDetailPeraturan",
    "operasi",
    "display",
)
KIND_NAMES = {
    AgreementKind.MOU: ("Nota Kesepahaman", "MoU"),
    AgreementKind.PKS: ("Perjanjian Kerja Sama", "PKS"),
    AgreementKind.NOTA_KESEPAKATAN: ("Nota Kesepakatan", "NK"),
    AgreementKind.OTHER: ("Dokumen Kerja Sama", "DKS"),
}
IN_FORCE = "Berlaku"
NOT_IN_FORCE = "Tidak Berlaku"
STATUS = {
    AgreementStatus.ACTIVE: IN_FORCE,
    AgreementStatus.EXPIRING: IN_FORCE,
    AgreementStatus.NOT_YET_VALID: IN_FORCE,  # signed and binding, its term simply has not begun
    AgreementStatus.EXPIRED: NOT_IN_FORCE,
    AgreementStatus.TERMINATED: NOT_IN_FORCE,
}
LANGUAGE = "Indonesia"
LEGAL_FIELD = "Hukum Tata Negara"  # elections and their supervision
OPERATION_CURRENT = "4"  # what JDIH member feeds send for a current document
DISPLAY_SHOWN = "1"


def publication_day(agreement: Agreement) -> dt.date:
    """The day the document took legal form: signed, else the start of its term."""
    return agreement.signed_on or agreement.start_date


def issuing_body(agreement: Agreement) -> str:
    """T.E.U. badan: the issuing body spelled out ('Badan Pengawas Pemilihan Umum Kota Depok')."""
    office = agreement.office
    return f"Badan Pengawas Pemilihan Umum {office.region_label}"


def jdihn_document(agreement: Agreement, *, today: dt.date, absolute: Callable[[str], str]) -> dict[str, str]:
    """One JDIHN document. `agreement` comes from `selectors.public_catalogue` (office, partners, derived
    status and `signed_documents` loaded); `absolute` turns a path into an absolute URL."""
    day = publication_day(agreement)
    name, short = KIND_NAMES.get(agreement.kind, KIND_NAMES[AgreementKind.OTHER])
    document = agreement.signed_documents[0] if agreement.signed_documents else None
    return {
        "idData": str(agreement.pk),
        "tahun_pengundangan": str(day.year),
        "tanggal_pengundangan": day.isoformat(),
        "jenis": name,
        "singkatanJenis": short,
        "noPeraturan": agreement.number or "-",
        "judul": agreement.title,
        "tempatTerbit": agreement.office.region_label,
        "sumber": f"Arsip Kerja Sama {agreement.office.name}",
        "subjek": ", ".join(label.upper() for label in focus_labels(agreement)) or "KERJA SAMA",
        "status": STATUS.get(agreement.status(today), NOT_IN_FORCE),
        "bahasa": LANGUAGE,
        "bidangHukum": LEGAL_FIELD,
        "teuBadan": issuing_body(agreement),
        "fileDownload": document.original_name if document else "",
        "urlDownload": absolute(reverse("agencies:catalogue-document", args=[agreement.pk])) if document else "",
        "urlDetailPeraturan": absolute(reverse("agencies:catalogue-detail", args=[agreement.pk])),
        "operasi": OPERATION_CURRENT,
        "display": DISPLAY_SHOWN,
    }
