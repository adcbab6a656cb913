"""Multi-year comparison of the LAKIP: this year beside the previous two, the change from last year, and the
Renstra (this year's Renstra target, the end-of-period target and the achievement against it so far).

Every year is measured by THE selector (`selectors.unit_history`, all the years in one measurement), so a past
year shows exactly what its own page shows. Formulas, and how a year without data, an indicator added mid-Renstra and a lower-is-better indicator
are handled: docs/dev/lakip.md, "Multi-year comparison".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from agencies.models import Office

from ..choices import Polarity
from ..models import PerformanceIndicator
from . import selectors
from .models import RENSTRA_FIELDS, RenstraPeriod, RenstraTarget
from .renstra import period_for_year
from .rules import FLOW, HUNDRED, MANUAL_SUM, capaian, rule_of

MEASURED, NO_DATA, NOT_MEASURED, NOT_STARTED = "measured", "no_data", "not_measured", "not_started"
STATUS_LABELS = {
    MEASURED: "",
    NO_DATA: "tidak ada data",
    NOT_MEASURED: "belum diukur",
    NOT_STARTED: "belum dimulai",
}
BETTER, WORSE, SAME = "better", "worse", "same"
TREND_LABELS = {BETTER: "membaik", WORSE: "menurun", SAME: "tetap"}
CUMULATIVE_RULES = (FLOW, MANUAL_SUM)


@dataclass(frozen=True)
class YearValue:
    year: int
    value: Decimal | None
    status: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class ComparisonRow:
    indicator: PerformanceIndicator
    years: tuple[YearValue, ...]  # the year two years back, last year, this year
    change: Decimal | None  # this year − last year
    change_percent: Decimal | None  # change ÷ last year × 100
    trend: str | None  # better / worse / same, by the indicator's polarity
    renstra_target: Decimal | None  # this year's Renstra target
    renstra_capaian: Decimal | None
    end_target: Decimal | None
    so_far: Decimal | None  # cumulative since the indicator entered the Renstra (flows), or this year's level
    end_capaian: Decimal | None
    cumulative: bool

    @property
    def trend_label(self) -> str:
        return TREND_LABELS.get(self.trend, "")


@dataclass
class Comparison:
    year: int
    office: Office
    period: RenstraPeriod | None
    years: tuple[int, int, int]
    rows: list[ComparisonRow]


def has_data(report: selectors.UnitReport) -> bool:
    """A year holds data when some indicator measured more than zero, or a manual value was entered."""
    return any(
        result.year_value is not None and (result.indicator.is_manual or result.year_value != 0)
        for result in report.results
    )


def first_measured_year(period: RenstraPeriod, target: RenstraTarget | None) -> int | None:
    """The first year with a Renstra target. When it is after the period's first year the indicator was added
    mid-Renstra and is not measured (nor compared, nor accumulated) before it."""
    if target is None:
        return None
    for year, name in zip(period.years, RENSTRA_FIELDS, strict=True):
        if getattr(target, name) is not None:
            return year
    return None


def _year_values(year: int, reports: dict[int, selectors.UnitReport]) -> dict[int, YearValue]:
    report = reports[year]
    if report.measured_on is None:
        return {r.indicator.pk: YearValue(year, None, NOT_STARTED) for r in report.results}
    if not has_data(report):
        return {r.indicator.pk: YearValue(year, None, NO_DATA) for r in report.results}
    return {r.indicator.pk: YearValue(year, r.year_value, MEASURED) for r in report.results}


def _change(before: Decimal | None, now: Decimal | None, polarity: str):
    if before is None or now is None:
        return None, None, None
    change = now - before
    percent = None if before == 0 else change / abs(before) * HUNDRED
    if change == 0:
        return change, percent, SAME
    improves = change > 0 if polarity != Polarity.LOWER_IS_BETTER else change < 0
    return change, percent, BETTER if improves else WORSE


def _row(indicator, values: dict[int, YearValue], year: int, period, target) -> ComparisonRow:
    first = first_measured_year(period, target) if period else None
    added_mid_renstra = first is not None and first > period.start_year
    shown = []
    for y in (year - 2, year - 1, year):
        value = values[y]
        if added_mid_renstra and y < first:
            value = YearValue(y, None, NOT_MEASURED)
        shown.append(value)
    change, percent, trend = _change(shown[1].value, shown[2].value, indicator.polarity)
    field = period.field_of(year) if period else None
    renstra_target = getattr(target, field) if target and field else None
    end_target = target.end_target if target else None
    cumulative = rule_of(indicator) in CUMULATIVE_RULES
    so_far = shown[2].value
    if cumulative and period is not None:
        since = max(period.start_year, first or period.start_year)
        counted = [values[y].value for y in range(since, year + 1) if values[y].value is not None]
        so_far = sum(counted, Decimal(0)) if counted else None
    return ComparisonRow(
        indicator=indicator,
        years=tuple(shown),
        change=change,
        change_percent=percent,
        trend=trend,
        renstra_target=renstra_target,
        renstra_capaian=capaian(shown[2].value, renstra_target, indicator.polarity),
        end_target=end_target,
        so_far=so_far,
        end_capaian=capaian(so_far, end_target, indicator.polarity),
        cumulative=cumulative,
    )


def comparison_years(year: int, period: RenstraPeriod | None) -> set[int]:
    """The years a comparison reads: this year and the previous two, and the Renstra period's years so far."""
    years = {year - 2, year - 1, year}
    if period is not None:
        years |= set(range(period.start_year, year + 1))
    return years


def compare(
    year: int, office: Office, period: RenstraPeriod | None, reports: dict[int, selectors.UnitReport]
) -> Comparison:
    """The comparison from the unit's reports of `comparison_years(year, period)` (one `unit_history`)."""
    years = comparison_years(year, period)
    values: dict[int, dict[int, YearValue]] = {y: _year_values(y, reports) for y in years}
    # Query: the Renstra targets of this unit in the period.
    targets = {t.indicator_id: t for t in RenstraTarget.objects.filter(period=period, office=office)} if period else {}
    rows = []
    for result in reports[year].results:
        indicator = result.indicator
        per_year = {y: values[y].get(indicator.pk, YearValue(y, None, NO_DATA)) for y in years}
        rows.append(_row(indicator, per_year, year, period, targets.get(indicator.pk)))
    return Comparison(year, office, period, (year - 2, year - 1, year), rows)


def unit_comparison(year: int, office: Office, *, today: dt.date | None = None) -> Comparison:
    """The comparison of one LAKIP unit (an office, or the province = all of West Java) for `year`: every year
    measured at once by `selectors.unit_history`. The page and the workbook get it with the rest of the chapter
    (`chapter.build_chapter`), from the same measurement as this year's figures."""
    period = period_for_year(year)
    history = selectors.unit_history(comparison_years(year, period), office, today=today or timezone.localdate())
    return compare(year, office, period, history.reports)
