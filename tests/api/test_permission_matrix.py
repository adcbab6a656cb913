"""The API permission matrix: every endpoint and method, for anonymous, tokens of office A (read-only,
read-write), a token of office B, the verifier and pimpinan sessions, a revoked and an expired token.
Records belong to office A. Another office's record is 404, a read-only token's write 403, and a refused
write leaves every row and every history row as it was (`run_matrix` snapshots the database)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.choices import VerificationAction
from agencies.demo_files import DEMO_PNG
from agencies.models import Activity, Agreement, Evidence, Partner, VerificationEvent
from api.concurrency import etag_for
from tests.agencies.test_views_evidence import stored_evidence
from tests.factories import ActivityFactory, AgreementFactory, EvidenceFactory, PartnerFactory

from .helpers import run_matrix

pytestmark = pytest.mark.django_db

SIDES = ("anonymous", "token_a_read", "token_a_write", "token_b", "verifier", "leader", "revoked", "expired")
DENIED_AUTH = {"anonymous": 401, "revoked": 401, "expired": 401}


def everyone(status: int) -> dict:
    return {**dict.fromkeys(SIDES, status), **DENIED_AUTH}


def fresh_etag(model, pk) -> callable:
    return lambda: etag_for(model.objects.get(pk=pk))


@pytest.fixture
def records(office_a, verifier):
    partner = PartnerFactory(registered_by=office_a)
    agreement = AgreementFactory(office=office_a, partners=[partner])
    activity = ActivityFactory(office=office_a, partners=[partner], agreement=agreement)
    evidence = EvidenceFactory(activity=activity)
    event = VerificationEvent.objects.create(agreement=agreement, action=VerificationAction.SUBMIT, actor=verifier)
    return {"partner": partner, "agreement": agreement, "activity": activity, "evidence": evidence, "event": event}


def test_offices(api_clients, office_a, office_b):
    run_matrix(api_clients, "get", "/api/v1/offices/", everyone(200))
    run_matrix(api_clients, "get", f"/api/v1/offices/{office_a.pk}/", {**everyone(200), "token_b": 404})
    run_matrix(
        api_clients,
        "get",
        f"/api/v1/offices/{office_b.pk}/",
        {**everyone(200), "token_a_read": 404, "token_a_write": 404},
    )
    run_matrix(api_clients, "post", "/api/v1/offices/", {**everyone(405)}, body={})


def test_partners_read_and_create(api_clients, records):
    run_matrix(api_clients, "get", "/api/v1/partners/", everyone(200))
    run_matrix(api_clients, "get", f"/api/v1/partners/{records['partner'].pk}/", everyone(200))
    created = run_matrix(
        api_clients,
        "post",
        "/api/v1/partners/",
        {**everyone(201), "token_a_read": 403, "leader": 403},
        body=lambda side: {"name": f"Lembaga Baru {side}", "category": "university", "level": "local"},
    )
    assert Partner.objects.get(name="Lembaga Baru token_b").registered_by.code == "32.01"
    assert Partner.objects.get(name="Lembaga Baru verifier").registered_by.code == "32"
    assert created["token_a_write"].json()["registered_by"] == records["partner"].registered_by_id


def test_partners_change_and_delete(api_clients, records):
    partner = records["partner"]
    url = f"/api/v1/partners/{partner.pk}/"
    refused_by_others = {**DENIED_AUTH, "token_a_read": 403, "token_b": 403, "leader": 403}
    run_matrix(
        api_clients,
        "patch",
        url,
        {**refused_by_others, "token_a_write": 200, "verifier": 200},
        body={"acronym": "LMU"},
        if_match=fresh_etag(Partner, partner.pk),
    )
    unused = PartnerFactory(registered_by=partner.registered_by)
    run_matrix(
        api_clients,
        "delete",
        f"/api/v1/partners/{unused.pk}/",
        {**refused_by_others, "token_a_write": 204},
        if_match=lambda: etag_for(unused),
    )
    assert not Partner.objects.filter(pk=unused.pk).exists()


def test_province_token_may_not_rewrite_another_offices_partner(issue, province, records):
    _, client = issue(province, can_write=True)
    partner = records["partner"]
    response = client.patch(
        f"/api/v1/partners/{partner.pk}/", {"acronym": "X"}, format="json", HTTP_IF_MATCH=etag_for(partner)
    )
    assert response.status_code == 403
    assert Partner.objects.get(pk=partner.pk).acronym == ""


@pytest.mark.parametrize("kind", ["agreements", "activities"])
def test_records_read(api_clients, records, kind):
    record = records["agreement" if kind == "agreements" else "activity"]
    lists = run_matrix(api_clients, "get", f"/api/v1/{kind}/", everyone(200))
    assert [row["id"] for row in lists["token_a_read"].json()["results"]] == [record.pk]
    assert lists["token_b"].json()["results"] == []
    assert [row["id"] for row in lists["leader"].json()["results"]] == [record.pk]
    run_matrix(api_clients, "get", f"/api/v1/{kind}/{record.pk}/", {**everyone(200), "token_b": 404})


def _record_body(kind: str, partner_id: int, side: str) -> dict:
    if kind == "agreements":
        return {"kind": "pks", "title": f"PKS {side}", "partners": [partner_id], "start_date": "2025-01-01"}
    return {
        "title": f"Rapat {side}",
        "kind": "coordination",
        "start_date": "2025-06-01",
        "end_date": "2025-06-01",
        "partners": [partner_id],
        "stage": "campaign",
    }


@pytest.mark.clock
@pytest.mark.parametrize("kind", ["agreements", "activities"])
def test_records_create(api_clients, records, kind):
    model = Agreement if kind == "agreements" else Activity
    partner_id = records["partner"].pk
    responses = run_matrix(
        api_clients,
        "post",
        f"/api/v1/{kind}/",
        {**everyone(201), "token_a_read": 403, "leader": 403},
        body=lambda side: _record_body(kind, partner_id, side),
    )
    created = {side: r.json() for side, r in responses.items() if r.status_code == 201}
    offices = {side: model.objects.get(pk=row["id"]).office.code for side, row in created.items()}
    assert offices == {"token_a_write": "32.76", "token_b": "32.01", "verifier": "32"}
    assert {row["verification_status"] for row in created.values()} == {"draft"}


@pytest.mark.parametrize("kind", ["agreements", "activities"])
def test_records_change_submit_delete(api_clients, records, kind):
    model = Agreement if kind == "agreements" else Activity
    record = records["agreement" if kind == "agreements" else "activity"]
    url = f"/api/v1/{kind}/{record.pk}/"
    refused = {**DENIED_AUTH, "token_a_read": 403, "token_b": 404, "verifier": 403, "leader": 403}
    etag = fresh_etag(model, record.pk)
    run_matrix(
        api_clients, "patch", url, {**refused, "token_a_write": 200}, body={"title": "Judul baru"}, if_match=etag
    )
    run_matrix(api_clients, "post", url + "submit/", {**refused, "token_a_write": 200}, body={}, if_match=etag)
    assert model.objects.get(pk=record.pk).verification_status == "submitted"
    run_matrix(api_clients, "delete", url, {**refused, "token_a_write": 204}, if_match=etag)
    assert not model.objects.filter(pk=record.pk).exists()


def test_evidence_read_and_download(api_clients, records):
    evidence = records["evidence"]
    run_matrix(api_clients, "get", "/api/v1/evidence/", everyone(200))
    run_matrix(api_clients, "get", f"/api/v1/evidence/{evidence.pk}/", {**everyone(200), "token_b": 404})
    stored = stored_evidence(records["activity"])
    run_matrix(api_clients, "get", f"/api/v1/evidence/{stored.pk}/download/", {**everyone(200), "token_b": 404})
    run_matrix(api_clients, "post", f"/api/v1/evidence/{stored.pk}/download/", {**everyone(405)}, body={})


def test_evidence_upload_and_delete(api_clients, records):
    activity = records["activity"]
    refused = {**DENIED_AUTH, "token_a_read": 403, "token_b": 404, "verifier": 403, "leader": 403}
    responses = run_matrix(
        api_clients,
        "post",
        "/api/v1/evidence/",
        {**refused, "token_a_write": 201},
        body=lambda side: {"activity": activity.pk, "kind": "photo", "file": SimpleUploadedFile("foto.png", DEMO_PNG)},
        fmt="multipart",
    )
    stored = Evidence.objects.get(pk=responses["token_a_write"].json()["id"])
    # The upload check re-encodes images (metadata stripped): the stored size is the stored file's.
    assert (stored.activity_id, stored.content_type, stored.size) == (activity.pk, "image/png", stored.file.size)
    run_matrix(
        api_clients,
        "delete",
        f"/api/v1/evidence/{stored.pk}/",
        {**refused, "token_a_write": 204},
        if_match=lambda: etag_for(stored),
    )
    assert not Evidence.objects.filter(pk=stored.pk).exists()


def test_verification_events(api_clients, records):
    event = records["event"]
    lists = run_matrix(api_clients, "get", "/api/v1/verification-events/", everyone(200))
    assert lists["token_b"].json()["results"] == []
    run_matrix(api_clients, "get", f"/api/v1/verification-events/{event.pk}/", {**everyone(200), "token_b": 404})
    run_matrix(api_clients, "post", "/api/v1/verification-events/", {**everyone(405)}, body={})
