"""The ranking selector on a hand-built data set, every figure worked out by hand below.

Period: Triwulan I 2024 = 2024-01-01 … 2024-03-31. Default weights 25/25/15/10/10/15 (Σ = 100).
Partner categories: 14, so one category = 100/14 = 50/7 points of diversity.
"""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from agencies.choices import PartnerCategory as C
from agencies.choices import VerificationStatus as V
from reports.models import RankingWeightSet
from reports.ranking.selectors import CATEGORY_COUNT, FORMULA_VERSION, Period, compute_ranking, rounded
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory, office

pytestmark = pytest.mark.django_db

WIB = dt.timezone(dt.timedelta(hours=7))
Q1 = Period.for_quarter(2024, 1)
DEFAULT = {
    "active_agreements": 25,
    "activities": 25,
    "partner_diversity": 15,
    "monitoring_orgs": 10,
    "violation_reports": 10,
    "timeliness": 15,
}


def wib(year, month, day, hour=10, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=WIB)


def activity(code, end, partners, *, status=V.VERIFIED, reports=0, created=None):
    return ActivityFactory(
        office=office(code),
        start_date=end,
        end_date=end,
        partners=partners,
        verification_status=status,
        reports_received=reports,
        created_at=created or wib(end.year, end.month, end.day),
    )


def agreement(code, start, end, partners, *, status=V.VERIFIED, terminated=None):
    return AgreementFactory(
        office=office(code),
        start_date=start,
        end_date=end,
        partners=partners,
        verification_status=status,
        terminated_on=terminated,
        termination_reason="Diakhiri." if terminated else "",
    )


@pytest.fixture
def partners():
    return {
        "univ": PartnerFactory(category=C.UNIVERSITY),
        "mon": PartnerFactory(category=C.MONITORING_ORG),
        "police": PartnerFactory(category=C.SECURITY),
        "media": PartnerFactory(category=C.MEDIA),
    }


@pytest.fixture
def dataset(partners):
    univ, mon, police, media = (partners[k] for k in ("univ", "mon", "police", "media"))
    d = dt.date
    # Office A, Kota Depok 32.76.
    agreement("32.76", d(2023, 1, 1), d(2024, 1, 1), [univ])  # ends on the first day of the period: counts
    agreement("32.76", d(2024, 2, 1), None, [mon])  # open-ended, starts inside: counts
    agreement("32.76", d(2023, 1, 1), d(2023, 12, 31), [media])  # ends the day before: no
    agreement("32.76", d(2023, 1, 1), d(2025, 12, 31), [media], terminated=d(2024, 1, 1))  # terminated: no
    agreement("32.76", d(2023, 1, 1), None, [police], status=V.DRAFT)  # unverified: no
    agreement("32.76", d(2023, 1, 1), None, [univ], status=V.SUBMITTED)  # pending: +1 agreement
    # last day of the period, recorded 2024-04-07 23:59 WIB = end + 7 days (16:59 UTC): timely
    activity("32.76", d(2024, 3, 31), [univ, police], reports=5, created=wib(2024, 4, 7, 23, 59))
    # recorded 2024-02-18 00:00 WIB = end + 8 days (still 2024-02-17 in UTC): late
    activity("32.76", d(2024, 2, 10), [mon], reports=3, created=wib(2024, 2, 18, 0, 0))
    activity("32.76", d(2024, 4, 1), [media], reports=7)  # the day after the period: no
    activity("32.76", d(2023, 12, 31), [media], reports=7)  # the day before: no
    activity("32.76", d(2024, 3, 1), [media], reports=9, status=V.SUBMITTED)  # pending: +1 activity
    # Office B, Kabupaten Bogor 32.01.
    agreement("32.01", d(2023, 6, 1), d(2025, 6, 1), [police, media])
    for end in (d(2024, 1, 1), d(2024, 1, 15), d(2024, 2, 15), d(2024, 3, 15)):
        activity("32.01", end, [media])  # recorded on the end day: timely
    # Office E, Kota Sukabumi 32.72: two activities, one late, 1 report.
    activity("32.72", d(2024, 1, 10), [univ], reports=1)
    activity("32.72", d(2024, 1, 20), [univ], created=wib(2024, 1, 30))
    # Offices D 32.02, F 32.03 and C 32.71: one timely activity each with a university.
    for code in ("32.02", "32.03", "32.71"):
        activity(code, d(2024, 2, 1), [univ])
    # Office G, Kota Bandung 32.73: nothing verified.
    activity("32.73", d(2024, 2, 1), [mon], reports=50, status=V.SUBMITTED)
    activity("32.73", d(2024, 2, 2), [mon], reports=50, status=V.RETURNED)
    agreement("32.73", d(2024, 1, 1), None, [mon], status=V.DRAFT)
    # The province office is never ranked and must not move the maxima.
    activity("32", d(2024, 2, 1), [mon], reports=100)
    agreement("32", d(2020, 1, 1), None, [mon, univ, police, media])


def by_code(result):
    return {row.office_code: row for row in result.rows}


def test_raw_values_worked_out_by_hand(dataset):
    rows = by_code(compute_ranking(Q1, weights=DEFAULT))
    assert len(rows) == 27 and "32" not in rows
    a, b, e = rows["32.76"], rows["32.01"], rows["32.72"]
    # A: agreements 2; activities 2; categories {university, monitoring_org, tni_polri} = 3;
    # monitoring 1 agreement + 1 activity = 2; reports 5 + 3 = 8; timely 1 (of 2).
    assert a.raw == {
        "active_agreements": 2,
        "activities": 2,
        "partner_diversity": 3,
        "monitoring_orgs": 2,
        "violation_reports": 8,
        "timeliness": 1,
    }
    assert a.parts == {"monitoring_agreements": 1, "monitoring_activities": 1}
    assert a.pending == {"agreements": 1, "activities": 1}
    # B: 1 agreement, 4 activities, {tni_polri, media} = 2, no monitoring, no reports, 4 of 4 timely.
    assert b.raw == {
        "active_agreements": 1,
        "activities": 4,
        "partner_diversity": 2,
        "monitoring_orgs": 0,
        "violation_reports": 0,
        "timeliness": 4,
    }
    assert e.raw["activities"] == 2 and e.raw["timeliness"] == 1 and e.raw["violation_reports"] == 1
    # G has only unverified records: everything 0, but it would gain one activity.
    assert set(rows["32.73"].raw.values()) == {0}
    assert rows["32.73"].pending == {"agreements": 0, "activities": 1}


def test_normalised_values_and_scores_by_hand(dataset):
    rows = by_code(compute_ranking(Q1, weights=DEFAULT))
    # Maxima among the 27: agreements 2 (A), activities 4 (B), monitoring 2 (A), reports 8 (A).
    a = rows["32.76"]
    assert a.normalised == {
        "active_agreements": Fraction(100),  # 2/2
        "activities": Fraction(50),  # 2/4
        "partner_diversity": Fraction(150, 7),  # 3/14 × 100
        "monitoring_orgs": Fraction(100),  # 2/2
        "violation_reports": Fraction(100),  # 8/8
        "timeliness": Fraction(50),  # 1/2
    }
    # A: 25·100 + 25·50 + 15·150/7 + 10·100 + 10·100 + 15·50 = 6500 + 2250/7 = 47750/7; ÷ 100 = 955/14
    assert a.score == Fraction(955, 14)
    assert rounded(a.score) == Decimal("68.21")  # 68.2142…
    # B: 25·50 + 25·100 + 15·100/7 + 0 + 0 + 15·100 = 5250 + 1500/7 = 38250/7; ÷ 100 = 765/14
    assert rows["32.01"].score == Fraction(765, 14)
    assert rounded(rows["32.01"].score) == Decimal("54.64")  # 54.6428…
    # E: 25·50 + 15·50/7 + 10·12.5 + 15·50 = 2125 + 750/7; ÷ 100 = 625/28
    # C, D, F: 25·25 + 15·50/7 + 15·100 = 2125 + 750/7 too: a four-way tie at 625/28 = 22.3214…
    for code in ("32.72", "32.02", "32.03", "32.71"):
        assert rows[code].score == Fraction(625, 28)
    assert rows["32.72"].normalised["violation_reports"] == Fraction(25, 2)  # 1/8 × 100
    assert rounded(rows["32.72"].score) == Decimal("22.32")
    # Nothing at all: 0, and timeliness is 0 (not undefined) without activities.
    assert rows["32.73"].score == 0 and rows["32.73"].normalised["timeliness"] == 0


def test_order_and_tie_breaks(dataset):
    result = compute_ranking(Q1, weights=DEFAULT)
    order = [row.office_code for row in result.rows]
    # A, B, then the tie at 625/28: E first (2 activities), then D, F, C (1 activity each) by lower code;
    # then the 21 offices at 0 in code order (G's unverified records do not lift it).
    zeros = [
        "32.04", "32.05", "32.06", "32.07", "32.08", "32.09", "32.10", "32.11", "32.12", "32.13", "32.14",
        "32.15", "32.16", "32.17", "32.18", "32.73", "32.74", "32.75", "32.77", "32.78", "32.79",
    ]  # fmt: skip
    assert order == ["32.76", "32.01", "32.72", "32.02", "32.03", "32.71", *zeros]
    assert [row.rank for row in result.rows] == list(range(1, 28))
    assert [row.region_label for row in result.top()] == ["Kota Depok", "Kabupaten Bogor", "Kota Sukabumi"]


def test_period_boundaries_move_records_in_and_out(dataset):
    # Year 2023: A's agreements ending 2024-01-01 and 2023-12-31 and the one terminated on 2024-01-01 count
    # (in force on at least one day of 2023), the open one from 2024-02-01 does not; activity of 2023-12-31 counts.
    rows = by_code(compute_ranking(Period.for_year(2023), weights=DEFAULT))
    assert rows["32.76"].raw["active_agreements"] == 3
    assert rows["32.76"].raw["activities"] == 1
    # A range ending on 2024-01-01 catches the agreement ending that day and B's activity of that day.
    rows = by_code(compute_ranking(Period.for_range(dt.date(2024, 1, 1), dt.date(2024, 1, 1)), weights=DEFAULT))
    assert rows["32.76"].raw["active_agreements"] == 1
    assert rows["32.01"].raw["activities"] == 1
    # Q2 starts the day after A's activity of 2024-03-31 and holds its activity of 2024-04-01.
    rows = by_code(compute_ranking(Period.for_quarter(2024, 2), weights=DEFAULT))
    assert rows["32.76"].raw["activities"] == 1
    assert rows["32.76"].raw["active_agreements"] == 1  # the open-ended one


def test_timeliness_boundary_is_day_seven_in_wib(partners):
    end = dt.date(2024, 5, 10)
    activity("32.76", end, [partners["univ"]], created=wib(2024, 5, 17, 23, 59))  # day 7: timely
    activity("32.76", end, [partners["univ"]], created=wib(2024, 5, 18, 0, 0))  # day 8: late
    activity("32.76", end, [partners["univ"]], created=wib(2024, 5, 10, 0, 1))  # same day: timely
    row = by_code(compute_ranking(Period.for_year(2024), weights=DEFAULT))["32.76"]
    assert (row.raw["activities"], row.raw["timeliness"]) == (3, 2)
    assert row.normalised["timeliness"] == Fraction(200, 3)  # 2/3 × 100


def test_weights_change_the_score_and_the_order(dataset):
    only_activities = {**dict.fromkeys(DEFAULT, 0), "activities": 1}
    result = compute_ranking(Q1, weights=only_activities)
    # Score = activities ÷ 4 × 100: B 100, then E 32.72 and A 32.76 at 50 (same activities: lower code first).
    assert [(r.office_code, r.score) for r in result.rows[:3]] == [("32.01", 100), ("32.72", 50), ("32.76", 50)]


def test_default_weights_come_from_the_newest_weight_set(dataset, verifier):
    assert compute_ranking(Q1).weights == DEFAULT  # no row yet: the model defaults
    RankingWeightSet.objects.create(**{**DEFAULT, "timeliness": 0}, created_by=verifier)
    result = compute_ranking(Q1)
    assert result.weights["timeliness"] == 0
    # B without timeliness: (1250 + 2500 + 1500/7) ÷ 85 = 27750/595 = 5550/119
    assert by_code(result)["32.01"].score == Fraction(5550, 119)


def test_as_rows_is_json_ready_and_exact(dataset):
    result = compute_ranking(Q1, weights=DEFAULT)
    first = result.as_rows()[0]
    assert first["office_code"] == "32.76" and first["rank"] == 1
    assert first["score"] == "68.21" and first["score_exact"] == "955/14"
    assert first["normalised"]["partner_diversity"] == "21.43"  # 150/7 = 21.428…
    assert result.formula_version == FORMULA_VERSION
    assert CATEGORY_COUNT == 14


def test_periods():
    assert Period.for_quarter(2024, 4).start == dt.date(2024, 10, 1)
    assert Period.for_quarter(2024, 1).end == dt.date(2024, 3, 31)
    assert Period.for_quarter(2024, 1).label == "Triwulan I 2024"
    assert Period.for_year(2024).query() == {"year": "2024"}
    assert Period.for_range(dt.date(2024, 2, 1), dt.date(2024, 2, 29)).label == "1 Februari 2024 – 29 Februari 2024"
    assert [p.label for p in Period.for_range(dt.date(2024, 3, 31), dt.date(2024, 4, 1)).quarters()] == [
        "Triwulan I 2024",
        "Triwulan II 2024",
    ]
    with pytest.raises(ValueError):
        Period.for_range(dt.date(2024, 2, 1), dt.date(2024, 1, 31))
    with pytest.raises(ValueError):
        Period.for_quarter(2024, 5)


def _many_records(count_per_office):
    univ = PartnerFactory(category=C.UNIVERSITY)
    mon = PartnerFactory(category=C.MONITORING_ORG)
    from agencies.models import Office

    for office_row in Office.objects.exclude(code="32"):
        for index in range(count_per_office):
            activity(office_row.code, dt.date(2024, 1, 1 + index), [univ, mon], reports=index)
        agreement(office_row.code, dt.date(2023, 1, 1), None, [univ])


def test_query_budget_is_constant(django_assert_num_queries, partners):
    activity("32.76", dt.date(2024, 2, 1), [partners["univ"]])
    activity("32.01", dt.date(2024, 2, 1), [partners["mon"]])
    agreement("32.02", dt.date(2024, 1, 1), None, [partners["media"]])
    # 1 weights in force, 2 offices, 3 agreements by office, 4 activities by office,
    # 5 (office, category) counts of agreements, 6 (office, category) counts of activities
    with django_assert_num_queries(6):
        few = compute_ranking(Q1)
    _many_records(5)
    with django_assert_num_queries(6):
        many = compute_ranking(Q1)
    assert few.rows[0].raw != many.rows[0].raw
    assert sum(row.raw["activities"] for row in many.rows) == 27 * 5 + 2


def test_termination_on_the_start_day_and_on_the_last_day(dataset, partners):
    d = dt.date
    # Office 32.74 (Kota Cirebon), Q1 2024:
    agreement("32.74", d(2024, 3, 10), None, [partners["media"]], terminated=d(2024, 3, 10))  # start day: no
    agreement("32.74", d(2024, 1, 1), None, [partners["mon"]], terminated=d(2024, 1, 1))  # period's first day: no
    agreement("32.74", d(2023, 1, 1), None, [partners["univ"]], terminated=d(2024, 3, 31))  # last day: yes
    row = by_code(compute_ranking(Q1, weights=DEFAULT))["32.74"]
    # 1 agreement; its category (university) only; the monitoring organisation's agreement was never in force.
    assert (row.raw["active_agreements"], row.raw["partner_diversity"], row.raw["monitoring_orgs"]) == (1, 1, 0)
    # The audit's example: one day ranked alone and the year agree (the start-day termination counts in neither).
    for period in (Period.for_range(d(2024, 3, 10), d(2024, 3, 10)), Period.for_year(2024)):
        assert by_code(compute_ranking(period, weights=DEFAULT))["32.74"].raw["active_agreements"] == 1
    # On the last day alone it is no longer in force.
    last_day = Period.for_range(d(2024, 3, 31), d(2024, 3, 31))
    assert by_code(compute_ranking(last_day, weights=DEFAULT))["32.74"].raw["active_agreements"] == 0


def test_monitoring_component_counts_accredited_organisations_only(dataset):
    d = dt.date

    def monitoring(**accreditation):
        return PartnerFactory(category=C.MONITORING_ORG, **accreditation)

    valid = monitoring(accredited_from=d(2024, 2, 1), accredited_until=d(2028, 12, 31))
    expired = monitoring(accredited_from=d(2019, 1, 1), accredited_until=d(2024, 1, 31))
    missing = monitoring(accreditation_number="", accredited_from=None, accredited_until=None)
    # Office 32.75 (Kota Bekasi), Q1 2024.
    activity("32.75", d(2024, 2, 1), [valid])  # accredited from that day: counts
    activity("32.75", d(2024, 1, 31), [valid])  # the day before its accreditation: no
    activity("32.75", d(2024, 2, 1), [expired])  # expired the day before: no
    activity("32.75", d(2024, 1, 31), [expired])  # its last valid day: counts
    activity("32.75", d(2024, 2, 1), [missing])  # no accreditation: no
    # In force 1–31 Jan 2024 only; `valid` is accredited from 1 Feb: no. In force through February: counts.
    agreement("32.75", d(2024, 1, 1), d(2024, 1, 31), [valid])
    agreement("32.75", d(2024, 1, 1), d(2024, 2, 1), [valid])
    agreement("32.75", d(2024, 1, 1), None, [missing])  # no
    agreement("32.75", d(2024, 2, 1), None, [expired])  # starts after the accreditation ended: no
    row = by_code(compute_ranking(Q1, weights=DEFAULT))["32.75"]
    assert row.parts == {"monitoring_agreements": 1, "monitoring_activities": 2}
    assert row.raw["monitoring_orgs"] == 3
    # Partner diversity still counts the category of all of them (monitoring organisations) once.
    assert row.raw["partner_diversity"] == 1
    # In force in Q1, but its partner was accredited only in 2023: it counts in 2023, not in Q1 2024.
    agreement("32.75", d(2023, 6, 1), None, [expired_2023 := monitoring(accredited_until=d(2023, 12, 31))])
    assert expired_2023.accredited_from == d(2000, 1, 1)
    assert by_code(compute_ranking(Q1, weights=DEFAULT))["32.75"].parts["monitoring_agreements"] == 1
    assert by_code(compute_ranking(Period.for_year(2023), weights=DEFAULT))["32.75"].parts == {
        "monitoring_agreements": 1,
        "monitoring_activities": 0,
    }


def test_monitoring_activity_counts_once_when_accredited_on_any_of_its_days(dataset, partners):
    """Activities with an accredited monitoring organisation are counted over the activities' partner rows: one
    with two such organisations (and partners of other categories) counts once, a multi-day activity counts
    when an accreditation covers any one of its days, and only verified activities of the period count."""
    d = dt.date
    early = PartnerFactory(category=C.MONITORING_ORG, accredited_from=d(2023, 1, 1), accredited_until=d(2024, 2, 5))
    late = PartnerFactory(category=C.MONITORING_ORG, accredited_from=d(2024, 2, 20), accredited_until=d(2028, 1, 1))

    def spanning(start, end, with_partners, status=V.VERIFIED):
        ActivityFactory(
            office=office("32.75"),
            start_date=start,
            end_date=end,
            partners=with_partners,
            verification_status=status,
            created_at=wib(end.year, end.month, end.day),
        )

    spanning(d(2024, 2, 1), d(2024, 2, 25), [early, late, partners["univ"]])  # both accredited on a day: once
    spanning(d(2024, 2, 6), d(2024, 2, 25), [late])  # accredited from its 15th day: counts
    spanning(d(2023, 12, 1), d(2024, 1, 2), [early])  # started before the period, ends in it: counts
    spanning(d(2024, 2, 6), d(2024, 2, 19), [early, late, partners["media"]])  # between the two: no
    spanning(d(2024, 2, 1), d(2024, 2, 10), [early], status=V.SUBMITTED)  # not verified: no
    spanning(d(2024, 3, 20), d(2024, 4, 2), [late])  # ends after the period: no
    row = by_code(compute_ranking(Q1, weights=DEFAULT))["32.75"]
    assert row.parts["monitoring_activities"] == 3
    assert row.raw["activities"] == 4 and row.pending["activities"] == 1
    assert row.raw["partner_diversity"] == 3  # monitoring organisations, universities, media
