"""LAKIP figures: realisation per indicator × office × quarter (TW I–IV) and year, and capaian.

THE selector for the "Capaian Kinerja" page, the LAKIP workbook and `manage.py export_lakip`: all three call
`unit_report` / `province_recap`, so they can never disagree. Only verified records count.

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
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Sum, Value, When
from django.utils import timezone

from agencies.choices import VerificationStatus
from agencies.models import PROVINCE_CODE, Activity, Agreement, Evidence, Office
from agencies.querysets import in_force_on

from ..choices import IndicatorSource
from ..models import ManualRealisation, PerformanceIndicator, PerformanceTarget
from .rules import (
    HUNDRED,
    MANUAL_MEAN,
    QUARTERS,
    RULE_LABELS,
    capaian,
    quarter_bounds,
    rule_of,
)

_ADDITIVE = ("signed", "active_end", "activities", "monitoring", "reports", "evidenced")


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


@dataclass
class _Raw:
    """Measured counts of one office (or of the province total), per quarter index 0–3."""

    signed: list[int] = field(default_factory=lambda: [0] * 4)
    active_end: list[int] = field(default_factory=lambda: [0] * 4)
    activities: list[int] = field(default_factory=lambda: [0] * 4)
    monitoring: list[int] = field(default_factory=lambda: [0] * 4)
    reports: list[int] = field(default_factory=lambda: [0] * 4)
    evidenced: list[int] = field(default_factory=lambda: [0] * 4)
    partners: list[int] = field(default_factory=lambda: [0] * 4)
    partners_year: int = 0
    manual: dict[int, dict[int, Decimal]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Window:
    """The part of the year that can be measured: quarters started by `today`, days up to `today`."""

    year: int
    today: dt.date

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return min(dt.date(self.year, 12, 31), self.today)

    @property
    def started(self) -> int:
        return sum(1 for q in QUARTERS if quarter_bounds(self.year, q)[0] <= self.today)

    def measure_day(self, quarter: int) -> dt.date:
        return min(quarter_bounds(self.year, quarter)[1], self.today)

    def quarter_of(self, date_field: str) -> Case:
        whens = [When(**{f"{date_field}__lte": quarter_bounds(self.year, q)[1]}, then=Value(q)) for q in (1, 2, 3)]
        return Case(*whens, default=Value(4), output_field=IntegerField())


def _office_filter(office_ids, prefix: str = "") -> Q:
    return Q() if office_ids is None else Q(**{f"{prefix}office_id__in": office_ids})


def _measure_agreements(win: _Window, office_ids, raws: dict) -> None:
    # Query: verified agreements signed in the window, counted per office and quarter.
    signed = (
        Agreement.objects.verified()
        .filter(_office_filter(office_ids), signed_on__gte=win.start, signed_on__lte=win.end)
        .annotate(q=win.quarter_of("signed_on"))
        .order_by()
        .values("office_id", "q")
        .annotate(n=Count("id"))
    )
    for row in signed:
        raws.setdefault(row["office_id"], _Raw()).signed[row["q"] - 1] = row["n"]
    # Query: verified agreements in force on each quarter's measuring day, per office.
    counts = {f"q{q}": Count("id", filter=in_force_on(win.measure_day(q))) for q in range(1, win.started + 1)}
    stock = (
        Agreement.objects.verified()
        .active_between(win.start, win.end)
        .filter(_office_filter(office_ids))
        .order_by()
        .values("office_id")
        .annotate(**counts)
    )
    for row in stock:
        raw = raws.setdefault(row["office_id"], _Raw())
        raw.active_end = [row.get(f"q{q}", 0) for q in QUARTERS]


def _verified_activities(win: _Window, office_ids, prefix: str = ""):
    return Q(
        _office_filter(office_ids, prefix),
        **{
            f"{prefix}verification_status": VerificationStatus.VERIFIED,
            f"{prefix}end_date__gte": win.start,
            f"{prefix}end_date__lte": win.end,
        },
    )


def _measure_activities(win: _Window, office_ids, raws: dict) -> None:
    monitoring = Activity.objects.accredited_monitoring()  # accredited on a day of the activity
    evidenced = Exists(Evidence.objects.filter(activity_id=OuterRef("pk")))
    # Query: verified activities ended in the window, per office and quarter, with the flow counts.
    rows = (
        Activity.objects.filter(_verified_activities(win, office_ids))
        .annotate(q=win.quarter_of("end_date"))
        .order_by()
        .values("office_id", "q")
        .annotate(
            activities=Count("id"),
            monitoring=Count("id", filter=Q(monitoring)),
            reports=Sum("reports_received"),
            evidenced=Count("id", filter=Q(evidenced)),
        )
    )
    for row in rows:
        raw = raws.setdefault(row["office_id"], _Raw())
        for name in ("activities", "monitoring", "reports", "evidenced"):
            getattr(raw, name)[row["q"] - 1] = row[name] or 0


def _partner_links(win: _Window, office_ids):
    return Activity.partners.through.objects.filter(_verified_activities(win, office_ids, "activity__")).order_by()


def _measure_partners(win: _Window, office_ids, raws: dict) -> None:
    links = _partner_links(win, office_ids)
    # Query: distinct partners per office and quarter.
    by_quarter = (
        links.annotate(q=win.quarter_of("activity__end_date"))
        .values("activity__office_id", "q")
        .annotate(n=Count("partner_id", distinct=True))
    )
    for row in by_quarter:
        raws.setdefault(row["activity__office_id"], _Raw()).partners[row["q"] - 1] = row["n"]
    # Query: distinct partners per office over the whole year.
    for row in links.values("activity__office_id").annotate(n=Count("partner_id", distinct=True)):
        raws.setdefault(row["activity__office_id"], _Raw()).partners_year = row["n"]


def _measure_partners_total(win: _Window, total: _Raw) -> None:
    links = _partner_links(win, None)
    # Query: distinct partners across the province per quarter.
    by_quarter = links.annotate(q=win.quarter_of("activity__end_date")).values("q")
    for row in by_quarter.annotate(n=Count("partner_id", distinct=True)):
        total.partners[row["q"] - 1] = row["n"]
    # Query: distinct partners across the province over the year.
    total.partners_year = links.aggregate(n=Count("partner_id", distinct=True))["n"] or 0


def _measure_manual(win: _Window, office_ids, indicator_ids: list[int], raws: dict) -> None:
    # Query: manual values of the year (quarters already started only).
    values = (
        ManualRealisation.objects.filter(_office_filter(office_ids), year=win.year, indicator_id__in=indicator_ids)
        .filter(quarter__lte=win.started)
        .values_list("indicator_id", "office_id", "quarter", "value")
    )
    for indicator_id, office_id, quarter, value in values:
        raws.setdefault(office_id, _Raw()).manual.setdefault(indicator_id, {})[quarter] = value


def _mean(values: list[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) / len(values) if values else None


def _sum_raws(raws: list[_Raw], manual: list[PerformanceIndicator]) -> _Raw:
    """The province total of the additive counts and of the manual values (sum, or mean for "%")."""
    total = _Raw()
    for name in _ADDITIVE:
        setattr(total, name, [sum(getattr(raw, name)[i] for raw in raws) for i in range(4)])
    for indicator in manual:
        for q in QUARTERS:
            entered = [raw.manual[indicator.pk][q] for raw in raws if q in raw.manual.get(indicator.pk, {})]
            if entered:
                combined = _mean(entered) if rule_of(indicator) == MANUAL_MEAN else sum(entered, Decimal(0))
                total.manual.setdefault(indicator.pk, {})[q] = combined
    return total


def _share(part: int, whole: int) -> Decimal | None:
    return None if whole == 0 else Decimal(part) * HUNDRED / Decimal(whole)


def _series(indicator: PerformanceIndicator, raw: _Raw, started: int) -> tuple[list, Decimal | None]:
    """Quarter values (None for quarters not started) and the year value, by the indicator's rule."""
    source, live = indicator.source, range(started)
    year: Decimal | None
    if indicator.is_manual:
        entered = raw.manual.get(indicator.pk, {})
        quarters = [entered.get(q) for q in QUARTERS]
        present = [v for v in quarters if v is not None]
        year = _mean(present) if rule_of(indicator) == MANUAL_MEAN else (sum(present, Decimal(0)) if present else None)
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


def _result(indicator: PerformanceIndicator, raw: _Raw, target: TargetValues | None, started: int):
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


def _targets(year: int, office_ids) -> dict[tuple[int, int], TargetValues]:
    # Query: the targets of the year.
    rows = PerformanceTarget.objects.filter(_office_filter(office_ids), year=year).values_list(
        "office_id", "indicator_id", "yearly", "q1", "q2", "q3", "q4"
    )
    return {(o, i): TargetValues(yearly, (q1, q2, q3, q4)) for o, i, yearly, q1, q2, q3, q4 in rows}


def _measure(win: _Window, office_ids, indicators, *, with_total: bool) -> tuple[dict[int, _Raw], _Raw | None]:
    """Every office's raw counts (one query per kind of source, never per row) and optionally the total."""
    sources = {indicator.source for indicator in indicators}
    manual = [indicator for indicator in indicators if indicator.is_manual]
    raws: dict[int, _Raw] = {}
    if win.started:
        if sources & {IndicatorSource.AGREEMENTS_SIGNED, IndicatorSource.AGREEMENTS_ACTIVE_AT_END}:
            _measure_agreements(win, office_ids, raws)
        if sources & {
            IndicatorSource.ACTIVITIES,
            IndicatorSource.MONITORING_ACTIVITIES,
            IndicatorSource.VIOLATION_REPORTS,
            IndicatorSource.EVIDENCE_SHARE,
        }:
            _measure_activities(win, office_ids, raws)
        if IndicatorSource.DISTINCT_PARTNERS in sources:
            _measure_partners(win, office_ids, raws)
        if manual:
            _measure_manual(win, office_ids, [m.pk for m in manual], raws)
    if not with_total:
        return raws, None
    total = _sum_raws(list(raws.values()), manual)
    if win.started and IndicatorSource.DISTINCT_PARTNERS in sources:
        _measure_partners_total(win, total)
    return raws, total


def _unit(year: int, office: Office, raw: _Raw, targets: dict, indicators, win: _Window) -> UnitReport:
    results = [_result(i, raw, targets.get((office.pk, i.pk)), win.started) for i in indicators]
    return UnitReport(year, office, win.end if win.started else None, win.started, results)


def unit_report(year: int, office: Office, *, today: dt.date | None = None) -> UnitReport:
    """The LAKIP measurement of one office, or of the whole province when `office` is the province office."""
    win = _Window(year, today or timezone.localdate())
    indicators = active_indicators()
    if office.is_province:
        _raws, raw = _measure(win, None, indicators, with_total=True)
    else:
        raws, _total = _measure(win, [office.pk], indicators, with_total=False)
        raw = raws.get(office.pk, _Raw())
    return _unit(year, office, raw, _targets(year, [office.pk]), indicators, win)


def province_recap(year: int, *, today: dt.date | None = None) -> Recap:
    """Every office's realisation and capaian, plus the province total (identical to `unit_report(province)`).

    The province office's own row shows its own records without capaian: its targets belong to the province
    total, which is what the province's LAKIP measures.
    """
    win = _Window(year, today or timezone.localdate())
    indicators = active_indicators()
    # Query: the 28 offices.
    offices = list(Office.objects.order_by("code"))
    raws, total = _measure(win, None, indicators, with_total=True)
    targets = _targets(year, None)
    province = next(o for o in offices if o.code == PROVINCE_CODE)
    rows = []
    for office in [*(o for o in offices if not o.is_province), province]:
        own_targets = {} if office.is_province else targets
        rows.append(
            RecapRow(office, _unit(year, office, raws.get(office.pk, _Raw()), own_targets, indicators, win).results)
        )
    return Recap(year, indicators, rows, _unit(year, province, total, targets, indicators, win))
