"""The LAKIP chapter of one unit and year: every figure the "Capaian Kinerja" page shows, the LAKIP workbook
writes and a published LAKIP freezes. THE selector of all three (`build_chapter`); the page and the workbook
read it through the figure cache (`figures.chapter`), publishing and the LKjIP document compute it live.

One measurement (`selectors.unit_history`) gives this year's figures, the province recap and the previous
years of the comparison; then the Renstra targets, the budgets and the predicate scale (a query each).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from agencies.models import Office

from . import selectors
from .budget import GoalBudget, Money, goal_budgets, unit_money
from .comparison import Comparison, compare, comparison_years
from .predicates import GoalSummary, Scale, current_scale, goal_summaries
from .renstra import period_for_year


@dataclass
class Chapter:
    year: int
    office: Office
    report: selectors.UnitReport
    recap: selectors.Recap | None  # the province only: every office's row
    comparison: Comparison
    money: tuple[Money, Money]  # (agreements, activities)
    scale: Scale
    goals: list[GoalSummary]
    budgets: list[GoalBudget]

    @property
    def budget_total(self) -> Money:
        return self.money[0] + self.money[1]


def build_chapter(year: int, office: Office, *, today: dt.date | None = None) -> Chapter:
    """The chapter of one office, or of the whole province when `office` is the province office."""
    today = today or timezone.localdate()
    period = period_for_year(year)
    years = comparison_years(year, period)
    history = selectors.unit_history(years, office, today=today, recap=office.is_province)
    report = history.reports[year]
    scale = current_scale()
    money = unit_money(year, office, today, activities=report.activity_money)
    goals = goal_summaries(report.results, scale)
    return Chapter(
        year=year,
        office=office,
        report=report,
        recap=history.recap,
        comparison=compare(year, office, period, history.reports),
        money=money,
        scale=scale,
        goals=goals,
        budgets=goal_budgets(report.results, goals, money),
    )
