"""The raw counts behind the LAKIP figures, for one year or several at once (`selectors` turns them into results).

Every kind of source is counted by ONE grouped query over all the years asked for (never one per year or per
office): the page and the workbook need this year and the previous ones (the multi-year comparison), and each
query is a scan of the verified records, so a scan per year would cost its full price again. A row's quarter
and year come from one CASE over the quarters' last days (`_Span.period_of`, "year × 10 + quarter"), the same
arithmetic on PostgreSQL and SQLite. The partner links are read once as distinct (office, quarter, partner,
monitored activity) rows, a few thousand at scale 10: the distinct partners per office and across the province,
per quarter and over the year, and the activities with an accredited monitoring organisation are all counted
from them (they used to be five queries, each a join of the links with the activities).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db import connections
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Sum, Value, When

from agencies.choices import VerificationStatus
from agencies.models import Activity, Agreement, Evidence
from agencies.querysets import accredited_during_activity, in_force_on

from ..choices import IndicatorSource
from ..models import ManualRealisation, PerformanceIndicator
from .rules import MANUAL_MEAN, QUARTERS, quarter_bounds, rule_of

_ADDITIVE = ("signed", "active_end", "activities", "monitoring", "reports", "evidenced")
AGREEMENT_SOURCES = {IndicatorSource.AGREEMENTS_SIGNED, IndicatorSource.AGREEMENTS_ACTIVE_AT_END}


@dataclass
class Raw:
    """Measured counts of one office (or of the province total) in one year, per quarter index 0–3."""

    signed: list[int] = field(default_factory=lambda: [0] * 4)
    active_end: list[int] = field(default_factory=lambda: [0] * 4)
    activities: list[int] = field(default_factory=lambda: [0] * 4)
    monitoring: list[int] = field(default_factory=lambda: [0] * 4)
    reports: list[int] = field(default_factory=lambda: [0] * 4)
    evidenced: list[int] = field(default_factory=lambda: [0] * 4)
    partners: list[int] = field(default_factory=lambda: [0] * 4)
    partners_year: int = 0
    manual: dict[int, dict[int, Decimal]] = field(default_factory=dict)
    # The year's verified activities' budget (`budget.unit_money` takes it from here: the same records).
    ceiling: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)
    budgeted: int = 0


@dataclass(frozen=True)
class Window:
    """The part of a year that can be measured: quarters started by `today`, days up to `today`."""

    year: int
    today: dt.date

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return min(dt.date(self.year, 12, 31), self.today)

    @cached_property  # read for every result of every office
    def started(self) -> int:
        return sum(1 for q in QUARTERS if quarter_bounds(self.year, q)[0] <= self.today)

    def measure_day(self, quarter: int) -> dt.date:
        return min(quarter_bounds(self.year, quarter)[1], self.today)


@dataclass
class Measurement:
    """Per year: every office's raw counts, and the province total when it was asked for."""

    offices: dict[int, dict[int, Raw]]  # year → office id → counts
    totals: dict[int, Raw]  # year → the province total

    def raw(self, year: int, office_id: int) -> Raw:
        return self.offices.get(year, {}).get(office_id) or Raw()


class _Span:
    """The started years measured together: one contiguous range of dates, so one filter serves every query."""

    def __init__(self, windows: list[Window]):
        self.windows = {w.year: w for w in windows if w.started}
        years = sorted(self.windows)
        self.start = self.windows[years[0]].start if years else None
        self.end = self.windows[years[-1]].end if years else None

    def period_of(self, date_field: str) -> Case:
        """year × 10 + quarter of a date inside the span (the quarters' last days in ascending order; every year
        of the range, so that a year between two asked for is recognised, and skipped by `raw`)."""
        whens = [
            When(**{f"{date_field}__lte": quarter_bounds(year, q)[1]}, then=Value(year * 10 + q))
            for year in range(self.start.year, self.end.year + 1)
            for q in QUARTERS
        ]
        return Case(*whens, default=Value(0), output_field=IntegerField())

    def raw(self, raws: dict, period: int, office_id: int) -> tuple[Raw | None, int]:
        """The counts a grouped row belongs to, and its quarter index; None for a year not asked for."""
        year, quarter = divmod(period, 10)
        if year not in self.windows:
            return None, 0
        return raws.setdefault(year, {}).setdefault(office_id, Raw()), quarter - 1


def _office_filter(office_ids, prefix: str = "") -> Q:
    return Q() if office_ids is None else Q(**{f"{prefix}office_id__in": office_ids})


def _measure_agreements(span: _Span, office_ids, raws: dict) -> None:
    # Query: verified agreements signed in the span, counted per office, year and quarter.
    signed = (
        Agreement.objects.verified()
        .filter(_office_filter(office_ids), signed_on__gte=span.start, signed_on__lte=span.end)
        .annotate(p=span.period_of("signed_on"))
        .order_by()
        .values("office_id", "p")
        .annotate(n=Count("id"))
    )
    for row in signed:
        raw, index = span.raw(raws, row["p"], row["office_id"])
        if raw is not None:
            raw.signed[index] = row["n"]
    # Query: verified agreements in force on each started quarter's measuring day, per office.
    counts = {
        f"y{year}q{q}": Count("id", filter=in_force_on(win.measure_day(q)))
        for year, win in span.windows.items()
        for q in range(1, win.started + 1)
    }
    stock = (
        Agreement.objects.verified()
        .active_between(span.start, span.end)
        .filter(_office_filter(office_ids))
        .order_by()
        .values("office_id")
        .annotate(**counts)
    )
    for row in stock:
        for year in span.windows:
            raw = raws.setdefault(year, {}).setdefault(row["office_id"], Raw())
            raw.active_end = [row.get(f"y{year}q{q}", 0) for q in QUARTERS]


def _verified_activities(span: _Span, office_ids, prefix: str = "") -> Q:
    return Q(
        _office_filter(office_ids, prefix),
        **{
            f"{prefix}verification_status": VerificationStatus.VERIFIED,
            f"{prefix}end_date__gte": span.start,
            f"{prefix}end_date__lte": span.end,
        },
    )


def _measure_activities(span: _Span, office_ids, raws: dict) -> None:
    evidenced = Exists(Evidence.objects.filter(activity_id=OuterRef("pk")))
    # Query: verified activities ended in the span, per office, year and quarter, with the flow counts and the
    # budget (monitoring activities are counted from their partner links, `_measure_links`).
    rows = (
        Activity.objects.filter(_verified_activities(span, office_ids))
        .annotate(p=span.period_of("end_date"))
        .order_by()
        .values("office_id", "p")
        .annotate(
            activities=Count("id"),
            reports=Sum("reports_received"),
            evidenced=Count("id", filter=Q(evidenced)),
            ceiling=Sum("budget_ceiling"),
            spent=Sum("budget_spent"),
            budgeted=Count("id", filter=Q(budget_ceiling__isnull=False)),
        )
    )
    for row in rows:
        raw, index = span.raw(raws, row["p"], row["office_id"])
        if raw is not None:
            for name in ("activities", "reports", "evidenced"):
                getattr(raw, name)[index] = row[name] or 0
            raw.ceiling += row["ceiling"] or 0
            raw.spent += row["spent"] or 0
            raw.budgeted += row["budgeted"]


def _measure_links(span: _Span, office_ids, raws: dict, totals: dict | None) -> None:
    """From the partner links of verified activities: distinct partners per office and, when `totals` is given,
    across the province, per quarter and over the year; and the activities with a monitoring organisation
    accredited on a day of the activity (THE rule: `accredited_during_activity`, as `Activity.accredited_monitoring`)."""
    links = Activity.partners.through.objects.filter(_verified_activities(span, office_ids, "activity__"))
    accredited = accredited_during_activity("activity__", "partner__")
    monitored = Case(When(accredited, then=F("activity_id")), default=None, output_field=IntegerField())
    # Query: the distinct (office, year × 10 + quarter, partner, the activity when the partner was an accredited
    # monitoring organisation during it) of verified activities in the span.
    rows = (
        links.annotate(p=span.period_of("activity__end_date"), monitored=monitored)
        .order_by()
        .values_list("activity__office_id", "p", "partner_id", "monitored")
        .distinct()
    )
    # Read through a plain cursor: the rows are four integers each (about 16,000 at scale 10) and Django's
    # per-row converters cost more than the set arithmetic below.
    sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    pairs = {(office_id, period, partner_id) for office_id, period, partner_id, _activity in rows}
    monitored = {(office_id, period, activity) for office_id, period, _p, activity in rows if activity is not None}
    # Distinct counts of each grain, in C (set and Counter) rather than a Python loop per row.
    counts = {
        "office_quarter": Counter((o, p) for o, p, _partner in pairs),
        "office_year": Counter((o, y) for o, y, _partner in {(o, p // 10, partner) for o, p, partner in pairs}),
        "monitoring": Counter((o, p) for o, p, _activity in monitored),
    }
    for (office_id, period), n in counts["office_quarter"].items():
        raw, index = span.raw(raws, period, office_id)
        if raw is not None:
            raw.partners[index] = n
    for (office_id, period), n in counts["monitoring"].items():
        raw, index = span.raw(raws, period, office_id)
        if raw is not None:
            raw.monitoring[index] = n
    for (office_id, year), n in counts["office_year"].items():
        if year in span.windows:
            raws[year][office_id].partners_year = n
    if totals is not None:
        by_quarter = Counter(p for p, _partner in {(p, partner) for _o, p, partner in pairs})
        by_year = Counter(y for y, _partner in {(p // 10, partner) for _o, p, partner in pairs})
        for period, n in by_quarter.items():
            year, quarter = divmod(period, 10)
            if year in span.windows:
                totals.setdefault(year, Raw()).partners[quarter - 1] = n
        for year, n in by_year.items():
            if year in span.windows:
                totals.setdefault(year, Raw()).partners_year = n


def _measure_manual(span: _Span, office_ids, indicator_ids: list[int], raws: dict) -> None:
    # Query: manual values of the years in the span (quarters already started only, filtered below).
    values = (
        ManualRealisation.objects.filter(_office_filter(office_ids), indicator_id__in=indicator_ids)
        .filter(year__in=list(span.windows))
        .values_list("indicator_id", "office_id", "year", "quarter", "value")
    )
    for indicator_id, office_id, year, quarter, value in values:
        if quarter <= span.windows[year].started:
            raw = raws.setdefault(year, {}).setdefault(office_id, Raw())
            raw.manual.setdefault(indicator_id, {})[quarter] = value


def mean(values: list[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) / len(values) if values else None


def sum_raws(raws: list[Raw], manual: list[PerformanceIndicator], total: Raw | None = None) -> Raw:
    """The province total of the additive counts and of the manual values (sum, or mean for "%"); the distinct
    partners of `total` (counted across the province, not added up) are kept."""
    total = total or Raw()
    for name in _ADDITIVE:
        setattr(total, name, [sum(getattr(raw, name)[i] for raw in raws) for i in range(4)])
    total.ceiling = sum((raw.ceiling for raw in raws), Decimal(0))
    total.spent = sum((raw.spent for raw in raws), Decimal(0))
    total.budgeted = sum(raw.budgeted for raw in raws)
    for indicator in manual:
        for q in QUARTERS:
            entered = [raw.manual[indicator.pk][q] for raw in raws if q in raw.manual.get(indicator.pk, {})]
            if entered:
                combined = mean(entered) if rule_of(indicator) == MANUAL_MEAN else sum(entered, Decimal(0))
                total.manual.setdefault(indicator.pk, {})[q] = combined
    return total


def measure(windows: list[Window], office_ids, indicators, *, with_total: bool) -> Measurement:
    """Every office's raw counts in each window's year (one query per kind of source for all the years, never
    per year, office or row), and the province totals when `with_total`."""
    span = _Span(windows)
    sources = {indicator.source for indicator in indicators}
    manual = [indicator for indicator in indicators if indicator.is_manual]
    raws: dict[int, dict[int, Raw]] = {}
    totals: dict[int, Raw] = {}
    if span.windows:
        if sources & AGREEMENT_SOURCES:
            _measure_agreements(span, office_ids, raws)
        _measure_activities(span, office_ids, raws)  # also the budget of the activities, whatever the sources
        if sources & {IndicatorSource.DISTINCT_PARTNERS, IndicatorSource.MONITORING_ACTIVITIES}:
            _measure_links(span, office_ids, raws, totals if with_total else None)
        if manual:
            _measure_manual(span, office_ids, [m.pk for m in manual], raws)
    if with_total:
        for win in windows:
            offices = list(raws.get(win.year, {}).values())
            totals[win.year] = sum_raws(offices, manual, totals.get(win.year))
    return Measurement(raws, totals)
