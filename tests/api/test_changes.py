"""/api/v1/changes/: one ordered stream of creates, updates and deletions across record types, cursor pages,
the sync horizon, permissions (the web's scope, tombstones included) and a constant query budget."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from agencies.models import Tombstone
from agencies.services import activity_delete, agreement_update, evidence_delete, partner_delete
from api import sync
from tests.factories import ActivityFactory, AgreementFactory, EvidenceFactory, PartnerFactory, office

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
URL = "/api/v1/changes/"
LAG = dt.timedelta(seconds=121)  # just past the default sync lag of 120 s


def _all(client, **params) -> tuple[list[dict], dict]:
    """Every change after the given parameters, following `next`; returns (changes, last page)."""
    changes, url, page = [], URL, None
    while url:
        page = client.get(url, params if url == URL else None).json()
        changes += page["results"]
        url = page["next"]
    return changes, page


def test_stream_orders_every_type_and_carries_the_resources_data(issue, office_a, clock):
    _, client = issue(office_a)
    partner = PartnerFactory()
    clock.shift(dt.timedelta(seconds=1))
    agreement = AgreementFactory(partners=[partner])
    clock.shift(dt.timedelta(seconds=1))
    activity = ActivityFactory(partners=[partner], agreement=agreement)
    evidence = EvidenceFactory(activity=activity)
    clock.shift(LAG)
    changes, page = _all(client)
    assert [(c["type"], c["id"], c["action"]) for c in changes] == [
        ("partner", partner.pk, "created"),
        ("agreement", agreement.pk, "created"),
        ("activity", activity.pk, "created"),  # same instant as the evidence: type order
        ("evidence", evidence.pk, "created"),
    ]
    for change in changes:
        detail = client.get(f"/api/v1/{_plural(change['type'])}/{change['id']}/").json()
        assert change["data"] == detail, change["type"]
    assert [c["office"] for c in changes] == [None, office_a.pk, office_a.pk, office_a.pk]
    assert page["next"] is None and page["resume"]


def _plural(type_: str) -> str:
    return {"activity": "activities", "agreement": "agreements", "evidence": "evidence", "partner": "partners"}[type_]


def test_updates_and_deletions_follow_from_the_resume_cursor(issue, office_a, staff_a, clock):
    _, client = issue(office_a)
    agreement, activity = AgreementFactory(), ActivityFactory()
    evidence, partner = EvidenceFactory(activity=activity), PartnerFactory()
    clock.shift(LAG)
    _, first = _all(client)
    resume = first["resume"]
    clock.shift(dt.timedelta(minutes=5))
    agreement_update(user=staff_a, agreement=agreement, data={"title": "Judul diperbarui"})
    clock.shift(dt.timedelta(seconds=1))
    activity_pk, partner_pk, evidence_pk = activity.pk, partner.pk, evidence.pk
    evidence_delete(user=staff_a, evidence=evidence)
    activity_delete(user=staff_a, activity=activity)
    partner.agreements.clear()
    partner_delete(user=staff_a, partner=partner)
    clock.shift(LAG)
    changes, _ = _all(client, cursor=resume)
    assert [(c["type"], c["id"], c["action"], c["data"] is None) for c in changes] == [
        ("agreement", agreement.pk, "updated", False),
        ("activity", activity_pk, "deleted", True),
        ("evidence", evidence_pk, "deleted", True),
        ("partner", partner_pk, "deleted", True),
    ]
    assert changes[0]["data"]["title"] == "Judul diperbarui"


def test_changes_younger_than_the_horizon_wait(issue, office_a, clock):
    _, client = issue(office_a)
    ActivityFactory()
    assert client.get(URL).json()["results"] == []
    clock.shift(dt.timedelta(seconds=119))
    assert client.get(URL).json()["results"] == []
    clock.shift(dt.timedelta(seconds=2))
    assert len(client.get(URL).json()["results"]) == 2  # the activity and its partner


def test_pages_and_parameters(issue, office_a, clock):
    _, client = issue(office_a)
    for _ in range(3):
        ActivityFactory()  # each with its own partner: 6 changes
        clock.shift(dt.timedelta(seconds=1))
    clock.shift(LAG)
    whole = client.get(URL).json()["results"]
    paged, last = _all(client, page_size=4)
    assert paged == whole and len(whole) == 6 and last["next"] is None
    assert [c["type"] for c in _all(client, type="partner")[0]] == ["partner"] * 3
    since = whole[3]["changed_at"]
    assert _all(client, updated_since=since)[0] == [c for c in whole if c["changed_at"] >= since]
    for params, field in [
        ({"cursor": "bukan-kursor"}, "cursor"),
        ({"page_size": 0}, "page_size"),
        ({"updated_since": "kemarin"}, "updated_since"),
        ({"type": "kantor"}, "type"),
    ]:
        response = client.get(URL, params)
        assert response.status_code == 400 and response.json()["errors"][0]["field"] == field


def test_permissions_follow_the_web_scope_tombstones_included(api_clients, staff_a, clock):
    own = ActivityFactory()  # office A
    other = ActivityFactory(office=office("32.01"))
    shared = PartnerFactory()
    own_pk, other_pk, shared_pk = own.pk, other.pk, shared.pk
    activity_delete(user=staff_a, activity=own)
    partner_delete(user=staff_a, partner=shared)
    clock.shift(LAG)
    seen = {
        side: {(c["type"], c["id"], c["action"]) for c in _all(client)[0]}
        for side, client in api_clients.items()
        if side not in ("anonymous", "revoked", "expired")
    }
    a_side = {("activity", own_pk, "deleted"), ("partner", shared_pk, "deleted")}
    b_side = {("activity", other_pk, "created"), ("partner", shared_pk, "deleted")}
    assert a_side <= seen["token_a_read"] and not {
        c for c in seen["token_a_read"] if c[1] == other_pk and c[0] == "activity"
    }
    assert b_side <= seen["token_b"] and ("activity", own_pk, "deleted") not in seen["token_b"]
    assert seen["verifier"] == seen["leader"] >= a_side | b_side
    for side in ("anonymous", "revoked", "expired"):
        assert api_clients[side].get(URL).status_code == 401, side
    assert api_clients["token_a_write"].post(URL, {}, format="json").status_code == 405


@pytest.mark.parametrize("rows", [2, 6])
def test_query_budget(issue, office_a, staff_a, clock, django_assert_num_queries, rows):
    _, client = issue(office_a)
    for _ in range(rows):
        # 7 changes each: agreement, activity, evidence, two partners; a deleted activity and its partner.
        activity = ActivityFactory(agreement=AgreementFactory())
        EvidenceFactory(activity=activity)
        activity_delete(user=staff_a, activity=ActivityFactory())
    clock.shift(LAG)
    client.get(URL)  # the token's last use is written at most once a minute: not measured
    # Token with its service user (1); keys of activities, agreements, evidence, partners, and the tombstones (5);
    # the page's records of each of the four types (4); the serializers' prefetches: activity partners, agreement
    # partners (2); on PostgreSQL the oldest open writing transaction, for the horizon (1).
    with django_assert_num_queries(12 + (connection.vendor == "postgresql")):
        assert len(client.get(URL, {"page_size": 500}).json()["results"]) == rows * 7


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the open-transaction bound is PostgreSQL's")
def test_horizon_waits_for_an_open_writing_transaction(settings, clock):
    import psycopg

    params = connection.get_connection_params()
    other = psycopg.connect(**{k: v for k, v in params.items() if k in ("dbname", "user", "host", "port", "password")})
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT txid_current(), now()")  # holds a transaction id from here on
            _xid, started = cursor.fetchone()
        assert sync.horizon() <= started - sync.lag()
    finally:
        other.rollback()
        other.close()
    assert Tombstone.objects.count() == 0
