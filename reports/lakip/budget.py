"""Budget and efficiency per strategic goal: pagu and realised spending of the verified records behind the goal's
indicators, absorption, and efficiency = capaian % ÷ absorption %.

Which records: verified activities ended in the year (counted like the LAKIP: by end date) when an indicator of
the goal is measured on activities; verified agreements signed in the year (by signing date, or start date when
none) when an indicator of the goal is measured on agreements; both up to today. A record feeds every goal whose
indicators count it, so the goals' budgets may overlap; the unit's total counts each record once. Goals whose
indicators are all manual have no budget. Definitions of the edge cases: docs/dev/lakip.md, "Budget and efficiency".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from agencies.choices import VerificationStatus
from agencies.models import Activity, Agreement, Office

from ..choices import IndicatorSource
from .predicates import GoalSummary
from .rules import HUNDRED

AGREEMENT_SOURCES = {IndicatorSource.AGREEMENTS_SIGNED, IndicatorSource.AGREEMENTS_ACTIVE_AT_END}
ACTIVITY_SOURCES = {
    IndicatorSource.ACTIVITIES,
    IndicatorSource.DISTINCT_PARTNERS,
    IndicatorSource.MONITORING_ACTIVITIES,
    IndicatorSource.VIOLATION_REPORTS,
    IndicatorSource.EVIDENCE_SHARE,
}
NO_BUDGET, NOT_ABSORBED, NO_CAPAIAN = "no_budget", "not_absorbed", "no_capaian"
NOTES = {
    NO_BUDGET: "tanpa anggaran (pagu 0 atau tidak diisi)",
    NOT_ABSORBED: "anggaran belum terserap (realisasi 0)",
    NO_CAPAIAN: "capaian belum dapat dihitung",
}


@dataclass(frozen=True)
class Money:
    ceiling: Decimal
    spent: Decimal
    records: int

    def __add__(self, other: Money) -> Money:
        return Money(self.ceiling + other.ceiling, self.spent + other.spent, self.records + other.records)


ZERO = Money(Decimal(0), Decimal(0), 0)


@dataclass(frozen=True)
class GoalBudget:
    goal: str
    ceiling: Decimal
    spent: Decimal
    records: int
    absorption: Decimal | None  # spent ÷ ceiling × 100; None without a ceiling
    capaian: Decimal | None
    efficiency: Decimal | None  # capaian % ÷ absorption %
    note: str  # why there is no efficiency figure (code of NOTES), or ""

    @property
    def note_label(self) -> str:
        return NOTES.get(self.note, "")


def absorption(ceiling: Decimal, spent: Decimal) -> Decimal | None:
    """Spent ÷ ceiling × 100; None when the ceiling is 0 (nothing budgeted)."""
    return None if ceiling == 0 else spent / ceiling * HUNDRED


def efficiency(capaian: Decimal | None, absorbed: Decimal | None) -> tuple[Decimal | None, str]:
    """Capaian % ÷ absorption %, and why it is missing: no budget, nothing absorbed (÷ 0), or no capaian."""
    if absorbed is None:
        return None, NO_BUDGET
    if absorbed == 0:
        return None, NOT_ABSORBED
    if capaian is None:
        return None, NO_CAPAIAN
    return capaian / absorbed, ""


def _money(qs) -> Money:
    row = qs.aggregate(
        ceiling=Coalesce(Sum("budget_ceiling"), Decimal(0)),
        spent=Coalesce(Sum("budget_spent"), Decimal(0)),
        records=Count("id", filter=Q(budget_ceiling__isnull=False)),
    )
    return Money(Decimal(row["ceiling"]), Decimal(row["spent"]), row["records"])


def unit_money(year: int, office: Office, today: dt.date | None = None, activities: Money | None = None):
    """(agreements, activities) money of a unit's verified records of the year, up to today. Two queries; one
    when the activities' money comes from the LAKIP measurement (`UnitReport.activity_money`: the same records,
    summed in the measurement's query)."""
    end = min(dt.date(year, 12, 31), today or timezone.localdate())
    scope = Q() if office.is_province else Q(office=office)
    start = dt.date(year, 1, 1)
    # Query: verified agreements signed (or, unsigned, started) in the year.
    signed = Q(signed_on__gte=start, signed_on__lte=end) | Q(
        signed_on__isnull=True, start_date__gte=start, start_date__lte=end
    )
    agreements = _money(Agreement.objects.filter(scope, signed, verification_status=VerificationStatus.VERIFIED))
    if activities is None:
        # Query: verified activities ended in the year.
        activities = _money(
            Activity.objects.filter(
                scope, end_date__gte=start, end_date__lte=end, verification_status=VerificationStatus.VERIFIED
            )
        )
    return agreements, activities


def goal_budgets(results, goals: list[GoalSummary], money: tuple[Money, Money]) -> list[GoalBudget]:
    """Per strategic goal (in the order of `goals`): the money of the records behind it and the efficiency."""
    agreements, activities = money
    sources: dict[str, set] = {}
    for result in results:
        sources.setdefault(result.indicator.strategic_goal, set()).add(result.indicator.source)
    budgets = []
    for goal in goals:
        used = sources.get(goal.goal, set())
        total = (agreements if used & AGREEMENT_SOURCES else ZERO) + (activities if used & ACTIVITY_SOURCES else ZERO)
        absorbed = absorption(total.ceiling, total.spent)
        ratio, note = efficiency(goal.capaian, absorbed)
        budgets.append(
            GoalBudget(goal.goal, total.ceiling, total.spent, total.records, absorbed, goal.capaian, ratio, note)
        )
    return budgets
