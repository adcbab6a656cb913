"""Capaian Kinerja page, LAKIP workbook download and indicator pages: permissions, content, query budgets."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from agencies.choices import VerificationStatus as V
from reports.models import PerformanceIndicator, PerformanceTarget
from tests.factories import ActivityFactory, AgreementFactory, office
from tests.reports.lakip.test_lakip import build_dataset

pytestmark = pytest.mark.django_db

PERFORMANCE = reverse("reports:performance")
WORKBOOK = reverse("reports:lakip-workbook")


# 15 January 2026 (WIB): the year 2025 is complete.
pytestmark = [pytestmark, pytest.mark.clock(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC))]


def statuses(role_clients, url, method="get", data=None) -> dict:
    return {role: getattr(client, method)(url, data or {}).status_code for role, client in role_clients.items()}


def test_performance_permission_matrix(role_clients):
    # Office A's (Kota Depok) figures: office B may not see them (404); pimpinan reads everything.
    url = PERFORMANCE + "?year=2025&office=32.76"
    assert statuses(role_clients, url) == {
        "anonymous": 302,
        "own_office": 200,
        "other_office": 404,
        "verifier": 200,
        "leader": 200,
    }
    assert role_clients["anonymous"].get(url).url.startswith(reverse("login"))


def test_province_aggregate_only_for_provincial_users(role_clients):
    url = PERFORMANCE + "?year=2025&office=32"
    assert statuses(role_clients, url) == {
        "anonymous": 302,
        "own_office": 404,
        "other_office": 404,
        "verifier": 200,
        "leader": 200,
    }


def test_workbook_permission_matrix(role_clients):
    url = WORKBOOK + "?year=2025&office=32.76"
    assert statuses(role_clients, url) == {
        "anonymous": 302,
        "own_office": 200,
        "other_office": 404,
        "verifier": 200,
        "leader": 200,
    }
    assert statuses(role_clients, WORKBOOK + "?year=2025&office=32")["own_office"] == 404


def test_default_unit_is_own_office_for_staff_and_province_for_others(client_a, client_verifier):
    assert client_a.get(PERFORMANCE).context["report"].office.code == "32.76"
    assert client_verifier.get(PERFORMANCE).context["report"].office.code == "32"
    response = client_a.get(WORKBOOK + "?year=2025")
    assert response["Content-Disposition"].endswith('filename="LAKIP-2025-Kota-Depok.xlsx"')


def test_page_and_workbook_show_the_same_numbers(client_a):
    build_dataset()
    page = client_a.get(PERFORMANCE + "?year=2025")
    rows = page.context["rows"]
    ik03 = rows[2]
    # Worked out in test_lakip: target 4, TW 1/3/0/1, year 5, capaian 125 % (percentages: always 2 decimals).
    assert (ik03["target"], [q["value"] for q in ik03["quarters"]], ik03["year"], ik03["capaian"]) == (
        "4",
        ["1", "3", "0", "1"],
        "5",
        "125,00",
    )
    # IK-07 is a percentage: 100,00 beside 33,33; its capaian 75,00 (not "75").
    assert [q["value"] for q in rows[6]["quarters"]] == ["100,00", "33,33", "–", "100,00"]
    assert rows[6]["target"] == "80,00" and rows[6]["year"] == "60,00" and rows[6]["capaian"] == "75,00"
    html = page.content.decode()
    assert "125,00%" in html and "33,33" in html and "<svg" in html and 'style="' not in html
    response = client_a.get(WORKBOOK + "?year=2025")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    measure = [[c.value for c in row] for row in wb["Pengukuran Kinerja"].iter_rows(min_row=6)]
    for row, shown in zip(measure, rows, strict=True):
        written = [row[4], *row[5:10]]
        on_page = [shown["target"], *[q["value"] for q in shown["quarters"]], shown["year"]]
        percent_unit = shown["result"].indicator.unit.strip() == "%"
        assert [_as_page_text(v, two=percent_unit) for v in written] == on_page
        assert _as_page_text(row[10], percent=True) == shown["capaian"]


def _as_page_text(value, percent=False, two=False) -> str:
    """The workbook's number as the page prints it (Indonesian decimal comma, '–' when missing); percentages
    with two decimals."""
    if value == "–" or value is None:
        return "–"
    value = round(value * 100, 2) if percent else value
    if percent or two:
        return f"{value:.2f}".replace(".", ",")
    text = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"
    return text.replace(".", ",")


def test_links_to_the_records_behind_a_figure(client_a):
    build_dataset()
    row = client_a.get(PERFORMANCE + "?year=2025").context["rows"][2]
    url = row["quarters"][1]["url"]
    if url is None:  # the activity list belongs to another helper and may not be routed yet
        pytest.skip("activity list not routed")
    assert "verification=verified" in url and "end_from=2025-04-01" in url and "end_to=2025-06-30" in url
    assert "office=32.76" in url


def test_province_page_has_recap_of_the_offices(client_verifier):
    build_dataset()
    response = client_verifier.get(PERFORMANCE + "?year=2025&office=32")
    recap = response.context["recap"]
    assert len(recap["rows"]) == 28
    depok = next(row for row in recap["rows"] if row["office"].code == "32.76")
    assert depok["cells"][2]["value"] == "5" and depok["cells"][2]["capaian"] == "125,00"
    assert recap["total"][2]["value"] == "7" and recap["total"][2]["capaian"] == "70,00"
    assert "Rekap kabupaten/kota 2025" in response.content.decode()


def _records(size: int) -> None:
    depok, day = office("32.76"), dt.date(2025, 5, 2)
    ActivityFactory.create_batch(size, office=depok, verification_status=V.VERIFIED, start_date=day, end_date=day)
    AgreementFactory.create_batch(size, office=depok, verification_status=V.VERIFIED, start_date=day, signed_on=day)


@pytest.mark.parametrize("size", [3, 30])
def test_performance_page_query_budget(client_a, client_verifier, django_assert_num_queries, size):
    _records(size)
    # session, user (with their office, the default unit), the requested office (permission boundary), the data
    # version (LAKIP chapter), the chapter computed (figure cache missed: the Renstra period, indicators, the five
    # measurements of the three years at once: agreements signed, agreements in force, activity flows with their
    # budget, distinct partners, manual values; targets, predicate scale, budget of agreements), the data version
    # (years), the years with data (first and last activity, first and last agreement, target and manual years),
    # offices for the unit picker, unread inbox count, session save (savepoint, update, release)
    with django_assert_num_queries(23):
        assert client_a.get(PERFORMANCE + "?year=2025").status_code == 200
    # session, user, the requested office, data version, the province's chapter (Renstra period, indicators, the
    # five measurements, targets of every office, the offices of the recap, predicate scale, agreements' budget),
    # data version (years, cached by the staff page above), offices for the unit picker,
    # inbox count, session save (3)
    with django_assert_num_queries(21):
        assert client_verifier.get(PERFORMANCE + "?year=2025").status_code == 200
    # cached: session, user, the requested office, data version (chapter, years), offices for the unit picker,
    # inbox count
    with django_assert_num_queries(7):
        assert client_verifier.get(PERFORMANCE + "?year=2025").status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_workbook_query_budget(client_a, django_assert_num_queries, size):
    _records(size)
    # session, user (with their office), requested office, the data version, the chapter (figure cache missed):
    # Renstra period, indicators, the five measurements of the three years at once, targets, predicate scale,
    # agreements' budget; annex activities (with their partners' names), annex agreements (same), session save (3)
    with django_assert_num_queries(19):
        response = client_a.get(WORKBOOK + "?year=2025")
        b"".join(response.streaming_content)


def test_indicator_list_readable_by_every_role(role_clients):
    assert statuses(role_clients, reverse("reports:indicators")) == {
        "anonymous": 302,
        "own_office": 200,
        "other_office": 200,
        "verifier": 200,
        "leader": 200,
    }
    html = role_clients["leader"].get(reverse("reports:indicators")).content.decode()
    assert "IK-08" in html and reverse("reports:indicator-create") not in html


INDICATOR_DATA = {
    "code": "IK-09",
    "strategic_goal": "Terwujudnya tata kelola hubungan antar lembaga yang akuntabel",
    "name": "Persentase kepuasan mitra",
    "unit": "%",
    "polarity": "higher",
    "source": "manual",
    "order": "9",
    "is_active": "on",
    "description": "",
}


def test_indicator_create_permissions_and_history(role_clients, verifier):
    url = reverse("reports:indicator-create")
    assert statuses(role_clients, url) == {
        "anonymous": 302,
        "own_office": 403,
        "other_office": 403,
        "verifier": 200,
        "leader": 403,
    }
    for role in ("own_office", "leader"):
        assert role_clients[role].post(url, INDICATOR_DATA).status_code == 403
    assert not PerformanceIndicator.objects.filter(code="IK-09").exists()
    response = role_clients["verifier"].post(url, INDICATOR_DATA)
    assert response.status_code == 302
    created = PerformanceIndicator.objects.get(code="IK-09")
    assert created.is_manual and created.unit == "%"
    assert created.history.get().history_user == verifier


def test_indicator_edit_permissions_validation_and_history(role_clients, verifier):
    indicator = PerformanceIndicator.objects.get(code="IK-03")
    url = reverse("reports:indicator-edit", args=[indicator.pk])
    assert statuses(role_clients, url) == {
        "anonymous": 302,
        "own_office": 403,
        "other_office": 403,
        "verifier": 200,
        "leader": 403,
    }
    data = {**INDICATOR_DATA, "code": "IK-03", "name": "Jumlah kegiatan Hubal", "unit": "kegiatan"}
    data["source"] = "activities"
    assert role_clients["other_office"].post(url, data).status_code == 403
    duplicate = role_clients["verifier"].post(url, {**data, "code": "IK-04"})
    assert duplicate.status_code == 200 and duplicate.context["form"].errors["code"]
    assert role_clients["verifier"].post(url, data).status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Jumlah kegiatan Hubal"
    latest = indicator.history.first()
    assert latest.history_type == "~" and latest.history_user == verifier
    page = role_clients["verifier"].get(url).content.decode()
    assert "Riwayat perubahan" in page and "Jumlah kegiatan Hubal" in page


def test_unknown_indicator_is_404(client_verifier):
    assert client_verifier.get(reverse("reports:indicator-edit", args=[99999])).status_code == 404


def test_year_list_offers_years_with_data_or_targets_and_the_current_year(client_a):
    # Today is 15 January 2026 (the clock above). Data: an activity ending in 2023 and a target for 2021.
    day = dt.date(2023, 5, 2)
    ActivityFactory(office=office("32.76"), verification_status=V.VERIFIED, start_date=day, end_date=day)
    AgreementFactory(office=office("32.76"), start_date=dt.date(2022, 3, 1), signed_on=dt.date(2022, 3, 1))
    PerformanceTarget.objects.create(
        indicator=PerformanceIndicator.objects.get(code="IK-03"), office=office("32.76"), year=2021, yearly=4
    )
    assert client_a.get(PERFORMANCE).context["years"] == [2026, 2023, 2022, 2021]
    # A year typed into the address stays selectable; nothing else is offered.
    assert client_a.get(PERFORMANCE + "?year=2019").context["years"] == [2026, 2023, 2022, 2021, 2019]


def test_percentages_print_with_two_decimals():
    from decimal import Decimal

    from reports.lakip import rules

    assert rules.format_percent(Decimal(75)) == "75,00"
    assert rules.format_percent(Decimal("75.3249")) == "75,32"
    assert rules.format_percent(Decimal("1234.5")) == "1.234,50"
    assert rules.format_percent(None) == "–"
    assert rules.format_value(Decimal(5)) == "5"  # counts stay whole numbers
