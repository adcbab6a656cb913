"""The lists behind the ranking figures: same rows as the ranking, a total line equal to the figure."""

import pytest
from django.urls import reverse

from agencies.choices import PartnerCategory as C
from reports.ranking.selectors import compute_ranking
from tests.factories import PartnerFactory
from tests.matrix import LOGIN, check_matrix
from tests.reports.ranking.test_ranking import DEFAULT, Q1, activity, by_code, dataset, partners  # noqa: F401

pytestmark = pytest.mark.django_db

QUERY = "?year=2024&quarter=1"


def _url(name: str, code: str = "32.76") -> str:
    return reverse(f"reports:ranking-{name}", args=[code]) + QUERY


@pytest.mark.parametrize("name", ["activities", "categories"])
def test_breakdown_matrix(role_clients, dataset, name):  # noqa: F811
    expected = {"anonymous": LOGIN, "own_office": 200, "other_office": 404, "verifier": 200, "leader": 200}
    check_matrix(role_clients, "get", _url(name), expected)
    # The province office is never ranked; an unknown code is not found.
    for code in ("32", "99.99"):
        assert role_clients["verifier"].get(_url(name, code)).status_code == 404


def test_activity_total_line_equals_the_ranking_figures(client_verifier, dataset):  # noqa: F811
    row = by_code(compute_ranking(Q1, weights=DEFAULT))["32.76"]
    response = client_verifier.get(_url("activities"))
    totals = response.context["totals"]
    assert totals == {
        "activities": row.raw["activities"],
        "reports": row.raw["violation_reports"],
        "timely": row.raw["timeliness"],
    }
    assert totals == {"activities": 2, "reports": 8, "timely": 1}
    rows = list(response.context["rows"])
    # The activity ending 31 March recorded 7 days later is on time; the one recorded 8 days later is not.
    assert [(a.end_date.isoformat(), a.days_to_record, a.on_time) for a in rows] == [
        ("2024-02-10", 8, False),
        ("2024-03-31", 7, True),
    ]
    page = response.content.decode()
    assert "Jumlah (2 kegiatan)" in page and "<strong>8</strong>" in page and "<strong>1</strong> dari 2" in page


def test_category_list_equals_partner_diversity(client_verifier, dataset):  # noqa: F811
    row = by_code(compute_ranking(Q1, weights=DEFAULT))["32.76"]
    rows = client_verifier.get(_url("categories")).context["rows"]
    assert len(rows) == row.raw["partner_diversity"] == 3
    by_category = {r.code: r for r in rows}
    assert set(by_category) == {C.UNIVERSITY, C.MONITORING_ORG, C.SECURITY}
    # The university: one agreement (ending on the first day of the period) and the activity of 31 March.
    assert (len(by_category[C.UNIVERSITY].agreements), len(by_category[C.UNIVERSITY].activities)) == (1, 1)
    assert (len(by_category[C.MONITORING_ORG].agreements), len(by_category[C.MONITORING_ORG].activities)) == (1, 1)


def test_ranking_links_to_the_breakdowns(client_verifier, dataset):  # noqa: F811
    page = client_verifier.get(reverse("reports:ranking") + QUERY).content.decode()
    assert reverse("reports:ranking-activities", args=["32.76"]) + "?year=2024&amp;quarter=1" in page
    assert reverse("reports:ranking-categories", args=["32.76"]) + "?year=2024&amp;quarter=1" in page


def test_breakdown_query_budget(client_verifier, django_assert_num_queries, partners):  # noqa: F811
    import datetime as dt

    client_verifier.get(_url("activities"))  # the first page after signing in renews the session
    for day in range(1, 4):
        activity("32.76", dt.date(2024, 1, day), [partners["univ"], partners["mon"]], reports=day)
    # 1 session, 2 user, 3 the office, 4 the total line, 5 the rows
    # +1 unread inbox count (header)
    with django_assert_num_queries(6):
        client_verifier.get(_url("activities"))
    # 1 session, 2 user, 3 the office, 4 agreements (none: no partner prefetch), 5 activities, 6 their partners
    # (the user's office comes with the user)
    # +1 unread inbox count (header)
    with django_assert_num_queries(7):
        client_verifier.get(_url("categories"))
    for day in range(4, 20):
        activity("32.76", dt.date(2024, 1, day), [PartnerFactory(category=C.MEDIA)], reports=1)
    # +1 unread inbox count (header)
    with django_assert_num_queries(6):
        assert client_verifier.get(_url("activities")).context["totals"]["activities"] == 19
    # +1 unread inbox count (header)
    with django_assert_num_queries(7):
        assert len(client_verifier.get(_url("categories")).context["rows"]) == 3


def test_category_rows_link_to_the_filtered_lists(client_verifier, dataset):  # noqa: F811
    page = client_verifier.get(_url("categories")).content.decode()
    activity_list = reverse("agencies:activity-list")
    assert (
        f"{activity_list}?office=32.76&amp;verification=verified&amp;end_from=2024-01-01&amp;end_to=2024-03-31"
        "&amp;partner_category=university" in page
    )
    assert "Jumlah: 3 kategori mitra berbeda" in page
