"""API writes: ETag and If-Match (428, 412, nothing changed), validation errors naming the field, return to
draft on change, submit, conflicts, history attributed to the token's system, CSRF for sessions, the body
cap, and evidence downloads through the portal's view."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from agencies.choices import VerificationAction, VerificationStatus
from agencies.demo_files import DEMO_PNG
from agencies.models import Activity, Agreement, Partner, VerificationEvent
from agencies.services.common import StaleVersionError
from api.concurrency import etag_for
from api.errors import api_exception_handler
from tests.agencies import corpus
from tests.agencies.test_views_evidence import stored_evidence
from tests.conftest import _client_for
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory

from .helpers import snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def writer(issue, office_a):
    return issue(office_a, can_write=True)


@pytest.fixture
def activity(office_a):
    return ActivityFactory(office=office_a, partners=[PartnerFactory(registered_by=office_a)])


def test_detail_carries_the_etag_of_the_version(writer, activity):
    _, client = writer
    response = client.get(f"/api/v1/activities/{activity.pk}/")
    assert response["ETag"] == f'"activity-{activity.pk}-v1"'
    assert response.json()["version"] == 1


def test_write_without_if_match_is_428_and_changes_nothing(writer, activity):
    _, client = writer
    before = snapshot()
    response = client.patch(f"/api/v1/activities/{activity.pk}/", {"title": "Baru"}, format="json")
    assert response.status_code == 428
    assert response.json()["code"] == "precondition_required"
    assert snapshot() == before


def test_stale_if_match_is_412_and_changes_nothing(writer, activity):
    _, client = writer
    stale = etag_for(activity)
    Activity.objects.filter(pk=activity.pk).update(version=2)  # someone saved in the web meanwhile
    before = snapshot()
    response = client.patch(f"/api/v1/activities/{activity.pk}/", {"title": "Baru"}, format="json", HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert response.json()["code"] == "precondition_failed"
    assert snapshot() == before


def test_matching_if_match_writes_and_returns_the_next_etag(writer, activity):
    _, client = writer
    url = f"/api/v1/activities/{activity.pk}/"
    response = client.patch(url, {"location": "Aula"}, format="json", HTTP_IF_MATCH=f"W/{etag_for(activity)}")
    assert response.status_code == 200
    assert response["ETag"] == f'"activity-{activity.pk}-v2"'
    activity.refresh_from_db()
    assert (activity.location, activity.version, activity.title) == ("Aula", 2, response.json()["title"])


def test_a_write_that_slips_in_after_the_check_is_412_too(rf):
    response = api_exception_handler(StaleVersionError(), {})
    assert response.status_code == 412
    assert response.data["code"] == "precondition_failed"


def test_validation_errors_name_the_field(writer, activity):
    _, client = writer
    url = f"/api/v1/activities/{activity.pk}/"
    response = client.patch(
        url,
        {"end_date": "2025-06-01", "start_date": "2025-06-05", "partners": [999999], "kind": "bukan"},
        format="json",
        HTTP_IF_MATCH=etag_for(activity),
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    fields = {error["field"]: error for error in body["errors"]}
    assert set(fields) == {"partners", "kind", "end_date"}
    assert fields["partners"]["detail"] == "Lembaga mitra nomor 999999 tidak ada di direktori."
    assert fields["kind"]["code"] == "invalid_choice"
    response = client.patch(
        url, {"end_date": "2025-06-01", "start_date": "2025-06-05"}, format="json", HTTP_IF_MATCH=etag_for(activity)
    )
    assert [(e["field"], e["detail"]) for e in response.json()["errors"]] == [
        ("end_date", "Tanggal selesai tidak boleh sebelum tanggal mulai.")
    ]


def test_a_record_may_only_cite_agreements_the_office_may_cite(writer, activity, office_b):
    _, client = writer
    foreign = AgreementFactory(office=office_b)
    response = client.patch(
        f"/api/v1/activities/{activity.pk}/", {"agreement": foreign.pk}, format="json", HTTP_IF_MATCH=etag_for(activity)
    )
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["agreement"]


def test_body_that_is_not_an_object_or_not_json(writer):
    _, client = writer
    listed = client.post("/api/v1/partners/", [1, 2], format="json")
    assert listed.json()["errors"] == [
        {"field": "non_field_errors", "code": "invalid", "detail": "Isi permintaan harus berupa objek JSON."}
    ]
    broken = client.post("/api/v1/partners/", "{oops", content_type="application/json")
    assert (broken.status_code, broken.json()["code"]) == (400, "parse_error")


def test_changing_a_verified_record_takes_it_back_to_draft(writer, activity):
    _, client = writer
    Activity.objects.filter(pk=activity.pk).update(verification_status=VerificationStatus.VERIFIED)
    response = client.patch(
        f"/api/v1/activities/{activity.pk}/", {"outcome": "Hasil"}, format="json", HTTP_IF_MATCH=etag_for(activity)
    )
    assert response.json()["verification_status"] == "draft"
    assert VerificationEvent.objects.filter(activity=activity, action=VerificationAction.REOPEN).count() == 1


def test_submit_then_submit_again_is_a_conflict(writer, activity):
    _, client = writer
    url = f"/api/v1/activities/{activity.pk}/submit/"
    first = client.post(url, HTTP_IF_MATCH=etag_for(activity))
    assert (first.status_code, first.json()["verification_status"]) == (200, "submitted")
    again = client.post(url, HTTP_IF_MATCH=etag_for(activity))
    assert again.status_code == 409
    assert again.json() == {
        "code": "conflict",
        "detail": "Hanya data berstatus draf atau dikembalikan yang dapat diajukan.",
    }


def test_a_partner_in_use_cannot_be_deleted(writer, activity):
    _, client = writer
    partner = activity.partners.get()
    response = client.delete(f"/api/v1/partners/{partner.pk}/", HTTP_IF_MATCH=etag_for(partner))
    assert response.status_code == 409
    assert Partner.objects.filter(pk=partner.pk).exists()


def test_api_writes_are_attributed_to_the_tokens_system_in_history(writer, activity):
    token, client = writer
    client.patch(
        f"/api/v1/activities/{activity.pk}/", {"location": "Aula"}, format="json", HTTP_IF_MATCH=etag_for(activity)
    )
    created = client.post(
        "/api/v1/agreements/",
        {"kind": "mou", "title": "MoU baru", "partners": [activity.partners.get().pk], "start_date": "2025-01-01"},
        format="json",
    )
    change = activity.history.order_by("-history_id").first()  # the clock is frozen: order by id
    assert (change.history_user_id, change.history_change_reason) == (token.service_user_id, "API: SIGAP Jabar")
    agreement = Agreement.objects.get(pk=created.json()["id"])
    assert created["Location"] == f"http://testserver/api/v1/agreements/{agreement.pk}/"
    assert agreement.created_by_id == token.service_user_id
    # one row for the insert, one for its partners (m2m history)
    rows = agreement.history.values_list("history_user_id", "history_change_reason")
    assert set(rows) == {(token.service_user_id, "API: SIGAP Jabar")}


def test_portal_session_writes_need_the_csrf_token(verifier, province):
    client = APIClient(enforce_csrf_checks=True)
    client.cookies = _client_for(verifier).cookies
    body = {"name": "Lembaga lewat sesi", "category": "media", "level": "local"}
    refused = client.post("/api/v1/partners/", body, format="json")
    assert refused.status_code == 403
    assert not Partner.objects.filter(name="Lembaga lewat sesi").exists()
    secret = "k" * 32  # Django accepts the bare secret as the token
    client.cookies["csrftoken"] = secret
    accepted = client.post("/api/v1/partners/", body, format="json", HTTP_X_CSRFTOKEN=secret)
    assert accepted.status_code == 201
    change = Partner.objects.get(name="Lembaga lewat sesi").history.get()
    assert (change.history_user_id, change.history_change_reason) == (verifier.pk, None)


def test_json_body_over_the_cap_is_413(settings, writer):
    settings.HUBAL_API_MAX_BODY_BYTES = 100
    _, client = writer
    before = snapshot()
    response = client.post("/api/v1/partners/", json.dumps({"name": "x" * 200}), content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {
        "code": "payload_too_large",
        "detail": "Isi permintaan terlalu besar (maksimum 100 byte).",
    }
    assert snapshot() == before


def test_upload_over_the_cap_is_413(settings, writer, activity):
    settings.EVIDENCE_MAX_BYTES = 1000
    _, client = writer
    big = SimpleUploadedFile("besar.png", DEMO_PNG + b"\0" * 70_000)
    response = client.post(
        "/api/v1/evidence/", {"activity": activity.pk, "kind": "photo", "file": big}, format="multipart"
    )
    assert response.status_code == 413
    assert not activity.evidence.exists()


def test_refused_file_names_the_file_field(writer, activity):
    _, client = writer
    script = SimpleUploadedFile("foto.png", b"<script>alert(1)</script>")
    response = client.post(
        "/api/v1/evidence/", {"activity": activity.pk, "kind": "photo", "file": script}, format="multipart"
    )
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["files"]
    assert not activity.evidence.exists()


def test_download_goes_through_the_portal_view(issue, office_a, office_b, activity):
    data = corpus.real_pdf()[1]
    evidence = stored_evidence(activity, name="notulen.pdf", data=data, content_type="application/pdf")
    _, client_a = issue(office_a)
    _, client_b = issue(office_b)
    meta = client_a.get(f"/api/v1/evidence/{evidence.pk}/").json()
    assert meta["download_url"] == f"http://testserver/api/v1/evidence/{evidence.pk}/download/"
    response = client_a.get(meta["download_url"])
    assert b"".join(response.streaming_content) == data
    assert "no-store" in response["Cache-Control"]
    assert client_b.get(meta["download_url"]).status_code == 404
    assert APIClient().get(meta["download_url"]).status_code == 401


def test_updated_since_narrows_records_to_recent_changes(issue, office_a, clock):
    _, client = issue(office_a)
    ActivityFactory(office=office_a)
    clock.shift(dt.timedelta(hours=1))
    new = ActivityFactory(office=office_a)
    rows = client.get("/api/v1/activities/", {"updated_since": "2025-06-16T09:30:00+07:00"}).json()["results"]
    assert [row["id"] for row in rows] == [new.pk]


def test_pimpinan_is_refused_before_the_body_is_validated(api_clients):
    response = api_clients["leader"].post("/api/v1/partners/", {"name": ""}, format="json")
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    response = api_clients["leader"].post("/api/v1/activities/", {}, format="json")
    assert response.json()["detail"] == "Anda tidak berwenang mencatat data."


def test_a_service_validation_error_keeps_its_field_and_code():
    error = ValidationError({"partners": ValidationError("Pilih minimal satu lembaga mitra.", code="required")})
    response = api_exception_handler(error, {})
    assert response.status_code == 400
    assert response.data["errors"] == [
        {"field": "partners", "code": "required", "detail": "Pilih minimal satu lembaga mitra."}
    ]
    assert api_exception_handler(ValidationError("Umum."), {}).data["errors"][0]["field"] == "non_field_errors"
