"""THE ranking selector (Indeks Kinerja Hubal): one function serves the page, the command and the exports.

Only verified records of the 27 regency/city offices count. Raw values are aggregated in the database in a
constant number of queries (see `compute_ranking`); normalisation and the score are exact fractions, so
ties are real ties and the order never depends on floating-point noise. Rounding happens only for display.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Count, F, Func, IntegerField, Q, Sum
from django.utils import timezone, translation
from django.utils.formats import date_format

from agencies.choices import OfficeKind, PartnerCategory, VerificationStatus
from agencies.models import Activity, Agreement, Office
from agencies.querysets import accredited_during_activity

from ..choices import PeriodKind
from ..models import RankingWeightSet

# Bump when the formula (components, normalisation, boundaries, tie-break) changes: published rankings keep theirs.
FORMULA_VERSION = "2026.1"  # 2026.1: terminated-on-start agreements; accredited monitoring organisations only

# "Recorded within 7 days" = created_at (local date in WIB) ≤ end_date + 7 days; day 7 still counts.
TIMELY_DAYS = 7

QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Component:
    key: str  # also the weight field of RankingWeightSet
    label: str
    explanation: str


COMPONENTS: tuple[Component, ...] = (
    Component("active_agreements", "Kerja sama aktif", "kerja sama terverifikasi yang berlaku minimal satu hari"),
    Component("activities", "Kegiatan", "kegiatan terverifikasi yang tanggal selesainya dalam periode"),
    Component("partner_diversity", "Keragaman mitra", "kategori mitra berbeda dari kegiatan dan kerja sama tersebut"),
    Component(
        "monitoring_orgs",
        "Lembaga pemantau",
        "kegiatan dan kerja sama yang melibatkan lembaga pemantau terakreditasi pada hari kegiatan/berlakunya",
    ),
    Component("violation_reports", "Laporan pelanggaran", "jumlah laporan/informasi awal dari mitra dalam kegiatan"),
    Component("timeliness", "Ketepatan waktu", "bagian kegiatan yang dicatat ≤ 7 hari setelah tanggal selesai"),
)
RELATIVE_COMPONENTS = ("active_agreements", "activities", "monitoring_orgs", "violation_reports")
CATEGORY_COUNT = len(PartnerCategory)


def format_day(day: dt.date) -> str:
    """1 Januari 2024: Django's localisation (LANGUAGE_CODE "id"), full month name."""
    with translation.override("id"):
        return date_format(day, "j F Y")


@dataclass(frozen=True)
class Period:
    """A ranking period: a calendar year, a quarter, or an inclusive date range."""

    kind: str
    start: dt.date
    end: dt.date
    label: str

    @classmethod
    def for_year(cls, year: int) -> Period:
        return cls(PeriodKind.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31), f"Tahun {year}")

    @classmethod
    def for_quarter(cls, year: int, quarter: int) -> Period:
        if quarter not in QUARTER_NAMES:
            raise ValueError("Triwulan harus 1 sampai 4.")
        first_month = 3 * quarter - 2
        last_day = calendar.monthrange(year, first_month + 2)[1]
        return cls(
            PeriodKind.QUARTER,
            dt.date(year, first_month, 1),
            dt.date(year, first_month + 2, last_day),
            f"Triwulan {QUARTER_NAMES[quarter]} {year}",
        )

    @classmethod
    def for_range(cls, start: dt.date, end: dt.date) -> Period:
        if end < start:
            raise ValueError("Tanggal akhir tidak boleh sebelum tanggal awal.")
        return cls(PeriodKind.RANGE, start, end, f"{format_day(start)} – {format_day(end)}")

    @classmethod
    def restore(cls, kind: str, start: dt.date, end: dt.date) -> Period:
        """The period of a published ranking, from its stored kind and dates."""
        if kind == PeriodKind.YEAR:
            return cls.for_year(start.year)
        if kind == PeriodKind.QUARTER:
            return cls.for_quarter(start.year, (start.month + 2) // 3)
        return cls.for_range(start, end)

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def quarter(self) -> int | None:
        return (self.start.month + 2) // 3 if self.kind == PeriodKind.QUARTER else None

    def query(self) -> dict[str, str]:
        """The GET parameters of the `ranking` page that select this period."""
        if self.kind == PeriodKind.YEAR:
            return {"year": str(self.year)}
        if self.kind == PeriodKind.QUARTER:
            return {"year": str(self.year), "quarter": str(self.quarter)}
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}

    def quarters(self) -> list[Period]:
        """The quarters that overlap this period (used by the trends page)."""
        out = []
        for year in range(self.start.year, self.end.year + 1):
            for quarter in QUARTER_NAMES:
                candidate = Period.for_quarter(year, quarter)
                if candidate.start <= self.end and candidate.end >= self.start:
                    out.append(candidate)
        return out


def percent(value: int, maximum: int) -> Fraction:
    return Fraction(100 * value, maximum) if maximum else Fraction(0)


def rounded(value: Fraction, places: str = "0.01") -> Decimal:
    """Exact fraction → Decimal rounded half up (display only; never used for ordering)."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


@dataclass
class RankingRow:
    office_code: str
    office_name: str
    region_label: str
    raw: dict[str, int]
    parts: dict[str, int]  # monitoring split (activities/agreements) and the timely count behind the share
    pending: dict[str, int]  # submitted, not yet verified: what the office would gain
    normalised: dict[str, Fraction] = field(default_factory=dict)
    score: Fraction = Fraction(0)
    rank: int = 0

    def as_dict(self) -> dict:
        """JSON-ready figures, frozen as-is when a ranking is published (exact fractions kept as text)."""
        return {
            "rank": self.rank,
            "office_code": self.office_code,
            "office_name": self.office_name,
            "region_label": self.region_label,
            "raw": dict(self.raw),
            "parts": dict(self.parts),
            "normalised": {key: str(rounded(value)) for key, value in self.normalised.items()},
            "normalised_exact": {key: str(value) for key, value in self.normalised.items()},
            "score": str(rounded(self.score)),
            "score_exact": str(self.score),
        }


@dataclass
class RankingResult:
    period: Period
    weights: dict[str, int]
    rows: list[RankingRow]
    formula_version: str = FORMULA_VERSION

    def as_rows(self) -> list[dict]:
        return [row.as_dict() for row in self.rows]

    def top(self, count: int = 3) -> list[RankingRow]:
        return self.rows[:count]

    def maxima(self) -> dict[str, int]:
        return {key: max((row.raw[key] for row in self.rows), default=0) for key in RELATIVE_COMPONENTS}


def table_rows(rows: list[dict]) -> list[list]:
    """A header and one line per office of a ranking (live `as_rows()` or frozen JSON), for file exports."""
    header = ["Peringkat", "Kode wilayah", "Kantor"]
    header += [f"{c.label} ({part})" for c in COMPONENTS for part in ("mentah", "nilai")] + ["Skor"]
    lines = [header]
    for row in rows:
        line = [row["rank"], row["office_code"], row["office_name"]]
        for c in COMPONENTS:
            line += [row["raw"][c.key], Decimal(row["normalised"][c.key])]
        lines.append([*line, Decimal(row["score"])])
    return lines


def weights_dict(weights: RankingWeightSet | dict | None) -> dict[str, int]:
    if weights is None:
        weights = RankingWeightSet.current()
    if isinstance(weights, RankingWeightSet):
        weights = weights.as_dict()
    return {c.key: int(weights[c.key]) for c in COMPONENTS}


def compute_ranking(period: Period, weights: RankingWeightSet | dict | None = None) -> RankingResult:
    """Rank the 27 regency/city offices for `period`.

    Queries (constant, whatever the number of offices or records): the weights in force (only when `weights`
    is None), offices, agreements grouped by office, activities grouped by office, and the (office, partner
    category) pairs of the verified agreements and of the verified activities with their record counts (the
    latter also counts the activities with an accredited monitoring organisation). Six.
    """
    weight_values = weights_dict(weights)
    offices = list(
        Office.objects.filter(kind__in=[OfficeKind.REGENCY, OfficeKind.CITY])
        .order_by("code")
        .values("id", "code", "name", "kind", "region_name")
    )
    agreements = _agreement_counts(period)
    activities = _activity_counts(period)
    activity_pairs, monitored = activity_partner_counts(period)
    pairs = {"agreement": agreement_category_counts(period), "activity": activity_pairs}
    categories: dict[int, set[str]] = {}
    for counts in pairs.values():
        for office_id, category in counts:
            categories.setdefault(office_id, set()).add(category)
    rows = [
        _row(office, agreements.get(office["id"], {}), activities.get(office["id"], {}), categories, monitored)
        for office in offices
    ]
    _normalise(rows, weight_values)
    rows.sort(key=lambda r: (-r.score, -r.raw["activities"], r.office_code))
    for position, row in enumerate(rows, start=1):
        row.rank = position
    return RankingResult(period=period, weights=weight_values, rows=rows)


VERIFIED = Q(verification_status=VerificationStatus.VERIFIED)
MONITORED = accredited_during_activity()  # on an activity's partner rows (THE rule, agencies/querysets.py)
SUBMITTED = Q(verification_status=VerificationStatus.SUBMITTED)
COUNTED_STATES = [VerificationStatus.VERIFIED, VerificationStatus.SUBMITTED]


def period_agreements(period: Period):
    """Agreements in force on at least one day of the period (any verification state)."""
    return Agreement.objects.active_between(period.start, period.end)


def period_activities(period: Period):
    """Activities whose end date falls in the period (any verification state)."""
    return Activity.objects.ended_between(period.start, period.end)


class DaysToRecord(Func):
    """Days from an activity's end date to the local (WIB) date its row was created, as an integer, in native
    SQL on both databases (Django's generic date arithmetic calls Python functions per row on SQLite).
    WIB is UTC+7 all year (no daylight saving), so SQLite can shift the stored UTC time by a fixed offset."""

    output_field = IntegerField()

    def __init__(self):
        super().__init__(F("created_at"), F("end_date"))

    def as_sqlite(self, compiler, connection, **extra):
        minutes = int(timezone.get_default_timezone().utcoffset(dt.datetime(2000, 1, 1)).total_seconds() // 60)
        created, end = (compiler.compile(arg) for arg in self.get_source_expressions())
        sql = f"CAST(julianday(date({created[0]}, '{minutes:+d} minutes')) - julianday({end[0]}) AS INTEGER)"
        return sql, (*created[1], *end[1])

    def as_postgresql(self, compiler, connection, **extra):
        created, end = (compiler.compile(arg) for arg in self.get_source_expressions())
        sql = f"(({created[0]} AT TIME ZONE %s)::date - {end[0]})"
        return sql, (*created[1], str(timezone.get_default_timezone()), *end[1])


def _agreement_counts(period: Period) -> dict[int, dict]:
    qs = (
        period_agreements(period)
        .filter(verification_status__in=COUNTED_STATES)
        .values("office_id")
        .annotate(
            active_agreements=Count("pk", filter=VERIFIED),
            monitoring=Count(
                "pk", filter=VERIFIED & Q(Agreement.objects.accredited_monitoring(period.start, period.end))
            ),
            pending=Count("pk", filter=SUBMITTED),
        )
        .order_by()
    )
    return {row["office_id"]: row for row in qs}


def _activity_counts(period: Period) -> dict[int, dict]:
    qs = (
        period_activities(period)
        .filter(verification_status__in=COUNTED_STATES)
        .annotate(days_to_record=DaysToRecord())
        .values("office_id")
        .annotate(
            activities=Count("pk", filter=VERIFIED),
            reports=Sum("reports_received", filter=VERIFIED, default=0),
            timely=Count("pk", filter=VERIFIED & Q(days_to_record__lte=TIMELY_DAYS)),
            pending=Count("pk", filter=SUBMITTED),
        )
        .order_by()
    )
    return {row["office_id"]: row for row in qs}


def _category_rows(records, **extra) -> list[dict]:
    """Per office and partner category: `n` verified records of the office with ≥ 1 partner of that category
    (and the `extra` aggregates over the same rows, one per record and partner)."""
    qs = records.filter(VERIFIED).values("office_id", "partners__category")
    qs = qs.annotate(n=Count("pk", distinct=True), **extra).order_by()
    return [row for row in qs if row["partners__category"]]


def _category_counts(records) -> dict[tuple[int, str], int]:
    """{(office id, partner category): verified records of the office with ≥ 1 partner of that category}."""
    return {(row["office_id"], row["partners__category"]): row["n"] for row in _category_rows(records)}


def activity_category_counts(period: Period) -> dict[tuple[int, str], int]:
    """Per office and category: verified activities ending in the period involving that category (one query)."""
    return _category_counts(period_activities(period))


def activity_partner_counts(period: Period) -> tuple[dict[tuple[int, str], int], dict[int, int]]:
    """`activity_category_counts`, and per office the verified activities ending in the period with a monitoring
    organisation accredited on a day of the activity, from the same rows (one query). Counted over the join of
    the activities with their partners rather than as an Exists per activity (a correlated lookup for each of
    ~18,000 activities at scale 10). Only monitoring organisations pass the rule, so an office's activities
    with one are all on its "monitoring organisation" row and the sum over its rows counts each once."""
    rows = _category_rows(period_activities(period), monitored=Count("pk", distinct=True, filter=MONITORED))
    pairs = {(row["office_id"], row["partners__category"]): row["n"] for row in rows}
    monitored: dict[int, int] = {}
    for row in rows:
        monitored[row["office_id"]] = monitored.get(row["office_id"], 0) + row["monitored"]
    return pairs, monitored


def agreement_category_counts(period: Period) -> dict[tuple[int, str], int]:
    """Per office and category: verified agreements in force in the period involving that category."""
    return _category_counts(period_agreements(period))


def _row(office: dict, agreements: dict, activities: dict, categories: dict, monitored: dict) -> RankingRow:
    label = f"{OfficeKind(office['kind']).label} {office['region_name']}"
    monitoring = {"agreement": agreements.get("monitoring", 0), "activity": monitored.get(office["id"], 0)}
    return RankingRow(
        office_code=office["code"],
        office_name=office["name"],
        region_label=label,
        raw={
            "active_agreements": agreements.get("active_agreements", 0),
            "activities": activities.get("activities", 0),
            "partner_diversity": len(categories.get(office["id"], ())),
            "monitoring_orgs": monitoring["agreement"] + monitoring["activity"],
            "violation_reports": activities.get("reports", 0) or 0,
            "timeliness": activities.get("timely", 0),
        },
        parts={"monitoring_agreements": monitoring["agreement"], "monitoring_activities": monitoring["activity"]},
        pending={"agreements": agreements.get("pending", 0), "activities": activities.get("pending", 0)},
    )


def _normalise(rows: list[RankingRow], weights: dict[str, int]) -> None:
    maxima = {key: max((row.raw[key] for row in rows), default=0) for key in RELATIVE_COMPONENTS}
    total_weight = sum(weights.values())
    for row in rows:
        norm = {key: percent(row.raw[key], maxima[key]) for key in RELATIVE_COMPONENTS}
        norm["partner_diversity"] = percent(row.raw["partner_diversity"], CATEGORY_COUNT)
        norm["timeliness"] = percent(row.raw["timeliness"], row.raw["activities"])
        row.normalised = {c.key: norm[c.key] for c in COMPONENTS}
        weighted = sum((weights[key] * value for key, value in row.normalised.items()), Fraction(0))
        row.score = weighted / total_weight if total_weight else Fraction(0)
