"""The JDIHN feed: field names and types as the format (fixture), the mapping worked out by hand, only public
and verified agreements, public download of their signed document only, conditional GET, query budget."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from agencies.choices import AgreementKind, VerificationStatus
from agencies.services import agreement_update
from tests.factories import AgreementFactory, office

from .public_data import PDF, hidden_agreements, public_agreement

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "jdihn_document.json").read_text())
FORMAT = {name: value for name, value in FIXTURE.items() if not name.startswith("_")}
URL = "/api/v1/jdihn/"


def _feed(client, **headers):
    return client.get(URL, **headers)


def test_fields_and_types_match_the_format(client):
    public_agreement()
    body = _feed(client).json()
    assert isinstance(body, list) and len(body) == 1
    document = body[0]
    assert list(document) == list(FORMAT)  # the same names, in the format's order
    assert {name: type(value) for name, value in document.items()} == {n: type(v) for n, v in FORMAT.items()}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", document["tanggal_pengundangan"])
    assert re.fullmatch(r"\d{4}", document["tahun_pengundangan"])


def test_mapping_of_one_agreement(client):
    agreement = public_agreement(title="PKS Pengawasan Partisipatif", office=office("32.01"))
    (document,) = _feed(client).json()
    base = "http://testserver"
    assert document == {
        "idData": str(agreement.pk),
        "tahun_pengundangan": "2025",
        "tanggal_pengundangan": "2025-03-12",
        "jenis": "Perjanjian Kerja Sama",
        "singkatanJenis": "PKS",
        "noPeraturan": "001/HM.04/K.JB-26/03/2025",
        "judul": "PKS Pengawasan Partisipatif",
        "tempatTerbit": "Kabupaten Bogor",
        "sumber": "Arsip Kerja Sama Bawaslu Kabupaten Bogor",
        "subjek": "PENCEGAHAN PELANGGARAN, PENGAWASAN PARTISIPATIF",
        "status": "Berlaku",
        "bahasa": "Indonesia",
        "bidangHukum": "Hukum Tata Negara",
        "teuBadan": "Badan Pengawas Pemilihan Umum Kabupaten Bogor",
        "fileDownload": "pks-ditandatangani.pdf",
        "urlDownload": f"{base}/katalog-kerja-sama/{agreement.pk}/dokumen/",
        "urlDetailPeraturan": f"{base}/katalog-kerja-sama/{agreement.pk}/",
        "operasi": "4",
        "display": "1",
    }


def test_expired_mou_without_number_or_signing_day(client):
    # Frozen clock: 16 June 2025. Ended 31 December 2024 → "Tidak Berlaku"; year and day from the start date.
    agreement = public_agreement(
        kind=AgreementKind.MOU,
        number="",
        signed_on=None,
        start_date=dt.date(2023, 1, 2),
        end_date=dt.date(2024, 12, 31),
    )
    (document,) = _feed(client).json()
    assert (document["idData"], document["jenis"], document["singkatanJenis"]) == (
        str(agreement.pk),
        "Nota Kesepahaman",
        "MoU",
    )
    assert (document["noPeraturan"], document["tahun_pengundangan"], document["tanggal_pengundangan"]) == (
        "-",
        "2023",
        "2023-01-02",
    )
    assert document["status"] == "Tidak Berlaku"


def test_only_publishable_verified_agreements_and_their_documents_are_public(client):
    shown = public_agreement()
    hidden = hidden_agreements()
    ids = {document["idData"] for document in _feed(client).json()}
    assert ids == {str(shown.pk)}
    for agreement in hidden.values():
        assert client.get(reverse("agencies:catalogue-detail", args=[agreement.pk])).status_code == 404
        assert client.get(reverse("agencies:catalogue-document", args=[agreement.pk])).status_code == 404
        evidence = agreement.evidence.get()
        login = client.get(reverse("agencies:evidence-download", args=[evidence.pk]))
        assert login.status_code == 302 and login["Location"].startswith(reverse("login"))


def test_url_download_serves_the_signed_document_anonymously(client):
    public_agreement()
    (document,) = _feed(client).json()
    response = client.get(document["urlDownload"].removeprefix("http://testserver"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert client.get(document["urlDetailPeraturan"].removeprefix("http://testserver")).status_code == 200


def test_agreement_without_document_has_empty_download_fields(client):
    agreement = AgreementFactory(is_public=True, verification_status="verified")
    (document,) = _feed(client).json()
    assert (document["fileDownload"], document["urlDownload"]) == ("", "")
    assert client.get(reverse("agencies:catalogue-document", args=[agreement.pk])).status_code == 404


def test_conditional_get(client, staff_a):
    agreement = public_agreement()
    first = _feed(client)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert first["Cache-Control"] == "public, max-age=300"
    assert _feed(client, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert _feed(client, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # A change takes the agreement back to draft: it leaves the feed, and the validators change.
    agreement_update(user=staff_a, agreement=agreement, data={"title": "Judul baru"})
    assert agreement.verification_status == VerificationStatus.DRAFT
    changed = _feed(client, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed.json() == []
    assert changed["ETag"] != etag


@pytest.mark.parametrize("rows", [3, 7])
def test_query_budget(client, django_assert_num_queries, rows):
    for _ in range(rows):
        public_agreement()
    # 1 version aggregate (ETag), 2 agreements with office and status, 3 partners, 4 signed documents.
    with django_assert_num_queries(4):
        assert len(_feed(client).json()) == rows
    # 1 version aggregate only: a matching conditional GET builds nothing.
    etag = _feed(client)["ETag"]
    with django_assert_num_queries(1):
        assert _feed(client, HTTP_IF_NONE_MATCH=etag).status_code == 304
