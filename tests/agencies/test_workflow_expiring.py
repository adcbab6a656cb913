"""The page of agreements expiring within 180 / 90 / 30 days, per office."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from agencies.models import ReminderSent
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("agencies:expiring")
NOW = dt.datetime(2025, 6, 15, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
TODAY = NOW.date()


pytestmark = [pytestmark, pytest.mark.clock(NOW)]


def day(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def _agreement(office, end_in: int, title: str, **kwargs):
    return AgreementFactory(office=office, title=title, start_date=day(-300), end_date=day(end_in), **kwargs)


@pytest.fixture
def spread(office_a, office_b):
    return {
        "a30": _agreement(office_a, 30, "Depok 30"),
        "a31": _agreement(office_a, 31, "Depok 31"),
        "a180": _agreement(office_a, 180, "Depok 180"),
        "a181": _agreement(office_a, 181, "Depok 181"),
        "a_end": _agreement(office_a, 0, "Depok hari ini"),
        "a_gone": _agreement(office_a, -1, "Depok kemarin"),
        "a_term": _agreement(office_a, 20, "Depok diakhiri", terminated_on=day(-1), termination_reason="Dibatalkan"),
        "b90": _agreement(office_b, 90, "Bogor 90"),
    }


def _titles(response):
    return [a.title for a in response.context["rows"]]


@pytest.mark.parametrize(
    ("side", "expected", "titles"),
    [
        ("anonymous", 302, None),
        ("own_office", 200, ["Depok hari ini", "Depok 30", "Depok 31", "Depok 180"]),
        ("other_office", 200, ["Bogor 90"]),
        ("verifier", 200, ["Bogor 90", "Depok hari ini", "Depok 30", "Depok 31", "Depok 180"]),
        ("leader", 200, ["Bogor 90", "Depok hari ini", "Depok 30", "Depok 31", "Depok 180"]),
    ],
)
def test_expiring_permission_matrix(role_clients, spread, side, expected, titles):
    response = role_clients[side].get(PAGE)
    assert response.status_code == expected
    if titles is not None:
        assert _titles(response) == titles  # by office code (32.01 before 32.76), then end date


@pytest.mark.parametrize(
    ("within", "titles"),
    [("30", ["Depok hari ini", "Depok 30"]), ("90", ["Depok hari ini", "Depok 30", "Depok 31"])],
)
def test_within_filter(client_a, spread, within, titles):
    assert _titles(client_a.get(PAGE, {"within": within})) == titles


def test_bad_within_falls_back_to_180(client_a, spread):
    assert len(_titles(client_a.get(PAGE, {"within": "9999"}))) == 4


def test_office_filter_for_provincial_users(client_verifier, spread):
    assert _titles(client_verifier.get(PAGE, {"office": "32.01"})) == ["Bogor 90"]


def test_staff_cannot_look_at_another_office(client_a, spread):
    response = client_a.get(PAGE, {"office": "32.01"})
    assert "Bogor 90" not in response.content.decode()
    assert _titles(response) == ["Depok hari ini", "Depok 30", "Depok 31", "Depok 180"]
    assert "office" not in response.context["form"].fields


def test_band_counts(client_verifier, spread):
    # Within 30: hari ini, 30; within 90: those + 31, Bogor 90; within 180: those + 180 (181 and past: never).
    assert client_verifier.get(PAGE).context["bands"] == {"d30": 2, "d90": 4, "d180": 5}


def test_rows_show_days_left_and_reminders_mailed(client_a, spread):
    agreement = spread["a30"]
    ReminderSent.objects.create(agreement=agreement, threshold_days=30, end_date=agreement.end_date, recipients="x@y")
    ReminderSent.objects.create(
        agreement=agreement,
        threshold_days=90,
        end_date=agreement.end_date,
        recipients="(tidak dikirim: tercakup …)",
        covered=True,
    )
    ReminderSent.objects.create(agreement=agreement, threshold_days=180, end_date=day(-5), recipients="old@y")
    rows = {a.title: a for a in client_a.get(PAGE).context["rows"]}
    row = rows["Depok 30"]
    assert (row.days_left, row.band) == (30, 30)
    assert rows["Depok 31"].band == 90 and rows["Depok 180"].band == 180
    assert [log.threshold_days for log in row.mailed] == [30]  # covered and old-end-date rows are not shown


def test_page_text_names_the_office_kind(client_verifier, spread):
    html = client_verifier.get(PAGE).content.decode()
    assert "Bawaslu Kabupaten Bogor" in html and "Bawaslu Kota Depok" in html


def _many(office, n):
    for i in range(n):
        _agreement(office, 5 + i, f"PKS {i}")


@pytest.mark.parametrize("n", [3, 30])
def test_expiring_query_budget(client_verifier, office_a, office_b, django_assert_num_queries, n):
    _many(office_a, n)
    _many(office_b, n)
    # 1 session, 2 user, 3 page count, 4 page rows (with office), 5 their partners, 6 their reminder logs,
    # 7 band counts, 8 offices for the filter drop-down (the user's office comes with the user),
    # 9-11 savepoint, session save, release.
    # +1 unread inbox count (header)
    with django_assert_num_queries(12):
        response = client_verifier.get(PAGE)
    assert len(response.context["rows"]) == 2 * n
