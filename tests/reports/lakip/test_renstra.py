"""Renstra periods and targets: the grid, the import (template round trip), permissions and query budget."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.lakip import renstra
from reports.lakip.models import RenstraPeriod, RenstraTarget
from reports.models import PerformanceIndicator
from tests.factories import office
from tests.matrix import LOGIN, check_matrix

pytestmark = [pytest.mark.django_db, pytest.mark.clock(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC))]

GRID = reverse("reports:renstra")
IMPORT = reverse("reports:renstra-import")
CONFIRM = reverse("reports:renstra-import-confirm")
TEMPLATE = reverse("reports:renstra-template")


@pytest.fixture
def period(verifier):
    return renstra.renstra_period_create(user=verifier, start_year=2025)


def ik(code: str) -> PerformanceIndicator:
    return PerformanceIndicator.objects.get(code=code)


def test_period_is_five_years_and_periods_never_overlap(verifier, period):
    assert (period.name, period.years, period.field_of(2027), period.field_of(2030)) == (
        "Renstra 2025–2029",
        [2025, 2026, 2027, 2028, 2029],
        "y3",
        None,
    )
    with pytest.raises(ValidationError, match="bertumpang tindih"):
        renstra.renstra_period_create(user=verifier, start_year=2029)
    assert renstra.renstra_period_create(user=verifier, start_year=2030).label == "2030–2034"
    assert renstra.period_for_year(2029) == period and renstra.period_for_year(2024) is None


def test_grid_saves_years_and_end_target_and_refuses_a_percentage_over_100(client_verifier, period):
    depok = office("32.76")
    url = f"{GRID}?period={period.pk}&indicator=IK-03"
    data = {"period": period.pk, "indicator": "IK-03", f"r-{depok.pk}-y1": "10", f"r-{depok.pk}-y5": "14,5"}
    data[f"r-{depok.pk}-end_target"] = "60"
    assert client_verifier.post(url, data).status_code == 302
    saved = RenstraTarget.objects.get()
    assert (saved.y1, saved.y2, saved.y5, saved.end_target) == (10, None, Decimal("14.5"), 60)
    assert saved.target_for(2029) == Decimal("14.5") and saved.target_for(2030) is None
    bad = {"period": period.pk, "indicator": "IK-07", f"r-{depok.pk}-y1": "101"}
    response = client_verifier.post(f"{GRID}?period={period.pk}&indicator=IK-07", bad)
    assert response.status_code == 200 and "tidak boleh lebih dari 100" in response.content.decode()
    assert RenstraTarget.objects.count() == 1


def test_import_round_trip_through_the_template(client_verifier, verifier, period):
    depok = office("32.76")
    renstra.renstra_grid_save(user=verifier, period=period, cells={(depok.pk, ik("IK-03").pk): {"y1": Decimal(8)}})
    template = client_verifier.get(f"{TEMPLATE}?period={period.pk}")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(template.streaming_content)))
    sheet = book["Renstra"]
    headers = [c.value for c in sheet[1]]
    assert headers[5:] == [
        "Target 2025",
        "Target 2026",
        "Target 2027",
        "Target 2028",
        "Target 2029",
        "Target Akhir Renstra",
    ]
    rows = {(r[0].value, r[2].value): r for r in sheet.iter_rows(min_row=2)}
    assert rows[("32.76", "IK-03")][5].value == 8
    for column, value in zip(range(5, 11), [8, 9, 10, 11, 12, 50], strict=True):
        rows[("32.76", "IK-03")][column].value = value
    rows[("32.01", "IK-01")][7].value = 3  # 2027 only: an indicator measured from the third year
    buffer = io.BytesIO()
    book.save(buffer)
    upload = SimpleUploadedFile("renstra.xlsx", buffer.getvalue())
    preview = client_verifier.post(IMPORT, {"period": period.pk, "file": upload}).context["preview"]
    assert preview.is_valid
    assert (preview.count_updated, preview.count_created) == (1, 1)
    assert not RenstraTarget.objects.filter(office__code="32.01").exists()
    assert client_verifier.post(CONFIRM, {"period": period.pk}).status_code == 302
    depok_row = RenstraTarget.objects.get(office=depok)
    assert [depok_row.y1, depok_row.y2, depok_row.y5, depok_row.end_target] == [8, 9, 12, 50]
    bogor = RenstraTarget.objects.get(office__code="32.01")
    assert (bogor.y1, bogor.y3) == (None, 3)


def test_import_with_a_bad_row_writes_nothing(client_verifier, period):
    content = "Kode Kantor;Kode Indikator;Target 2025;Target Akhir Renstra\n32.76;IK-03;5;20\n32.76;IK-99;1;\n"
    upload = SimpleUploadedFile("r.csv", content.encode())
    preview = client_verifier.post(IMPORT, {"period": period.pk, "file": upload}).context["preview"]
    assert not preview.is_valid and preview.rows[1].errors[0][0] == "Kode Indikator"
    client_verifier.post(CONFIRM, {"period": period.pk})
    assert not RenstraTarget.objects.exists()


def test_permission_matrix(role_clients, period):
    readers = {"anonymous": LOGIN, "own_office": 403, "other_office": 403, "verifier": 200, "leader": 200}
    check_matrix(role_clients, "get", f"{GRID}?period={period.pk}", readers)
    managers = {"anonymous": LOGIN, "own_office": 403, "other_office": 403, "verifier": 200, "leader": 403}
    check_matrix(role_clients, "get", f"{TEMPLATE}?period={period.pk}", managers)
    check_matrix(role_clients, "post", IMPORT, managers, {"period": period.pk})
    check_matrix(role_clients, "post", CONFIRM, {**managers, "verifier": 302}, {"period": period.pk})
    post_grid = {**managers, "verifier": 302}
    check_matrix(role_clients, "post", f"{GRID}?period={period.pk}", post_grid, {"period": period.pk})
    create = {**managers, "verifier": 302}
    check_matrix(role_clients, "post", reverse("reports:renstra-period-create"), create, {"start_year": "2030"})
    assert RenstraPeriod.objects.filter(start_year=2030).exists()


def test_grid_query_budget(client_verifier, verifier, period, django_assert_num_queries):
    cells = {(o.pk, ik("IK-03").pk): {"y1": Decimal(n)} for n, o in enumerate(office_list(), start=1)}
    renstra.renstra_grid_save(user=verifier, period=period, cells=cells)
    url = f"{GRID}?period={period.pk}&indicator=IK-03"
    # session, user, the period, active indicators, offices, targets of the period,
    # the periods of the picker, session save (savepoint, update, release)
    # +1 unread inbox count (header)
    with django_assert_num_queries(11):
        response = client_verifier.get(url)
    assert response.status_code == 200 and len(response.context["form"].rows()) == 28


def office_list():
    return [office(code) for code in ("32", "32.01", "32.76", "32.73")]
