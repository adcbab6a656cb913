"""The web list filters work in the API with the same meaning; PUT replaces, OPTIONS and HEAD answer; a
province token writes to the province office; the body cap also holds for a body without Content-Length."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from agencies.choices import PartnerCategory, VerificationStatus
from agencies.demo_files import DEMO_PNG
from api.concurrency import etag_for
from api.exceptions import PayloadTooLarge
from api.parsers import _CappedStream
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_record_filters_mirror_the_web_lists(issue, province, office_a, office_b):
    media = PartnerFactory(category=PartnerCategory.MEDIA)
    submitted = ActivityFactory(office=office_a, verification_status=VerificationStatus.SUBMITTED, partners=[media])
    draft_b = ActivityFactory(office=office_b)
    _, client = issue(province)
    assert _ids(client.get("/api/v1/activities/", {"verification": "submitted"})) == [submitted.pk]
    assert _ids(client.get("/api/v1/activities/", {"partner_category": "media"})) == [submitted.pk]
    assert _ids(client.get("/api/v1/activities/", {"office": "32.01"})) == [draft_b.pk]
    assert _ids(client.get("/api/v1/activities/", {"q": submitted.title})) == [submitted.pk]


def test_office_filter_is_ignored_for_an_office_token_as_in_the_web(issue, office_a, office_b):
    own = AgreementFactory(office=office_a)
    AgreementFactory(office=office_b)
    _, client = issue(office_a)
    assert _ids(client.get("/api/v1/agreements/", {"office": "32.01"})) == [own.pk]


def test_partner_filters(issue, office_a):
    media = PartnerFactory(category=PartnerCategory.MEDIA, name="Radar Depok")
    PartnerFactory(category=PartnerCategory.UNIVERSITY)
    _, client = issue(office_a)
    assert _ids(client.get("/api/v1/partners/", {"category": "media"})) == [media.pk]
    assert _ids(client.get("/api/v1/partners/", {"q": "radar"})) == [media.pk]


def test_agreement_status_filter_uses_the_computed_status(issue, office_a):
    today = timezone.localdate()
    active = AgreementFactory(office=office_a, start_date=today - dt.timedelta(days=10), end_date=None)
    AgreementFactory(office=office_a, start_date=today - dt.timedelta(days=400), end_date=today - dt.timedelta(days=5))
    _, client = issue(office_a)
    assert _ids(client.get("/api/v1/agreements/", {"status": "active"})) == [active.pk]
    assert client.get(f"/api/v1/agreements/{active.pk}/").json()["status"] == "active"


def test_put_replaces_the_whole_record(issue, office_a):
    partner = PartnerFactory(registered_by=office_a, acronym="LAMA", phone="0211")
    _, client = issue(office_a, can_write=True)
    body = {"name": partner.name, "category": "media", "level": "provincial"}
    response = client.put(f"/api/v1/partners/{partner.pk}/", body, format="json", HTTP_IF_MATCH=etag_for(partner))
    assert response.status_code == 200
    partner.refresh_from_db()
    assert (partner.category, partner.level, partner.acronym, partner.phone) == ("media", "provincial", "", "")
    missing = client.put(
        f"/api/v1/partners/{partner.pk}/", {"name": "x"}, format="json", HTTP_IF_MATCH=etag_for(partner)
    )
    assert sorted(e["field"] for e in missing.json()["errors"]) == ["category"]


def test_province_token_records_for_the_province_office(issue, province):
    _, client = issue(province, can_write=True)
    partner = PartnerFactory()
    body = {"kind": "mou", "title": "MoU provinsi", "partners": [partner.pk], "start_date": "2025-01-01"}
    response = client.post("/api/v1/agreements/", body, format="json")
    assert response.status_code == 201
    assert response.json()["office"] == province.pk


def test_options_and_head_answer(issue, office_a):
    _, client = issue(office_a, can_write=True)
    assert client.options("/api/v1/activities/").status_code == 200
    assert client.head("/api/v1/activities/").status_code == 200


def test_upload_takes_exactly_one_file(issue, office_a):
    activity = ActivityFactory(office=office_a)
    _, client = issue(office_a, can_write=True)
    files = [SimpleUploadedFile("a.png", DEMO_PNG), SimpleUploadedFile("b.png", DEMO_PNG)]
    response = client.post(
        "/api/v1/evidence/", {"activity": activity.pk, "kind": "photo", "file": files}, format="multipart"
    )
    assert [e["field"] for e in response.json()["errors"]] == ["file"]
    both = client.post(
        "/api/v1/evidence/",
        {"activity": activity.pk, "agreement": 1, "kind": "photo", "file": files[0]},
        format="multipart",
    )
    assert [e["field"] for e in both.json()["errors"]] == ["non_field_errors"]
    assert not activity.evidence.exists()


def test_capped_stream_refuses_a_body_without_length_once_it_grows_past_the_cap():
    stream = _CappedStream(io.BytesIO(b"x" * 11), limit=10)
    assert stream.read(6) == b"x" * 6
    with pytest.raises(PayloadTooLarge):
        stream.read(6)
    assert _CappedStream(io.BytesIO(b"x" * 10), limit=10).read() == b"x" * 10
