"""Multi-year comparison worked out by hand: a year without data, an indicator added mid-Renstra, a
lower-is-better indicator, cumulative and level end-of-period targets."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from agencies.choices import VerificationStatus as V
from reports.lakip import comparison as cmp
from reports.lakip import renstra
from reports.lakip.models import RenstraTarget
from reports.lakip.workbook import build_lakip_workbook
from reports.models import ManualRealisation, PerformanceIndicator
from tests.factories import ActivityFactory, office

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2028, 1, 15)  # 2027 is over


def activities(owner, year: int, count: int) -> None:
    for day in range(1, count + 1):
        ActivityFactory(
            office=owner, start_date=D(year, 5, day), end_date=D(year, 5, day), verification_status=V.VERIFIED
        )


def manual(code: str, owner, values: dict[tuple[int, int], str]) -> None:
    indicator = PerformanceIndicator.objects.get(code=code)
    for (year, quarter), value in values.items():
        ManualRealisation.objects.create(
            indicator=indicator, office=owner, year=year, quarter=quarter, value=Decimal(value), note="uji"
        )


@pytest.fixture
def dataset(verifier):
    """Kota Depok, Renstra 2025–2029, measured for 2027 on 15/01/2028.

    2025: nothing at all for Depok → "tidak ada data" for every indicator (not 0).
    IK-03 activities (flow, cumulative): 2026 = 3, 2027 = 5. Renstra 2,4,6,8,10, end 30.
    IK-91 manual sum, ADDED MID-RENSTRA: Renstra 2025/2026 blank, 2027 = 10, end 40. Manual values
      2026 TW I 7 (entered, but the indicator is not in the Renstra yet → "belum diukur"), 2027 TW I 4 + TW II 5.
    IK-92 manual %, LOWER IS BETTER (level): Renstra 2025 30, 2027 22, end 10. 2026 TW I 30, TW II 20 → mean 25;
      2027 TW I 20 → 20.
    """
    depok = office("32.76")
    period = renstra.renstra_period_create(user=verifier, start_year=2025)
    added = PerformanceIndicator.objects.create(
        code="IK-91", strategic_goal="Sasaran uji", name="Indikator baru", unit="dokumen", source="manual", order=91
    )
    lower = PerformanceIndicator.objects.create(
        code="IK-92",
        strategic_goal="Sasaran uji",
        name="Rekomendasi tidak ditindaklanjuti",
        unit="%",
        source="manual",
        polarity="lower",
        order=92,
    )
    ik03 = PerformanceIndicator.objects.get(code="IK-03")
    RenstraTarget.objects.create(
        period=period, indicator=ik03, office=depok, y1=2, y2=4, y3=6, y4=8, y5=10, end_target=30
    )
    RenstraTarget.objects.create(period=period, indicator=added, office=depok, y3=10, y4=12, y5=14, end_target=40)
    RenstraTarget.objects.create(period=period, indicator=lower, office=depok, y1=30, y3=22, end_target=10)
    activities(depok, 2026, 3)
    activities(depok, 2027, 5)
    manual("IK-91", depok, {(2026, 1): "7", (2027, 1): "4", (2027, 2): "5"})
    manual("IK-92", depok, {(2026, 1): "30", (2026, 2): "20", (2027, 1): "20"})
    return depok


def rows(depok) -> dict[str, cmp.ComparisonRow]:
    result = cmp.unit_comparison(2027, depok, today=TODAY)
    assert result.years == (2025, 2026, 2027) and result.period.label == "2025–2029"
    return {row.indicator.code: row for row in result.rows}


def test_flow_indicator_with_a_year_without_data(dataset):
    row = rows(dataset)["IK-03"]
    assert [(v.value, v.status) for v in row.years] == [(None, "no_data"), (3, "measured"), (5, "measured")]
    assert (row.change, row.trend, row.renstra_target) == (2, "better", 6)
    assert round(row.change_percent, 2) == Decimal("66.67")  # 2 ÷ 3 × 100
    assert round(row.renstra_capaian, 2) == Decimal("83.33")  # 5 ÷ 6 × 100
    # cumulative since 2025: nothing in 2025, 3 in 2026, 5 in 2027 = 8 of the end target 30
    assert (row.cumulative, row.so_far, row.end_target) == (True, 8, 30)
    assert round(row.end_capaian, 2) == Decimal("26.67")


def test_indicator_added_mid_renstra(dataset):
    row = rows(dataset)["IK-91"]
    assert [(v.value, v.status) for v in row.years] == [(None, "not_measured"), (None, "not_measured"), (9, "measured")]
    # no change without a measured last year; cumulative from 2027 only (the 7 of 2026 does not count)
    assert (row.change, row.change_percent, row.trend) == (None, None, None)
    assert (row.renstra_target, row.so_far, row.end_target) == (10, 9, 40)
    assert row.renstra_capaian == 90 and row.end_capaian == Decimal("22.5")


def test_lower_is_better_indicator(dataset):
    row = rows(dataset)["IK-92"]
    assert [(v.value, v.status) for v in row.years] == [(None, "no_data"), (25, "measured"), (20, "measured")]
    # 25 → 20: a fall of 5 (−20 %) is an improvement for a lower-is-better indicator
    assert (row.change, row.change_percent, row.trend, row.trend_label) == (-5, -20, "better", "membaik")
    # level indicator (a percentage): "so far" is this year's value; capaian (2T − R) ÷ T × 100
    assert round(row.renstra_capaian, 4) == Decimal("109.0909")  # (44 − 20) ÷ 22
    assert (row.cumulative, row.so_far, row.end_capaian) == (False, 20, 0)  # (20 − 20) ÷ 10 = 0


def test_without_renstra_the_renstra_columns_are_empty(dataset):
    result = cmp.unit_comparison(2031, dataset, today=D(2031, 6, 1))
    row = {r.indicator.code: r for r in result.rows}["IK-03"]
    assert result.period is None and (row.renstra_target, row.end_target, row.end_capaian) == (None, None, None)
    assert [v.status for v in row.years] == ["no_data", "no_data", "no_data"]


def test_a_year_not_started(dataset):
    result = cmp.unit_comparison(2029, dataset, today=TODAY)
    row = {r.indicator.code: r for r in result.rows}["IK-03"]
    assert [(v.value, v.status) for v in row.years] == [(5, "measured"), (None, "no_data"), (None, "not_started")]
    assert (row.change, row.so_far, row.renstra_target) == (None, 8, 10)  # 3 + 5 so far over 2025–2029


@pytest.mark.clock(dt.datetime(2028, 1, 15, 9, 0, tzinfo=dt.UTC))
def test_workbook_sheet_and_page_show_the_same_comparison(dataset, client_a):
    output = io.BytesIO()
    build_lakip_workbook(output, year=2027, office=dataset, today=TODAY)
    sheet = openpyxl.load_workbook(output)["Perbandingan Antar Tahun"]
    rows = {r[1]: r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int)}
    ik03 = next(row for name, row in rows.items() if name.startswith("IK-03 "))
    assert ik03[3:9] == ("–", "tidak ada data", 3, "", 5, 2)
    assert (ik03[11], ik03[13], ik03[14]) == (6, 30, 8)
    assert round(ik03[15], 4) == 0.2667  # 26.67 % stored as a fraction
    ik92 = next(row for name, row in rows.items() if name.startswith("IK-92 "))
    assert (ik92[8], ik92[10]) == (-5, "membaik")
    page = client_a.get(reverse("reports:performance") + "?year=2027")
    table = {row["code"]: row for row in page.context["comparison"]["rows"]}
    assert [y["value"] for y in table["IK-03"]["years"]] == ["–", "3", "5"]
    assert (table["IK-03"]["end_capaian"], table["IK-92"]["change_percent"]) == ("26,67", "-20,00")
    assert "Perbandingan antartahun dan Renstra" in page.content.decode()
