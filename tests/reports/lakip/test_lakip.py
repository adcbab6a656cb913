"""LAKIP figures on a hand-built data set; every expected number is worked out in the comments.

The data set (`build_dataset`) is also used by the workbook and view tests.
"""

import datetime as dt
from decimal import Decimal

import pytest

from agencies.choices import PartnerCategory
from agencies.choices import VerificationStatus as V
from reports.lakip import rules
from reports.lakip import selectors as lakip
from reports.models import ManualRealisation, PerformanceIndicator, PerformanceTarget
from tests.factories import ActivityFactory, AgreementFactory, EvidenceFactory, PartnerFactory, office

pytestmark = pytest.mark.django_db

D = dt.date
AFTER_2025 = D(2026, 1, 15)  # "today" for a finished year 2025


def indicator(code: str) -> PerformanceIndicator:
    return PerformanceIndicator.objects.get(code=code)


def build_dataset() -> dict:
    """Office A = Kota Depok (32.76), office B = Kabupaten Bogor (32.01), P = the province office (32).

    Activities (verified unless noted; counted in the quarter their END date falls in):
      a1 A end 31/03/2025 (TW I)   partners P1, P2*  reports 2  evidence yes
      a2 A end 01/04/2025 (TW II)  partners P1       reports 1  evidence no
      a3 A end 15/04/2025 (TW II)  partners P3       reports 0  evidence yes
      a9 A 30/03–02/04/2025 (TW II, by its end) P2*  reports 0  evidence no
      a4 A end 20/11/2025 (TW IV)  partners P1, P3   reports 3  evidence yes
      a5 A SUBMITTED end 01/02/2025, P4*, reports 10  → ignored (not verified)
      a6 A DRAFT end 01/05/2025                       → ignored
      a8 A end 31/12/2024                             → another year
      b1 B end 01/02/2025 (TW I)   partners P1, P5   reports 0  evidence no
      p1 P end 10/08/2025 (TW III) partners P5       reports 4  evidence yes
    (* = election-monitoring organisation)
    Agreements (verified unless noted):
      g1 A signed 31/03/2025, in force 01/04/2025–31/12/2025
      g2 A signed 01/04/2025, in force 01/04/2025–30/06/2025
      g3 A signed 2024, in force from 01/06/2024 (open-ended), terminated on 30/09/2025
      g4 A SUBMITTED signed 01/02/2025, open-ended → ignored
      g5 B signed 05/05/2025, in force 05/05/2025–04/05/2026
    """
    a, b, p = office("32.76"), office("32.01"), office("32")
    p1 = PartnerFactory(name="Universitas Satu")
    p2 = PartnerFactory(name="Pemantau Dua", category=PartnerCategory.MONITORING_ORG)
    p3 = PartnerFactory(name="Polres Tiga", category=PartnerCategory.SECURITY)
    p4 = PartnerFactory(name="Pemantau Empat", category=PartnerCategory.MONITORING_ORG)
    p5 = PartnerFactory(name="Media Lima", category=PartnerCategory.MEDIA)

    def activity(owner, start, end, partners, reports=0, evidence=False, status=V.VERIFIED, **extra):
        record = ActivityFactory(
            office=owner,
            start_date=start,
            end_date=end,
            partners=partners,
            reports_received=reports,
            verification_status=status,
            **extra,
        )
        if evidence:
            EvidenceFactory(activity=record)
        return record

    records = {
        "a1": activity(a, D(2025, 3, 31), D(2025, 3, 31), [p1, p2], reports=2, evidence=True),
        "a2": activity(a, D(2025, 4, 1), D(2025, 4, 1), [p1], reports=1),
        "a3": activity(a, D(2025, 4, 15), D(2025, 4, 15), [p3], evidence=True),
        "a9": activity(a, D(2025, 3, 30), D(2025, 4, 2), [p2]),
        "a4": activity(a, D(2025, 11, 20), D(2025, 11, 20), [p1, p3], reports=3, evidence=True),
        "a5": activity(a, D(2025, 2, 1), D(2025, 2, 1), [p4], reports=10, evidence=True, status=V.SUBMITTED),
        "a6": activity(a, D(2025, 5, 1), D(2025, 5, 1), [p1], status=V.DRAFT),
        "a8": activity(a, D(2024, 12, 31), D(2024, 12, 31), [p1], reports=5),
        "b1": activity(b, D(2025, 2, 1), D(2025, 2, 1), [p1, p5]),
        "p1": activity(p, D(2025, 8, 10), D(2025, 8, 10), [p5], reports=4, evidence=True),
    }

    def agreement(owner, signed, start, end, status=V.VERIFIED, **extra):
        return AgreementFactory(
            office=owner, signed_on=signed, start_date=start, end_date=end, verification_status=status, **extra
        )

    records.update(
        g1=agreement(a, D(2025, 3, 31), D(2025, 4, 1), D(2025, 12, 31)),
        g2=agreement(a, D(2025, 4, 1), D(2025, 4, 1), D(2025, 6, 30)),
        g3=agreement(
            a, D(2024, 6, 1), D(2024, 6, 1), None, terminated_on=D(2025, 9, 30), termination_reason="Diakhiri."
        ),
        g4=agreement(a, D(2025, 2, 1), D(2025, 2, 1), None, status=V.SUBMITTED),
        g5=agreement(b, D(2025, 5, 5), D(2025, 5, 5), D(2026, 5, 4)),
    )
    # Manual IK-08 (complaints, lower is better): A: TW I 1, TW II 0, TW IV 2 (TW III not entered); B: TW I 2.
    for owner, quarter, value in ((a, 1, 1), (a, 2, 0), (a, 4, 2), (b, 1, 2)):
        ManualRealisation.objects.create(
            indicator=indicator("IK-08"), office=owner, year=2025, quarter=quarter, value=Decimal(value), note="Rekap"
        )
    targets = {
        (a, "IK-01"): {"yearly": 4},
        (a, "IK-02"): {"yearly": 0},
        (a, "IK-03"): {"yearly": 4, "q1": 1, "q2": 1, "q3": 1, "q4": 1},
        (a, "IK-05"): {"yearly": 4},
        (a, "IK-06"): {"yearly": 6},
        (a, "IK-07"): {"yearly": 80},
        (a, "IK-08"): {"yearly": 2},
        (p, "IK-03"): {"yearly": 10},
        (p, "IK-04"): {"yearly": 5},
        (p, "IK-08"): {"yearly": 4},
    }
    for (owner, code), values in targets.items():
        PerformanceTarget.objects.create(
            indicator=indicator(code), office=owner, year=2025, **{k: Decimal(v) for k, v in values.items()}
        )
    return records


def results_by_code(report) -> dict:
    return {result.indicator.code: result for result in report.results}


def numbers(values) -> list:
    return [None if v is None else Decimal(v) for v in values]


@pytest.fixture
def dataset(db):
    return build_dataset()


def test_quarter_bounds():
    assert rules.quarter_bounds(2025, 1) == (D(2025, 1, 1), D(2025, 3, 31))
    assert rules.quarter_bounds(2025, 2) == (D(2025, 4, 1), D(2025, 6, 30))
    assert rules.quarter_bounds(2025, 3) == (D(2025, 7, 1), D(2025, 9, 30))
    assert rules.quarter_bounds(2024, 4) == (D(2024, 10, 1), D(2024, 12, 31))


def test_office_realisation_per_quarter_and_year(dataset):
    report = lakip.unit_report(2025, office("32.76"), today=AFTER_2025)
    r = results_by_code(report)
    assert report.started_quarters == 4 and report.measured_on == D(2025, 12, 31)
    # IK-03 activities (flow): a1 on 31 March is TW I; a2 on 1 April, a3 and a9 (ended 2 April) are TW II; a4 TW IV.
    # Unverified a5/a6 and a8 of 2024 are left out. Year = 1 + 3 + 0 + 1 = 5.
    assert r["IK-03"].quarters == tuple(numbers([1, 3, 0, 1]))
    assert r["IK-03"].year_value == 5
    # IK-05 monitoring organisation (P2): a1 in TW I, a9 in TW II. Year = 2.
    assert r["IK-05"].quarters == tuple(numbers([1, 1, 0, 0])) and r["IK-05"].year_value == 2
    # IK-06 reports: TW I 2 (a1); TW II 1 + 0 + 0; TW III 0; TW IV 3 (a4). Year = 6 (a5's 10 is unverified).
    assert r["IK-06"].quarters == tuple(numbers([2, 1, 0, 3])) and r["IK-06"].year_value == 6
    # IK-04 distinct partners: TW I {P1,P2}=2, TW II {P1,P3,P2}=3, TW III 0, TW IV {P1,P3}=2;
    # the year is distinct over the year {P1,P2,P3} = 3, not 2 + 3 + 0 + 2 = 7.
    assert r["IK-04"].quarters == tuple(numbers([2, 3, 0, 2])) and r["IK-04"].year_value == 3


def test_evidence_share_is_recomputed_per_period(dataset):
    r = results_by_code(lakip.unit_report(2025, office("32.76"), today=AFTER_2025))
    share = r["IK-07"]
    # TW I: a1 has evidence → 1/1 = 100 %. TW II: only a3 of a2, a3, a9 → 1/3 = 33.33… %.
    # TW III: no activity → no share ("–"). TW IV: a4 → 100 %. Year: a1, a3, a4 of 5 → 3/5 = 60 %.
    assert share.quarters[0] == 100
    assert rules.round2(share.quarters[1]) == Decimal("33.33")
    assert share.quarters[2] is None
    assert share.quarters[3] == 100
    assert share.year_value == 60
    # Capaian against a target of 80 %: 60 / 80 × 100 = 75 %.
    assert share.capaian == 75


def test_agreements_signed_flow_and_active_stock(dataset):
    r = results_by_code(lakip.unit_report(2025, office("32.76"), today=AFTER_2025))
    # IK-01 signed (flow): g1 signed 31 March → TW I, g2 signed 1 April → TW II; g3 signed in 2024, g4 unverified.
    assert r["IK-01"].quarters == tuple(numbers([1, 1, 0, 0])) and r["IK-01"].year_value == 2
    # IK-02 in force on each quarter's last day (stock): 31/03 g3 (g1 starts 1 April) = 1; 30/06 g1, g2 (its end
    # day counts), g3 = 3; 30/09 g1 (g3 terminated that day) = 1; 31/12 g1 (end day) = 1.
    # g1 is counted in TW II, III and IV, but the year value is the 31 December position, 1, not a sum (6).
    assert r["IK-02"].quarters == tuple(numbers([1, 3, 1, 1]))
    assert r["IK-02"].year_value == 1


def test_manual_values_and_lower_is_better_capaian(dataset):
    r = results_by_code(lakip.unit_report(2025, office("32.76"), today=AFTER_2025))
    complaints = r["IK-08"]
    # Entered: TW I 1, TW II 0, TW III nothing ("–"), TW IV 2. Year = sum of entered = 3.
    assert complaints.quarters == (Decimal(1), Decimal(0), None, Decimal(2))
    assert complaints.year_value == 3
    # Lower is better, target 2: (2 × 2 − 3) / 2 × 100 = 50 %.
    assert complaints.capaian == 50


def test_capaian_higher_is_better_targets(dataset):
    r = results_by_code(lakip.unit_report(2025, office("32.76"), today=AFTER_2025))
    assert r["IK-01"].capaian == 50  # 2 / 4 × 100
    assert r["IK-02"].capaian is None  # target 0: no percentage ("–")
    assert r["IK-03"].capaian == 125  # 5 / 4 × 100
    assert r["IK-04"].target is None and r["IK-04"].capaian is None  # no target set
    assert r["IK-06"].capaian == 100  # 6 / 6 × 100
    # Quarterly targets of 1 each: TW I 1/1 = 100 %, TW II 3/1 = 300 %, TW III 0/1 = 0 %, TW IV 100 %.
    assert r["IK-03"].quarter_capaian == (100, 300, 0, 100)
    assert r["IK-01"].quarter_capaian == (None,) * 4  # no quarterly targets


def test_province_total(dataset):
    report = lakip.unit_report(2025, office("32"), today=AFTER_2025)
    r = results_by_code(report)
    # Activities: TW I a1 + b1 = 2; TW II a2, a3, a9 = 3; TW III p1 = 1; TW IV a4 = 1; year 7. Target 10 → 70 %.
    assert r["IK-03"].quarters == tuple(numbers([2, 3, 1, 1])) and r["IK-03"].year_value == 7
    assert r["IK-03"].capaian == 70
    # Distinct partners across the province: TW I {P1,P2,P5}=3, TW II {P1,P2,P3}=3, TW III {P5}=1, TW IV {P1,P3}=2;
    # year {P1,P2,P3,P5} = 4 (the offices' own year values add up to 3 + 2 + 1 = 6). Target 5 → 80 %.
    assert r["IK-04"].quarters == tuple(numbers([3, 3, 1, 2])) and r["IK-04"].year_value == 4
    assert r["IK-04"].capaian == 80
    # Evidence share recomputed: a1, a3, a4, p1 of 7 activities = 4/7 = 57.14 %.
    assert rules.round2(r["IK-07"].year_value) == Decimal("57.14")
    # Reports: A 6 + B 0 + province 4 = 10.
    assert r["IK-06"].year_value == 10
    # Signed: TW I g1, TW II g2 + g5 → [1, 2, 0, 0], year 3. In force 30/06: A 3 + B 1 (g5) = 4; 31/12: g1 + g5 = 2.
    assert r["IK-01"].quarters == tuple(numbers([1, 2, 0, 0])) and r["IK-01"].year_value == 3
    assert r["IK-02"].quarters == tuple(numbers([1, 4, 2, 2])) and r["IK-02"].year_value == 2
    # Complaints: TW I 1 + 2 = 3, TW II 0, TW III none, TW IV 2; year 5. Target 4, lower is better:
    # (2 × 4 − 5) / 4 × 100 = 75 %.
    assert r["IK-08"].quarters == (Decimal(3), Decimal(0), None, Decimal(2)) and r["IK-08"].capaian == 75


def test_recap_total_equals_province_report_and_rows(dataset):
    recap = lakip.province_recap(2025, today=AFTER_2025)
    province = lakip.unit_report(2025, office("32"), today=AFTER_2025)
    assert [(x.quarters, x.year_value, x.capaian) for x in recap.total.results] == [
        (x.quarters, x.year_value, x.capaian) for x in province.results
    ]
    codes = [row.office.code for row in recap.rows]
    assert len(codes) == 28 and codes[-1] == "32" and codes[0] == "32.01"
    rows = {row.office.code: results_by_code(row) for row in recap.rows}
    depok = results_by_code(lakip.unit_report(2025, office("32.76"), today=AFTER_2025))
    assert [(x.year_value, x.capaian) for x in rows["32.76"].values()] == [
        (x.year_value, x.capaian) for x in depok.values()
    ]
    # The province office's own row: its own records (p1), without capaian (its target is the total's).
    assert rows["32"]["IK-03"].year_value == 1 and rows["32"]["IK-03"].capaian is None
    assert rows["32.79"]["IK-03"].year_value == 0


def _figures(report):
    return [
        (x.indicator.code, x.quarters, x.year_value, x.capaian, x.quarter_capaian, x.target) for x in report.results
    ]


def test_several_years_in_one_measurement_equal_each_year_alone(dataset):
    """`unit_history` measures the years together (one query per source): each year must equal its own
    `unit_report`, also for years that are not consecutive (2024 in between is measured nowhere) and for the
    province, whose recap is the last year's."""
    depok, bogor = office("32.76"), office("32.01")
    partner = PartnerFactory()
    for day, owner in ((D(2023, 2, 1), depok), (D(2023, 11, 30), bogor), (D(2024, 6, 1), depok)):
        activity = ActivityFactory(office=owner, verification_status=V.VERIFIED, start_date=day, end_date=day)
        activity.partners.add(partner)
    PerformanceTarget.objects.create(
        indicator=PerformanceIndicator.objects.get(code="IK-03"), office=depok, year=2023, yearly=2
    )
    for unit in (depok, office("32")):
        history = lakip.unit_history([2025, 2023], unit, today=AFTER_2025, recap=True)
        assert sorted(history.reports) == [2023, 2025]
        for year in (2023, 2025):
            assert _figures(history.reports[year]) == _figures(lakip.unit_report(year, unit, today=AFTER_2025))
        assert results_by_code(history.reports[2023])["IK-03"].year_value == (1 if unit == depok else 2)
    recap = lakip.unit_history([2023, 2024, 2025], office("32"), today=AFTER_2025, recap=True).recap
    alone = lakip.province_recap(2025, today=AFTER_2025)
    assert [(row.office.code, _figures(row)) for row in recap.rows] == [
        (row.office.code, _figures(row)) for row in alone.rows
    ]
    # A year in progress beside finished ones is measured up to today, like its own report.
    history = lakip.unit_history([2024, 2025], depok, today=D(2025, 5, 10))
    assert _figures(history.reports[2025]) == _figures(lakip.unit_report(2025, depok, today=D(2025, 5, 10)))


def test_unfinished_year_is_measured_up_to_today(dataset):
    report = lakip.unit_report(2025, office("32.76"), today=D(2025, 5, 10))
    r = results_by_code(report)
    assert report.started_quarters == 2 and report.measured_on == D(2025, 5, 10)
    # TW III and IV have not started: "–". TW II counts up to 10 May (a2, a3, a9); a4 of November is not yet in.
    assert r["IK-03"].quarters == (1, 3, None, None) and r["IK-03"].year_value == 4
    # Agreements in force measured on 10 May for TW II: g1, g2, g3 = 3; the year value is that latest position.
    assert r["IK-02"].quarters == (1, 3, None, None) and r["IK-02"].year_value == 3


def test_year_not_started_has_no_realisation(dataset):
    report = lakip.unit_report(2030, office("32.76"), today=AFTER_2025)
    assert report.started_quarters == 0 and report.measured_on is None
    assert all(x.quarters == (None,) * 4 and x.year_value is None and x.capaian is None for x in report.results)


def test_inactive_indicators_are_left_out(dataset):
    PerformanceIndicator.objects.filter(code="IK-05").update(is_active=False)
    codes = [x.indicator.code for x in lakip.unit_report(2025, office("32.76"), today=AFTER_2025).results]
    assert "IK-05" not in codes and codes[0] == "IK-01"


@pytest.mark.parametrize(
    ("realisation", "target", "polarity", "expected"),
    [
        (5, 4, "higher", Decimal(125)),
        (0, 4, "higher", Decimal(0)),  # realisation 0 → 0 %
        (3, 0, "higher", None),  # target 0 → "–"
        (0, 0, "higher", None),
        (None, 4, "higher", None),  # no realisation yet
        (3, None, "higher", None),  # no target
        (3, 2, "lower", Decimal(50)),  # (4 − 3) / 2
        (2, 2, "lower", Decimal(100)),
        (0, 2, "lower", Decimal(200)),  # nothing at all: twice the target
        (5, 2, "lower", Decimal(0)),  # (4 − 5) / 2 = −50 → clipped at 0
        (0, 0, "lower", Decimal(100)),  # zero target met
        (1, 0, "lower", Decimal(0)),  # zero target missed
        (None, 0, "lower", None),
    ],
)
def test_capaian_formula(realisation, target, polarity, expected):
    realisation, target = (None if v is None else Decimal(v) for v in (realisation, target))
    assert rules.capaian(realisation, target, polarity) == expected


def test_capaian_keeps_decimals_until_display():
    value = rules.capaian(Decimal(1), Decimal(3), "higher")
    assert value != Decimal("33.33") and rules.round2(value) == Decimal("33.33")
    assert rules.format_value(value) == "33,33"
    assert rules.format_value(Decimal("2270")) == "2.270"
    assert rules.format_value(Decimal("81.315")) == "81,32"  # half up
    assert rules.format_value(None) == "–"


def test_constant_query_count(django_assert_num_queries, db):
    """Same number of queries for 3 and 30 activities: everything is aggregated in the database."""
    depok = office("32.76")
    for size in (3, 30):
        ActivityFactory.create_batch(
            size, office=depok, verification_status=V.VERIFIED, start_date=D(2025, 6, 1), end_date=D(2025, 6, 1)
        )
        # indicators, agreements signed, agreements in force, activity flows (and budget), distinct partner
        # triples (per quarter and per year counted from them), manual values, targets
        with django_assert_num_queries(7):
            lakip.unit_report(2025, depok, today=AFTER_2025)
        # the province office, indicators, the same five measurements (the province's distinct partners come
        # from the same triples), targets, offices
        with django_assert_num_queries(9):
            lakip.province_recap(2025, today=AFTER_2025)


def test_accreditation_and_termination_boundaries(db):
    """Office 32.74 (Kota Cirebon), year 2025, measured after the year."""
    owner = office("32.74")
    valid = PartnerFactory(
        category=PartnerCategory.MONITORING_ORG, accredited_from=D(2025, 4, 1), accredited_until=D(2029, 3, 31)
    )
    expired = PartnerFactory(
        category=PartnerCategory.MONITORING_ORG, accredited_from=D(2020, 1, 1), accredited_until=D(2025, 3, 31)
    )
    missing = PartnerFactory(
        category=PartnerCategory.MONITORING_ORG, accreditation_number="", accredited_from=None, accredited_until=None
    )
    for start, end, partner in (
        (D(2025, 3, 31), D(2025, 3, 31), valid),  # before its accreditation: no
        (D(2025, 3, 31), D(2025, 4, 1), valid),  # accredited on its second day: TW II
        (D(2025, 3, 31), D(2025, 3, 31), expired),  # its last valid day: TW I
        (D(2025, 4, 1), D(2025, 4, 1), expired),  # the day after: no
        (D(2025, 5, 1), D(2025, 5, 1), missing),  # no accreditation: no
    ):
        ActivityFactory(
            office=owner, start_date=start, end_date=end, partners=[partner], verification_status=V.VERIFIED
        )

    def agreement(start, terminated):
        AgreementFactory(
            office=owner,
            start_date=start,
            end_date=None,
            terminated_on=terminated,
            termination_reason="x",
            verification_status=V.VERIFIED,
        )

    agreement(D(2025, 6, 30), D(2025, 6, 30))  # terminated on its start day (TW II's last day): never in force
    agreement(D(2025, 1, 1), D(2025, 3, 31))  # terminated on TW I's last day: not in force on it
    agreement(D(2025, 1, 1), D(2025, 4, 1))  # in force on 31 March only among the measuring days
    r = results_by_code(lakip.unit_report(2025, owner, today=AFTER_2025))
    assert r["IK-05"].quarters == tuple(numbers([1, 1, 0, 0])) and r["IK-05"].year_value == 2
    assert r["IK-02"].quarters == tuple(numbers([1, 0, 0, 0]))
    # IK-04 distinct partners still counts all three monitoring organisations.
    assert r["IK-04"].year_value == 3
