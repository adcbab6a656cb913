"""Report endpoints: frozen published rankings, LAKIP per indicator × office × quarter and IKP per office ×
year, with the web pages' permission rules, the figures of THE selectors (worked out in
tests/reports/lakip/test_lakip.py), django-filter parameters and query budgets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from agencies.choices import IkpDimension
from reports.ikp import selectors as ikp_selectors
from reports.models import IkpScore
from reports.ranking.selectors import Period
from reports.ranking.services import ranking_publish
from tests.factories import ActivityFactory, office
from tests.reports.lakip.test_lakip import build_dataset

pytestmark = [pytest.mark.django_db, pytest.mark.clock(dt.datetime(2026, 1, 15, 9, tzinfo=ZoneInfo("Asia/Jakarta")))]

RANKINGS, LAKIP, IKP = "/api/v1/reports/rankings/", "/api/v1/reports/lakip/", "/api/v1/reports/ikp/"
REFUSED = {"anonymous": 401, "revoked": 401, "expired": 401}
READERS = ("token_a_read", "token_a_write", "token_b", "verifier", "leader")


def _by(rows, *keys):
    return {tuple(row[k] for k in keys): row for row in rows}


@pytest.mark.parametrize("url", [RANKINGS, LAKIP, IKP])
def test_permission_matrix(api_clients, url):
    for side, client in api_clients.items():
        response = client.get(url)
        assert response.status_code == REFUSED.get(side, 200), (side, response.status_code)
        for method in ("post", "put", "delete"):
            if side in READERS:
                assert getattr(client, method)(url, {}, format="json").status_code == 405, (side, method)


def test_lakip_office_token_sees_its_office_with_the_selector_figures(issue, office_a, office_b):
    build_dataset()
    _, client = issue(office_a)
    rows = client.get(LAKIP, {"year": 2025}).json()
    assert {row["office"] for row in rows} == {"32.76"}
    ik03 = _by(rows, "indicator")[("IK-03",)]
    # Activities of Kota Depok in 2025: TW I a1; TW II a2, a3, a9; TW IV a4 → [1, 3, 0, 1], year 5.
    assert ik03["quarters"] == [1, 3, 0, 1] and ik03["year_value"] == 5
    assert (ik03["year"], ik03["unit"], ik03["measured_on"]) == (2025, "kegiatan", "2025-12-31")
    # Another office, even named: nothing (as the web page's 404, the filter leaves no office).
    assert client.get(LAKIP, {"year": 2025, "office": "32.01"}).json() == []


def test_lakip_province_sees_every_office_and_the_province_total(api_clients):
    build_dataset()
    rows = api_clients["verifier"].get(LAKIP, {"year": 2025, "indicator": "IK-03"}).json()
    assert len(rows) == 28 and {row["indicator"] for row in rows} == {"IK-03"}
    by_office = _by(rows, "office")
    # Province unit = all of West Java: TW I a1 + b1; TW II a2, a3, a9; TW III p1; TW IV a4 → year 7, target 10.
    assert by_office[("32",)]["quarters"] == [2, 3, 1, 1] and by_office[("32",)]["year_value"] == 7
    assert by_office[("32",)]["capaian"] == 70
    assert by_office[("32.76",)]["quarters"] == [1, 3, 0, 1]
    assert by_office[("32.01",)]["quarters"] == [1, 0, 0, 0]
    one = api_clients["leader"].get(LAKIP, {"year": 2025, "office": "32.76", "indicator": "IK-03"}).json()
    assert one == [by_office[("32.76",)]]  # one office alone: unit_report, the same figures as the recap


def test_lakip_bad_year_names_the_parameter(api_clients):
    response = api_clients["verifier"].get(LAKIP, {"year": "1850"})
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["year"]


def _ikp_data():
    IkpScore.objects.create(
        office=office("32.76"),
        year=2025,
        social_political=Decimal("72.50"),
        social_political_level="tinggi",
        administration=Decimal("20"),
        administration_level="rendah",
        contestation=Decimal("40"),
        contestation_level="sedang",
        participation=Decimal("10"),
        participation_level="rendah",
    )
    day = dt.date(2025, 5, 1)
    ActivityFactory(
        start_date=day,
        end_date=day,
        verification_status="verified",
        ikp_dimensions=[IkpDimension.SOCIAL_POLITICAL, IkpDimension.PARTICIPATION],
    )


def test_ikp_per_office_and_year(issue, office_a, api_clients, verifier):
    _ikp_data()
    _, client = issue(office_a)
    (row,) = client.get(IKP, {"year": 2025}).json()
    dimensions = {d["code"]: d for d in row["dimensions"]}
    assert (row["office"], row["year"]) == ("32.76", 2025)
    # Social-political: 72.5 "tinggi" and one tagged activity (< 2) → vulnerable and a mismatch.
    social = dimensions[IkpDimension.SOCIAL_POLITICAL]
    assert (social["score"], social["level"], social["activities"], social["mismatch"]) == (72.5, "tinggi", 1, True)
    assert dimensions[IkpDimension.PARTICIPATION]["activities"] == 1
    assert row["mismatches"] == 1
    everyone = api_clients["verifier"].get(IKP, {"year": 2025}).json()
    assert len(everyone) == 27  # the regency and city offices
    page_rows = {r.office.code: r for r in ikp_selectors.alignment(verifier, 2025)}
    assert {r["office"]: r["mismatches"] for r in everyone} == {c: r.mismatches for c, r in page_rows.items()}
    assert api_clients["verifier"].get(IKP, {"year": 2025, "office": "32"}).json() == []


def test_published_rankings_are_the_frozen_figures(api_clients, verifier):
    build_dataset()
    published = ranking_publish(user=verifier, period=Period.for_year(2025))
    # Later work does not change a published ranking.
    ActivityFactory(
        office=office("32.01"),
        start_date=dt.date(2025, 12, 1),
        end_date=dt.date(2025, 12, 1),
        verification_status="verified",
    )
    body = api_clients["token_b"].get(RANKINGS, {"year": 2025}).json()
    (item,) = body["results"]
    assert item["id"] == published.pk and item["period_kind"] == "year"
    assert [(r["office_code"], r["rank"], r["score"], r["raw"]) for r in item["rows"]] == [
        (r["office_code"], r["rank"], r["score"], r["raw"]) for r in published.rows
    ]
    assert item["weights"] == published.weights
    assert api_clients["leader"].get(f"{RANKINGS}{published.pk}/").json() == item
    assert api_clients["verifier"].get(RANKINGS, {"year": 2024}).json()["results"] == []


def test_query_budgets(api_clients, verifier, django_assert_num_queries):
    build_dataset()
    for year in (2024, 2025):
        ranking_publish(user=verifier, period=Period.for_year(year))
    client = api_clients["leader"]
    client.get(RANKINGS)  # the session's expiry is renewed on the first request (a write), not measured
    # Session and user (2), the published rankings page (1).
    with django_assert_num_queries(3):
        assert len(client.get(RANKINGS).json()["results"]) == 2
    # Session and user (2); the filter's offices (1); the LAKIP recap of every office in one pass (9): the
    # province office, indicators, agreements signed, agreements in force, activities, distinct partner triples
    # (every office's and the province's distinct counts), manual values, targets, offices.
    with django_assert_num_queries(12) as few:
        client.get(LAKIP, {"year": 2025})
    day = dt.date(2025, 8, 1)
    ActivityFactory.create_batch(5, verification_status="verified", start_date=day, end_date=day)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(LAKIP, {"year": 2025})
    # IKP: session and user (2), offices of the filter (1), alignment: offices, scores, activities, agreements (4).
    with django_assert_num_queries(7):
        client.get(IKP, {"year": 2025})
