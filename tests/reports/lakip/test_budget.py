"""Budget and efficiency per strategic goal, worked out by hand, including zero budget and zero absorption."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from agencies.choices import VerificationStatus as V
from reports.lakip import budget
from reports.lakip.predicates import GoalSummary
from tests.factories import ActivityFactory, AgreementFactory, office

pytestmark = pytest.mark.django_db

D = dt.date
M = Decimal(1_000_000)
TODAY = D(2026, 1, 15)


def result(goal: str, source: str):
    return SimpleNamespace(indicator=SimpleNamespace(strategic_goal=goal, source=source))


def goal(name: str, capaian):
    return GoalSummary(name, (), None if capaian is None else Decimal(capaian), None)


def activity(owner, end, ceiling=None, spent=None, status=V.VERIFIED):
    return ActivityFactory(
        office=owner,
        start_date=end,
        end_date=end,
        verification_status=status,
        budget_ceiling=ceiling,
        budget_spent=spent,
    )


@pytest.fixture
def depok():
    """Kota Depok, 2025 (measured on 15/01/2026):
    agreements verified, signed in 2025: g1 pagu 40 jt, spent 30 jt; g2 without budget;
      g3 signed 2024 (another year); g4 submitted (not verified) → 40 jt pagu, 30 jt spent, 1 record
    activities verified, ended in 2025: a1 pagu 10 jt spent 10 jt; a2 pagu 50 jt spent 20 jt; a3 draft (ignored);
      a4 ended 2024 (another year) → 60 jt pagu, 30 jt spent, 2 records
    """
    depok = office("32.76")
    AgreementFactory(office=depok, verification_status=V.VERIFIED, signed_on=D(2025, 3, 1), start_date=D(2025, 3, 1),
                     budget_ceiling=40 * M, budget_spent=30 * M)  # fmt: skip
    AgreementFactory(office=depok, verification_status=V.VERIFIED, signed_on=D(2025, 6, 1), start_date=D(2025, 6, 1))
    AgreementFactory(office=depok, verification_status=V.VERIFIED, signed_on=D(2024, 6, 1), start_date=D(2024, 6, 1),
                     budget_ceiling=99 * M, budget_spent=99 * M)  # fmt: skip
    AgreementFactory(office=depok, verification_status=V.SUBMITTED, signed_on=D(2025, 6, 1), start_date=D(2025, 6, 1),
                     budget_ceiling=99 * M, budget_spent=1 * M)  # fmt: skip
    activity(depok, D(2025, 4, 1), 10 * M, 10 * M)
    activity(depok, D(2025, 11, 1), 50 * M, 20 * M)
    activity(depok, D(2025, 5, 1), 7 * M, 7 * M, status=V.DRAFT)
    activity(depok, D(2024, 12, 31), 7 * M, 7 * M)
    return depok


def test_money_of_a_unit_and_of_the_province(depok):
    agreements, activities = budget.unit_money(2025, depok, TODAY)
    assert agreements == budget.Money(40 * M, 30 * M, 1)
    assert activities == budget.Money(60 * M, 30 * M, 2)
    activity(office("32.01"), D(2025, 2, 1), 5 * M, Decimal(0))
    _agreements, province_activities = budget.unit_money(2025, office("32"), TODAY)
    assert province_activities == budget.Money(65 * M, 30 * M, 3)


def test_efficiency_per_goal(depok):
    results = [
        result("Kerja sama", "agreements_signed"),
        result("Partisipasi", "activities"),
        result("Partisipasi", "distinct_partners"),
        result("Manual", "manual"),
        result("Campuran", "agreements_active_end"),
        result("Campuran", "evidence_share"),
    ]
    goals = [goal("Kerja sama", "90"), goal("Partisipasi", "55"), goal("Manual", "80"), goal("Campuran", None)]
    rows = {row.goal: row for row in budget.goal_budgets(results, goals, budget.unit_money(2025, depok, TODAY))}
    # agreements: 30 of 40 jt = 75 % absorbed; 90 % ÷ 75 % = 1,2
    assert (rows["Kerja sama"].absorption, rows["Kerja sama"].efficiency) == (75, Decimal("1.2"))
    # activities (counted once for the goal although two indicators use them): 30 of 60 jt = 50 %; 55 ÷ 50 = 1,1
    assert (rows["Partisipasi"].ceiling, rows["Partisipasi"].absorption) == (60 * M, 50)
    assert rows["Partisipasi"].efficiency == Decimal("1.1")
    # only manual indicators: no records behind it, so no budget
    assert (rows["Manual"].ceiling, rows["Manual"].absorption, rows["Manual"].note) == (0, None, "no_budget")
    # both kinds: 100 jt pagu, 60 jt spent = 60 %, but no capaian → no efficiency
    assert (rows["Campuran"].ceiling, rows["Campuran"].absorption) == (100 * M, 60)
    assert (rows["Campuran"].efficiency, rows["Campuran"].note_label) == (None, "capaian belum dapat dihitung")


def test_zero_budget_and_zero_absorption():
    assert budget.absorption(Decimal(0), Decimal(0)) is None
    assert budget.efficiency(Decimal(90), None) == (None, "no_budget")
    assert budget.absorption(5 * M, Decimal(0)) == 0
    assert budget.efficiency(Decimal(90), Decimal(0)) == (None, "not_absorbed")
    assert budget.efficiency(Decimal(0), Decimal(40)) == (0, "")  # nothing achieved with 40 % spent: 0
    assert budget.efficiency(Decimal(120), Decimal(100)) == (Decimal("1.2"), "")


def test_zero_absorption_per_goal():
    bogor = office("32.01")
    activity(bogor, D(2025, 2, 1), 5 * M, None)  # pagu given, nothing spent yet
    activity(bogor, D(2025, 3, 1), Decimal(0), None)  # a pagu of 0
    money = budget.unit_money(2025, bogor, TODAY)
    (row,) = budget.goal_budgets([result("P", "activities")], [goal("P", "80")], money)
    assert (row.ceiling, row.spent, row.absorption, row.efficiency, row.note) == (5 * M, 0, 0, None, "not_absorbed")


def test_spending_needs_a_ceiling_and_never_exceeds_it(office_a):
    record = ActivityFactory.build(office=office_a, budget_ceiling=10 * M, budget_spent=11 * M)
    with pytest.raises(ValidationError, match="tidak boleh melebihi pagu"):
        record.clean()
    record.budget_ceiling = None
    with pytest.raises(ValidationError, match="Isi pagu anggaran"):
        record.clean()
