"""The leader's dashboard on the home page: who sees it, the figures worked out by hand, the cache that follows
the data, and the query budget (clock: Monday 16 June 2025, 09:00 WIB)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from agencies.choices import PartnerCategory
from agencies.choices import VerificationStatus as V
from agencies.models import Activity
from agencies.services import verification as verification_services
from reports.dashboard import selectors as dashboard
from reports.models import IkpScore
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory, office
from tests.matrix import LOGIN, check_matrix

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

HOME = reverse("home")
TODAY = dt.date(2025, 6, 16)


def _activity(code: str, end: dt.date, status=V.VERIFIED, **kwargs):
    return ActivityFactory(office=office(code), start_date=end, end_date=end, verification_status=status, **kwargs)


@pytest.fixture
def records(db):
    monitor = PartnerFactory(name="JPPR Kota Depok", category=PartnerCategory.MONITORING_ORG)
    # This year to date (1 Jan - 16 Jun 2025): Kota Depok 3 verified (one with a monitoring organisation),
    # Kabupaten Bogor 1; not counted: a submitted one, the province's own.
    _activity("32.76", dt.date(2025, 2, 1), partners=[monitor])
    _activity("32.76", dt.date(2025, 3, 1))
    _activity("32.76", dt.date(2025, 6, 10))
    _activity("32.01", dt.date(2025, 4, 1))
    _activity("32.01", dt.date(2025, 5, 1), status=V.SUBMITTED)
    _activity("32", dt.date(2025, 5, 1))
    # Same days of 2024: Kota Depok 2; 1 August 2024 is after 16 June, not compared.
    _activity("32.76", dt.date(2024, 1, 10))
    _activity("32.76", dt.date(2024, 6, 16))
    _activity("32.76", dt.date(2024, 8, 1))
    AgreementFactory(
        office=office("32.76"),
        verification_status=V.VERIFIED,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 7, 1),
        title="PKS yang segera berakhir",
    )


def test_home_permission_matrix(role_clients, records):
    check_matrix(
        role_clients, "get", HOME, {"anonymous": LOGIN, "own_office": 200, "other_office": 200, "verifier": 200}
    )
    assert role_clients["leader"].get(HOME).status_code == 200


def test_only_pimpinan_get_the_dashboard(role_clients, records):
    templates = {side: role_clients[side].get(HOME).templates[0].name for side in ("own_office", "verifier", "leader")}
    assert templates == {
        "own_office": "agencies/home_staff.html",
        "verifier": "agencies/home_province.html",
        "leader": "reports/dashboard.html",
    }


def test_dashboard_offers_no_verification_queue(client_leader, records):
    page = client_leader.get(HOME).content.decode()
    assert reverse("agencies:verification-queue") not in page
    assert "Antrean verifikasi" not in page


def test_key_figures_against_the_same_days_of_last_year(client_leader, records):
    figures = {f.key: f for f in client_leader.get(HOME).context["figures"]["figures"]}
    activities = figures["activities"]
    assert (activities.value, activities.previous, activities.change, activities.change_percent) == (4, 2, 2, 100)
    assert (figures["monitoring_orgs"].value, figures["monitoring_orgs"].previous) == (1, 0)
    assert figures["monitoring_orgs"].change_percent is None
    assert (figures["active_agreements"].value, figures["active_agreements"].previous) == (1, 0)


def test_podium_is_the_ranking_selectors_top_three(client_leader, records):
    response = client_leader.get(HOME)
    podium = response.context["figures"]["podium"]
    assert [row["office_code"] for row in podium[:2]] == ["32.76", "32.01"]
    assert [row["rank"] for row in podium] == [1, 2, 3]
    page = response.content.decode()
    assert page.index("Tiga besar 2025") < page.index("Angka utama")  # the podium comes first
    assert "Bawaslu Kota Depok" in page


def test_year_to_date_handles_the_29th_of_february():
    this, last = dashboard.year_to_date(dt.date(2024, 2, 29))
    assert (this.start, this.end, last.start, last.end) == (
        dt.date(2024, 1, 1),
        dt.date(2024, 2, 29),
        dt.date(2023, 1, 1),
        dt.date(2023, 2, 28),
    )


def test_trend_covers_last_year_and_this_year_to_date(client_leader, records):
    response = client_leader.get(HOME)
    trend = response.context["figures"]["trend"]
    assert trend["labels"] == ["TW I 2024", "TW II 2024", "TW III 2024", "TW IV 2024", "TW I 2025", "TW II 2025*"]
    assert trend["activities"] == [1, 1, 1, 0, 2, 2]
    assert 'class="chart"' in response.content.decode()


def test_expiring_agreements_are_listed(client_leader, records):
    page = client_leader.get(HOME).content.decode()
    assert "PKS yang segera berakhir" in page and "15 hari lagi" in page


def test_offices_needing_attention(client_leader, records):
    high = {"participation": Decimal("80"), "participation_level": "tinggi"}
    low = {f"{d}_level": "rendah" for d in ("social_political", "administration", "contestation")}
    low |= {d: Decimal("10") for d in ("social_political", "administration", "contestation")}
    IkpScore.objects.create(office=office("32.76"), year=2025, **high, **low)
    attention = client_leader.get(HOME).context["figures"]["attention"]
    assert attention["ikp_year"] == 2025
    assert [(o["code"], o["dimensions"]) for o in attention["mismatches"]] == [("32.76", ["Partisipasi"])]
    no_monitoring = [o["code"] for o in attention["no_monitoring"]]
    assert "32.76" not in no_monitoring and "32.01" in no_monitoring and len(no_monitoring) == 26


def test_a_verification_refreshes_the_cached_figures(client_leader, records, verifier, clock):
    assert client_leader.get(HOME).context["figures"]["figures"][0].value == 4
    clock.shift(dt.timedelta(seconds=1))
    submitted = Activity.objects.get(verification_status=V.SUBMITTED)
    verification_services.record_verify(user=verifier, record=submitted)
    response = client_leader.get(HOME)
    assert response.context["figures"]["figures"][0].value == 5
    assert response.context["counts"]["activities"]["verified"] == 9  # 8 in the fixture, all offices and years


def test_query_budget_with_a_warm_cache(client_leader, records, django_assert_num_queries):
    client_leader.get(HOME)  # computes and caches the ranking-based figures, renews the session
    # 1 session, 2 user, 3 the data version of the cached figures, 4 the newest publication, 5-10 the summary
    # counts, read live (offices, partners, agreement states, agreements in force, activity states, activities
    # this year), 11-12 agreements expiring soon (rows, count), 13 unread inbox count
    # (header); the user's office comes with the user.
    with django_assert_num_queries(13):
        client_leader.get(HOME)


def test_query_budget_with_a_cold_cache_is_constant(client_leader, records, django_assert_num_queries):
    client_leader.get(HOME)
    cache.clear()
    # The warm page (13) plus the cached figures: two rankings (year to date, last year: 6 queries each), six
    # quarters of the trend (5 each, weights read once), the IKP year and the alignment (offices, scores,
    # activities, agreements).
    with django_assert_num_queries(13 + 12 + 31 + 1 + 4):
        client_leader.get(HOME)
