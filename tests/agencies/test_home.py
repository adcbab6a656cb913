"""Home pages per role: the staff to-do list and year figures, the province overview, query budgets."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from agencies.choices import VerificationStatus as V
from agencies.models import Activity, Agreement
from tests.factories import ActivityFactory, AgreementFactory, EvidenceFactory, PartnerFactory

pytestmark = pytest.mark.django_db

HOME = reverse("home")
NOW = dt.datetime(2025, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
TODAY = NOW.date()


pytestmark = [pytestmark, pytest.mark.clock(NOW)]


def day(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def _created(record, days_ago: int):
    type(record).objects.filter(pk=record.pk).update(created_at=NOW - dt.timedelta(days=days_ago))
    return record


@pytest.mark.parametrize(
    ("side", "template"),
    [
        ("own_office", "agencies/home_staff.html"),
        ("other_office", "agencies/home_staff.html"),
        ("verifier", "agencies/home_province.html"),
        ("leader", "reports/dashboard.html"),  # tests/reports/dashboard/
    ],
)
def test_each_role_gets_its_home(role_clients, side, template):
    response = role_clients[side].get(HOME)
    assert response.status_code == 200
    assert template in [t.name for t in response.templates]
    assert "counts" in response.context  # "Data yang dapat Anda lihat" stays on every home


def test_anonymous_goes_to_login(client):
    assert client.get(HOME)["Location"].startswith(reverse("login"))


# Staff -------------------------------------------------------------------------------------------


@pytest.fixture
def office_a_work(office_a, office_b):
    returned = ActivityFactory(
        office=office_a, title="Audiensi Polres", verification_status=V.RETURNED, return_note="Foto belum ada."
    )
    draft = ActivityFactory(office=office_a, title="FGD kampus")
    ActivityFactory(office=office_a, title="Sudah terverifikasi", verification_status=V.VERIFIED)
    EvidenceFactory(
        activity=ActivityFactory(office=office_a, title="Lengkap dengan bukti", verification_status=V.VERIFIED)
    )
    ActivityFactory(office=office_b, title="Milik kantor lain")
    return {"returned": returned, "draft": draft}


def test_staff_todo_returned_first_with_note(client_a, office_a_work):
    response = client_a.get(HOME)
    todo = response.context["todo"]
    assert [a.title for a in todo["activities"]] == ["Audiensi Polres", "FGD kampus"]
    html = response.content.decode()
    assert "Foto belum ada." in html and "Milik kantor lain" not in html
    assert "1 data dikembalikan oleh verifikator." in html


def test_staff_todo_activities_without_evidence(client_a, office_a_work):
    todo = client_a.get(HOME).context["todo"]
    # Every office A activity except the one with evidence: returned, draft, verified.
    assert todo["no_evidence_count"] == 3
    assert {a.title for a in todo["no_evidence"]} == {"Audiensi Polres", "FGD kampus", "Sudah terverifikasi"}


def test_staff_todo_agreements_expiring_within_90_days(client_a, office_a, office_b):
    start = day(-300)
    AgreementFactory(office=office_a, title="Berakhir 90 hari", start_date=start, end_date=day(90))
    AgreementFactory(office=office_a, title="Berakhir hari ini", start_date=start, end_date=day(0))
    AgreementFactory(office=office_a, title="Berakhir 91 hari", start_date=start, end_date=day(91))
    AgreementFactory(office=office_a, title="Sudah berakhir", start_date=start, end_date=day(-1))
    AgreementFactory(
        office=office_a,
        title="Diakhiri",
        start_date=start,
        end_date=day(30),
        terminated_on=day(60),
        termination_reason="x",
    )
    AgreementFactory(office=office_b, title="Kantor lain", start_date=start, end_date=day(10))
    expiring = client_a.get(HOME).context["todo"]["expiring"]
    assert [(a.title, a.days_left) for a in expiring["rows"]] == [("Berakhir hari ini", 0), ("Berakhir 90 hari", 90)]
    assert expiring["count"] == 2


def test_staff_year_figures(client_a, office_a, office_b):
    p1, p2 = PartnerFactory(), PartnerFactory()
    ActivityFactory(office=office_a, partners=[p1, p2], participants_male=10, participants_female=5)
    ActivityFactory(office=office_a, partners=[p1], verification_status=V.VERIFIED, participants_female=7)
    ActivityFactory(office=office_a, start_date=dt.date(2024, 12, 1), end_date=dt.date(2024, 12, 1))  # last year
    ActivityFactory(office=office_b, participants_male=100)
    AgreementFactory(office=office_a, start_date=dt.date(2025, 1, 2), verification_status=V.VERIFIED)
    AgreementFactory(office=office_a, start_date=dt.date(2024, 5, 1))  # started last year
    year = client_a.get(HOME).context["year"]
    assert year == {
        "year": 2025,
        "activities": 2,
        "activities_verified": 1,
        "participants": 22,  # 10 + 5 + 7
        "agreements": 1,
        "agreements_verified": 1,
        "partners": 2,
    }


def test_staff_home_has_no_province_overview(client_a):
    response = client_a.get(HOME)
    assert "overview" not in response.context
    assert "Antrean verifikasi per kantor" not in response.content.decode()


def _staff_rows(office, n):
    for i in range(n):
        ActivityFactory(office=office, verification_status=[V.DRAFT, V.RETURNED, V.VERIFIED][i % 3])
        AgreementFactory(office=office, start_date=day(-100), end_date=day(10 + i), verification_status=V.DRAFT)


@pytest.mark.parametrize("n", [3, 30])
def test_staff_home_query_budget(client_a, office_a, django_assert_num_queries, n):
    _staff_rows(office_a, n)
    # 1 session, 2 user; home_counts: 3 offices, 4 partners, 5 agreement states, 6 agreements in force,
    # 7 activity states, 8 activities this year; badge: 9 agreements, 10 activities;
    # to-do: 11 agreement drafts/returned, 12 activity drafts/returned, 13 expiring rows, 14 expiring count,
    # 15 activities without evidence count, 16 their rows; year: 17 activities, 18 agreements, 19 partners;
    # 20-22 savepoint, session save, release (the user's office comes with the user).
    # +1 unread inbox count (header)
    with django_assert_num_queries(23):
        response = client_a.get(HOME)
    assert len(response.context["todo"]["activities"]) == min(n - n // 3, 8)  # drafts and returned


# Verifier and leader -----------------------------------------------------------------------------


@pytest.fixture
def province_state(office_a, office_b):
    """Office A: busy (recent records, a queue); office B: quiet for 40 days; the rest: never recorded."""
    ActivityFactory(office=office_a, verification_status=V.SUBMITTED)
    AgreementFactory(office=office_a, verification_status=V.SUBMITTED)
    ActivityFactory(office=office_a, verification_status=V.SUBMITTED)
    _created(ActivityFactory(office=office_b, verification_status=V.SUBMITTED), 40)
    _created(AgreementFactory(office=office_b, start_date=day(-400), end_date=day(20), title="PKS Bogor"), 45)


def test_province_queue_per_office(client_verifier, province_state):
    overview = client_verifier.get(HOME).context["overview"]
    assert [(o.code, o.queue_agreements, o.queue_activities) for o in overview["queue"]] == [
        ("32.76", 1, 2),
        ("32.01", 0, 1),
    ]
    assert overview["queue_total"] == 4


def test_province_quiet_offices(client_verifier, province_state):
    quiet = client_verifier.get(HOME).context["overview"]["quiet"]
    codes = [o.code for o in quiet]
    assert "32.76" not in codes and "32" not in codes  # busy office; the province is not ranked
    assert len(codes) == 26  # 27 regencies/cities minus the busy one
    bogor = next(o for o in quiet if o.code == "32.01")
    assert bogor.last_record_at == NOW - dt.timedelta(days=40)
    assert next(o for o in quiet if o.code == "32.02").last_record_at is None


def test_office_with_a_record_exactly_30_days_old_is_not_quiet(client_verifier, office_b):
    _created(ActivityFactory(office=office_b), 30)
    codes = [o.code for o in client_verifier.get(HOME).context["overview"]["quiet"]]
    assert "32.01" not in codes


def test_province_expiring_across_offices(client_verifier, province_state, office_a):
    AgreementFactory(office=office_a, start_date=day(-10), end_date=day(5), title="PKS Depok")
    expiring = client_verifier.get(HOME).context["overview"]["expiring"]
    assert [a.title for a in expiring["rows"]] == ["PKS Depok", "PKS Bogor"]


def test_leader_home_is_read_only(client_leader, client_verifier, province_state):
    leader_html = client_leader.get(HOME).content.decode()
    assert "antrean verifikasi" not in leader_html.lower()  # pimpinan cannot act on it
    assert "Buka antrean verifikasi (4)" in client_verifier.get(HOME).content.decode()
    body = leader_html.split('<main id="main"')[1]
    assert 'method="post"' not in body


def _province_rows(offices, n):
    for i in range(n):
        office = offices[i % len(offices)]
        ActivityFactory(office=office, verification_status=V.SUBMITTED)
        AgreementFactory(office=office, start_date=day(-100), end_date=day(5 + i))


@pytest.mark.parametrize("n", [3, 30])
@pytest.mark.parametrize("side", ["verifier"])  # the leader's dashboard: tests/reports/dashboard/
def test_province_home_query_budget(role_clients, office_a, office_b, django_assert_num_queries, n, side):
    _province_rows([office_a, office_b], n)
    # 1 session, 2 user; home_counts: 3 offices, 4 partners, 5 agreement states, 6 agreements in force,
    # 7 activity states, 8 activities this year; 9 offices with queue sizes and last record times,
    # 10 expiring rows, 11 expiring count; 12-14 savepoint, session save, release (office: with the user).
    # +1 unread inbox count (header)
    with django_assert_num_queries(15):
        response = role_clients[side].get(HOME)
    assert len(response.context["overview"]["expiring"]["rows"]) == min(n, 8)


def test_home_counts_table_still_there(client_verifier, province_state):
    counts = client_verifier.get(HOME).context["counts"]
    assert counts["activities"]["submitted"] == 3 and counts["agreements"]["total"] == Agreement.objects.count()
    assert counts["activities"]["total"] == Activity.objects.count()
