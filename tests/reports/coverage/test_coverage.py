"""Coverage: category × office matrix, national MoU flow-down, quarterly trends, and their pages."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from agencies.choices import AgreementKind, PartnerLevel
from agencies.choices import PartnerCategory as C
from agencies.choices import VerificationStatus as V
from reports.coverage import selectors as coverage
from reports.ranking.selectors import Period, compute_ranking
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory, office

pytestmark = pytest.mark.django_db

Q1, Q2 = Period.for_quarter(2024, 1), Period.for_quarter(2024, 2)


def activity(code, partners, end=dt.date(2024, 2, 1), status=V.VERIFIED):
    return ActivityFactory(
        office=office(code), start_date=end, end_date=end, partners=partners, verification_status=status
    )


@pytest.fixture
def partners():
    return {
        "univ": PartnerFactory(category=C.UNIVERSITY),
        "police": PartnerFactory(category=C.SECURITY),
        "media": PartnerFactory(category=C.MEDIA),
        "national": PartnerFactory(category=C.SECURITY, level=PartnerLevel.NATIONAL),
    }


@pytest.fixture
def matrix_data(partners):
    univ, police, media = partners["univ"], partners["police"], partners["media"]
    activity("32.76", [univ])
    activity("32.76", [univ])
    activity("32.76", [univ, police])
    activity("32.76", [media], status=V.SUBMITTED)  # not verified
    activity("32.76", [media], end=dt.date(2024, 4, 1))  # next quarter
    activity("32.01", [police])
    AgreementFactory(
        office=office("32.76"), partners=[univ], start_date=dt.date(2023, 1, 1), verification_status=V.VERIFIED
    )


def cell(matrix, code, category):
    row = next(r for r in matrix["rows"] if r["office"].code == code)
    return next(c for c in row["cells"] if c["category"] == category)


def test_category_matrix_counts_verified_activities(matrix_data):
    matrix = coverage.category_matrix(Q1)
    assert len(matrix["rows"]) == 27 and len(matrix["categories"]) == 14
    assert cell(matrix, "32.76", C.UNIVERSITY) == {"category": C.UNIVERSITY, "value": 3, "heat": 4}
    # heat = ceil(4 × value ÷ peak 3): 1 → 2, 0 → 0
    assert cell(matrix, "32.76", C.SECURITY) == {"category": C.SECURITY, "value": 1, "heat": 2}
    assert cell(matrix, "32.76", C.MEDIA)["value"] == 0
    assert cell(matrix, "32.01", C.SECURITY)["value"] == 1
    depok = next(r for r in matrix["rows"] if r["office"].code == "32.76")
    assert depok["reached"] == 2
    security = [code for code, _ in matrix["categories"]].index(C.SECURITY)
    assert matrix["column_reach"][security] == 2 and matrix["peak"] == 3


def test_category_matrix_on_agreements(matrix_data):
    matrix = coverage.category_matrix(Q1, "agreements")
    assert cell(matrix, "32.76", C.UNIVERSITY)["value"] == 1
    assert cell(matrix, "32.76", C.SECURITY)["value"] == 0


def test_diversity_in_the_ranking_matches_the_matrix(matrix_data):
    # The ranking's partner diversity counts categories over activities AND agreements: Depok {university,
    # tni_polri} = 2, the matrix rows show the same categories reached.
    rows = {row.office_code: row for row in compute_ranking(Q1).rows}
    assert rows["32.76"].raw["partner_diversity"] == 2 and rows["32.01"].raw["partner_diversity"] == 1


def test_heat_buckets():
    assert [coverage.heat(v, 8) for v in (0, 1, 2, 3, 4, 5, 8)] == [0, 1, 1, 2, 2, 3, 4]
    assert coverage.heat(5, 0) == 0


@pytest.fixture
def national(partners):
    mou = AgreementFactory(
        office=office("32"),
        kind=AgreementKind.MOU,
        partners=[partners["national"]],
        start_date=dt.date(2022, 1, 1),
        end_date=dt.date(2027, 1, 1),
        verification_status=V.VERIFIED,
    )

    def child(code, status=V.VERIFIED, start=dt.date(2023, 6, 1), end=None):
        return AgreementFactory(
            office=office(code), parent=mou, start_date=start, end_date=end, verification_status=status
        )

    child("32.76")
    child("32.76")
    child("32.01", status=V.SUBMITTED)
    child("32.02", start=dt.date(2022, 6, 1), end=dt.date(2023, 6, 1))  # expired before the period
    # National partner but no children, and children without national scope: both left out.
    AgreementFactory(office=office("32"), partners=[partners["national"]], start_date=dt.date(2022, 1, 1))
    local = AgreementFactory(office=office("32.03"), partners=[partners["police"]], start_date=dt.date(2022, 1, 1))
    AgreementFactory(office=office("32.03"), parent=local, start_date=dt.date(2023, 1, 1))
    return mou


def test_flowdown_states(national):
    items = coverage.flowdown(Q1)
    assert [item["agreement"] for item in items] == [national]
    states = {c["office"].code: (c["state"], c["count"]) for c in items[0]["cells"]}
    assert states["32.76"] == ("verified", 2)
    assert states["32.01"] == ("pending", 0)
    assert states["32.02"] == ("inactive", 0)
    assert states["32.03"] == ("none", 0)
    assert (items[0]["covered"], items[0]["missing"]) == (1, 26)


def test_quarterly_trends_come_from_the_ranking(matrix_data):
    data = coverage.quarterly_trends([Q1, Q2])
    depok = next(entry for entry in data["offices"] if entry["code"] == "32.76")
    assert [(p.activities, p.agreements) for p in depok["points"]] == [(3, 1), (1, 1)]
    q1 = {row.office_code: row for row in compute_ranking(Q1).rows}
    assert depok["points"][0].score == q1["32.76"].score
    assert [(p.activities, p.agreements) for p in data["province"]] == [(4, 1), (1, 1)]
    assert data["province"][0].score == sum(row.score for row in q1.values()) / 27


def test_trend_query_budget(matrix_data, django_assert_num_queries):
    # 1 weights, then per quarter: offices, agreements, activities, agreement and activity category counts
    with django_assert_num_queries(21):
        coverage.quarterly_trends(Period.for_year(2024).quarters())


def _matrix(role_clients, url, expected):
    for role, status in expected.items():
        response = role_clients[role].get(url)
        assert response.status_code == status, (role, url, response.status_code)


@pytest.mark.parametrize("name", ["reports:coverage", "reports:trends"])
def test_pages_matrix(role_clients, name, matrix_data):
    expected = {"anonymous": 302, "own_office": 403, "other_office": 403, "verifier": 200, "leader": 200}
    _matrix(role_clients, reverse(name) + "?year=2024", expected)


def test_coverage_page(client_leader, matrix_data, national):
    page = client_leader.get(reverse("reports:coverage") + "?year=2024&quarter=1").content.decode()
    assert 'id="kantor-32.76"' in page and "Turunan kerja sama nasional" in page
    assert "<strong>1</strong> dari 27 kantor" in page
    assert 'class="heat-4"' in page and 'style="' not in page


def test_coverage_page_query_budget(client_leader, matrix_data, national, django_assert_num_queries):
    url = reverse("reports:coverage") + "?year=2024"
    client_leader.get(url)  # the first page after signing in renews the session (hubal.middleware)
    cache.clear()
    # 1 session, 2 user, 3-4 data version (the matrix's HTML, its figure), 5 offices, 6 matrix counts, 7-8 data
    # version (the flow-down's HTML, its figure), 9 offices, 10 national agreements, 11 their partners, 12 child
    # agreements grouped, 13 unread inbox count (header); the user's office comes with the user
    with django_assert_num_queries(13):
        client_leader.get(url)
    for code in ("32.04", "32.05", "32.06"):
        activity(code, [PartnerFactory(category=C.NGO)])
    cache.clear()
    with django_assert_num_queries(13):
        client_leader.get(url)
    # cached: 1 session, 2 user with their office, 3-4 data version (the matrix's and the flow-down's HTML), 5
    # unread inbox count
    with django_assert_num_queries(5):
        client_leader.get(url)


def test_trends_page_with_an_office(client_verifier, matrix_data):
    response = client_verifier.get(reverse("reports:trends") + "?year=2024&office=32.76")
    page = response.content.decode()
    assert response.status_code == 200 and "Kota Depok dibanding rata-rata" in page
    assert "TW I 2024" in page and page.count("<svg") == 2
