"""LAKIP figures: realisation per indicator × office × quarter (TW I–IV) and year, and capaian.

THE selector for the "Capaian Kinerja" page, the LAKIP workbook, the LKjIP chapter and `manage.py export_lakip`:
all of them call `unit_history` (several years from one measurement: the page's year and the comparison's
previous years) or its one-year forms `unit_report` / `province_recap`, so they can never disagree. Only verified
records count. The counting itself is in `measurement.py` (one grouped query per kind of source).

How each source fills the quarter columns (see docs/dev/lakip.md):
- flow   (agreements signed, activities, monitoring-organisation activities, violation reports): per quarter;
         the year value is the total of the year.
- stock  (agreements in force at the period's end): the count on the quarter's last day; the year value is the
         count on 31 December. Never summed.
- period (distinct partners, share of activities with evidence): recomputed over each quarter and over the
         whole year (distinct over the year, share of the year's activities). Never summed.
- manual: the value entered per quarter; the year value is their total, or their mean when the unit is "%".
A quarter that has not started yet has no value ("–"); an unfinished quarter or year is measured up to today.
The province unit (office 32) is measured on the whole of West Java: the 27 offices plus the province office's
own records (flows and stocks added up, distinct partners distinct across the province, shares recomputed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from agencies.models import PROVINCE_CODE, Office

from ..choices import IndicatorSource
from ..models import PerformanceIndicator, PerformanceTarget
from .budget import ZERO, Money
from .measurement import Measurement, Raw, Window, mean, measure
from .rules import (
    HUNDRED,
    MANUAL_MEAN,
    QUARTERS,
    RULE_LABELS,
    capaian,
    rule_of,
)


@dataclass(frozen=True)
class TargetValues:
    yearly: Decimal
    quarters: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class IndicatorResult:
    indicator: PerformanceIndicator
    rule: str
    target: TargetValues | None
    quarters: tuple[Decimal | None, ...]
    year_value: Decimal | None
    capaian: Decimal | None
    quarter_capaian: tuple[Decimal | None, ...]

    @property
    def rule_label(self) -> str:
        return RULE_LABELS[self.rule]


@dataclass
class UnitReport:
    """One LAKIP unit (an office, or the province = all of West Java) for one year."""

    year: int
    office: Office
    measured_on: dt.date | None
    started_quarters: int
    results: list[IndicatorResult]
    activity_money: Money = ZERO  # the budget of the verified activities counted here (`budget.unit_money`)

    @property
    def is_province(self) -> bool:
        return self.office.is_province


@dataclass
class RecapRow:
    office: Office
    results: list[IndicatorResult]


@dataclass
class Recap:
    year: int
    indicators: list[PerformanceIndicator]
    rows: list[RecapRow]
    total: UnitReport


def _share(part: int, whole: int) -> Decimal | None:
    return None if whole == 0 else Decimal(part) * HUNDRED / Decimal(whole)


def _series(indicator: PerformanceIndicator, raw: Raw, started: int) -> tuple[list, Decimal | None]:
    """Quarter values (None for quarters not started) and the year value, by the indicator's rule."""
    source, live = indicator.source, range(started)
    year: Decimal | None
    if indicator.is_manual:
        entered = raw.manual.get(indicator.pk, {})
        quarters = [entered.get(q) for q in QUARTERS]
        present = [v for v in quarters if v is not None]
        year = mean(present) if rule_of(indicator) == MANUAL_MEAN else (sum(present, Decimal(0)) if present else None)
        return quarters, year
    if source == IndicatorSource.EVIDENCE_SHARE:
        quarters = [_share(raw.evidenced[i], raw.activities[i]) for i in live]
        year = _share(sum(raw.evidenced), sum(raw.activities))
    else:
        name = {
            IndicatorSource.AGREEMENTS_SIGNED: "signed",
            IndicatorSource.AGREEMENTS_ACTIVE_AT_END: "active_end",
            IndicatorSource.ACTIVITIES: "activities",
            IndicatorSource.DISTINCT_PARTNERS: "partners",
            IndicatorSource.MONITORING_ACTIVITIES: "monitoring",
            IndicatorSource.VIOLATION_REPORTS: "reports",
        }[source]
        quarters = [Decimal(getattr(raw, name)[i]) for i in live]
        if source == IndicatorSource.AGREEMENTS_ACTIVE_AT_END:
            year = quarters[-1] if quarters else None
        elif source == IndicatorSource.DISTINCT_PARTNERS:
            year = Decimal(raw.partners_year) if started else None
        else:
            year = sum(quarters, Decimal(0)) if started else None
    return quarters + [None] * (4 - len(quarters)), year


def _result(indicator: PerformanceIndicator, raw: Raw, target: TargetValues | None, started: int):
    quarters, year = _series(indicator, raw, started)
    target_quarters = target.quarters if target else (None,) * 4
    return IndicatorResult(
        indicator=indicator,
        rule=rule_of(indicator),
        target=target,
        quarters=tuple(quarters),
        year_value=year,
        capaian=capaian(year, target.yearly if target else None, indicator.polarity),
        quarter_capaian=tuple(
            capaian(value, goal, indicator.polarity) for value, goal in zip(quarters, target_quarters, strict=True)
        ),
    )


def active_indicators() -> list[PerformanceIndicator]:
    # Query: the active indicators in report order.
    return list(PerformanceIndicator.objects.filter(is_active=True).order_by("order", "code"))


def _targets(years, office_ids) -> dict[tuple[int, int, int], TargetValues]:
    # Query: the targets of the years.
    rows = PerformanceTarget.objects.filter(year__in=list(years))
    if office_ids is not None:
        rows = rows.filter(office_id__in=office_ids)
    values = rows.values_list("year", "office_id", "indicator_id", "yearly", "q1", "q2", "q3", "q4")
    return {(y, o, i): TargetValues(yearly, (q1, q2, q3, q4)) for y, o, i, yearly, q1, q2, q3, q4 in values}


def _unit(office: Office, raw: Raw, targets: dict, indicators, win: Window) -> UnitReport:
    year, owner = win.year, office.pk
    results = [_result(i, raw, targets.get((year, owner, i.pk)), win.started) for i in indicators]
    money = Money(raw.ceiling, raw.spent, raw.budgeted)
    return UnitReport(year, office, win.end if win.started else None, win.started, results, money)


@dataclass
class UnitHistory:
    """One LAKIP unit measured over several years at once: its report of each year, and for the province the
    recap of the last year (every office's row)."""

    reports: dict[int, UnitReport]
    recap: Recap | None


def unit_history(years, office: Office, *, today: dt.date | None = None, recap: bool = False) -> UnitHistory:
    """The reports of one office, or of the whole province when `office` is the province office, for each of
    `years`, from ONE measurement (a grouped query per kind of source for all the years); with `recap` (the
    province only) also every office's row of the last year."""
    today = today or timezone.localdate()
    windows = [Window(year, today) for year in sorted(set(years))]
    indicators = active_indicators()
    province = office.is_province
    measured = measure(windows, None if province else [office.pk], indicators, with_total=province)
    with_rows = recap and province
    targets = _targets([w.year for w in windows], None if with_rows else [office.pk])
    reports = {}
    for win in windows:
        raw = measured.totals[win.year] if province else measured.raw(win.year, office.pk)
        reports[win.year] = _unit(office, raw, targets, indicators, win)
    last = windows[-1]
    rows = _recap_rows(last, measured, targets, indicators) if with_rows else None
    return UnitHistory(reports, Recap(last.year, indicators, rows, reports[last.year]) if rows is not None else None)


def _recap_rows(win: Window, measured: Measurement, targets: dict, indicators) -> list[RecapRow]:
    """Every office's realisation and capaian (the province office's own row without capaian: its targets belong
    to the province total, which is what the province's LAKIP measures)."""
    # Query: the 28 offices.
    offices = list(Office.objects.order_by("code"))
    province = next(o for o in offices if o.code == PROVINCE_CODE)
    rows = []
    for office in [*(o for o in offices if not o.is_province), province]:
        own_targets = {} if office.is_province else targets
        report = _unit(office, measured.raw(win.year, office.pk), own_targets, indicators, win)
        rows.append(RecapRow(office, report.results))
    return rows


def unit_report(year: int, office: Office, *, today: dt.date | None = None) -> UnitReport:
    """The LAKIP measurement of one office, or of the whole province when `office` is the province office."""
    return unit_history([year], office, today=today).reports[year]


def province_recap(year: int, *, today: dt.date | None = None) -> Recap:
    """Every office's realisation and capaian, plus the province total (identical to `unit_report(province)`)."""
    return unit_history([year], Office.objects.province(), today=today, recap=True).recap
