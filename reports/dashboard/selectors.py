"""The leader's dashboard (the pimpinan home page): every figure comes from the selector that owns it, never a
second computation.

- the top 3 and the province key figures: `reports.ranking.selectors.compute_ranking` for the year to date
  (the 27 regency/city offices, verified records), and again for the same days of last year;
- the quarterly trend: `reports.coverage.selectors.quarterly_trends` (the "Tren" page's selector);
- offices that need attention: `reports.ikp.selectors.alignment` (IKP mismatches, no monitoring organisation);
- agreements expiring soon: `agencies.selectors.expiring_soon` (the horizons of `agencies.expiry`).

The ranking-based figures cost ~10 rankings at once, too slow for every visit at scale 10, so they are kept in
Django's cache under a key made of the day and `figures_version()`: a cheap fingerprint of the data behind them
(newest change and row count of records, partners and IKP scores, the newest weights and publication). Any
change gives a new key; `FIGURES_TTL` bounds what a change the fingerprint cannot see (none known) could cost.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max

from agencies.models import Activity, Agreement, Partner
from agencies.selectors import home_counts

from ..coverage.selectors import quarterly_trends, trend_labels, trend_quarters
from ..ikp.selectors import alignment, sort_rows
from ..models import IkpScore, PublishedRanking, RankingWeightSet
from ..ranking.selectors import Period, RankingResult, compute_ranking

FIGURES_TTL = 600
PODIUM_SIZE = 3
ATTENTION_LIMIT = 8
KEY_FIGURES = (
    ("activities", "Kegiatan terverifikasi"),
    ("active_agreements", "Kerja sama aktif"),
    ("monitoring_orgs", "Dengan lembaga pemantau terakreditasi"),
    ("violation_reports", "Laporan pelanggaran dari mitra"),
)


@dataclass(frozen=True)
class KeyFigure:
    """A province figure for the year to date beside the same days of last year."""

    key: str
    label: str
    value: int
    previous: int

    @property
    def change(self) -> int:
        return self.value - self.previous

    @property
    def decrease(self) -> int:
        return max(0, -self.change)

    @property
    def change_percent(self) -> int | None:
        """Rounded to a whole percent; None when last year had nothing to compare with."""
        return round(100 * self.change / self.previous) if self.previous else None


def year_to_date(today: dt.date) -> tuple[Period, Period]:
    """1 January to today, and the same days of last year (29 February falls back to the 28th)."""
    try:
        last_day = today.replace(year=today.year - 1)
    except ValueError:
        last_day = today.replace(year=today.year - 1, day=28)
    return (
        Period.for_range(dt.date(today.year, 1, 1), today),
        Period.for_range(dt.date(today.year - 1, 1, 1), last_day),
    )


def _totals(result: RankingResult) -> dict[str, int]:
    return {key: sum(row.raw[key] for row in result.rows) for key, _label in KEY_FIGURES}


def figures_version() -> str:
    """Changes whenever a record, a partner, an IKP score, the weights or a publication changes (8 queries).

    Records are counted and their newest change read in separate queries: each is answered from an index
    (COUNT(*), the `updated_at` index), while one aggregate of both would read the whole activity table."""
    parts = []
    for model in (Activity, Agreement):
        newest = model.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
        parts.append(f"{model.objects.count()}@{newest}")
    for model in (Partner, IkpScore):  # small tables
        row = model.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
        parts.append(f"{row['n']}@{row['at']}")
    for model in (RankingWeightSet, PublishedRanking):  # rows are only ever added
        parts.append(str(model.objects.aggregate(m=Max("pk"))["m"]))
    return "|".join(parts)


def _ikp_year(today: dt.date) -> int | None:
    return IkpScore.objects.filter(year__lte=today.year).aggregate(y=Max("year"))["y"]


def _attention(user, today: dt.date) -> dict:
    """Offices with IKP mismatches (most first) and offices with no monitoring organisation in the year."""
    year = _ikp_year(today)
    rows = alignment(user, today.year)
    if year == today.year:
        mismatched = sort_rows(rows, "-mismatches")
    else:
        mismatched = alignment(user, year, "-mismatches") if year else []
    return {
        "ikp_year": year,
        "year": today.year,
        "mismatches": [
            {"code": r.office.code, "name": r.office.name, "count": r.mismatches, "dimensions": _dims(r)}
            for r in mismatched
            if r.mismatches
        ],
        "no_monitoring": [{"code": r.office.code, "name": r.office.name} for r in rows if not r.has_monitoring_work],
    }


def _dims(row) -> list[str]:
    return [cell.label for cell in row.cells if cell.mismatch]


def _compute(user, today: dt.date) -> dict:
    this, last = year_to_date(today)
    current, previous = compute_ranking(this), compute_ranking(last)
    now, before = _totals(current), _totals(previous)
    quarters = trend_quarters(today.year, today)
    trend = quarterly_trends(quarters)["province"]
    published = PublishedRanking.objects.only("pk", "period_label", "published_at").first()
    return {
        "period": this.label,
        "previous_period": last.label,
        "podium": [row.as_dict() for row in current.top(PODIUM_SIZE)],
        "figures": [KeyFigure(key, label, now[key], before[key]) for key, label in KEY_FIGURES],
        "trend": {
            "labels": trend_labels(quarters, today),
            "activities": [p.activities for p in trend],
            "agreements": [p.agreements for p in trend],
        },
        "published": {"pk": published.pk, "label": published.period_label, "at": published.published_at}
        if published
        else None,
        "attention": _attention(user, today),
        "counts": home_counts(user),  # "Data yang dapat Anda lihat": whole-table counts, same fingerprint
    }


def dashboard_figures(user, *, today: dt.date) -> dict:
    """The ranking-based figures of the dashboard, from the cache when the data has not changed.
    The leader sees every office, so one entry serves every pimpinan."""
    version = hashlib.sha256(figures_version().encode()).hexdigest()[:32]  # any cache backend accepts it
    key = f"reports:dashboard:{today.isoformat()}:{version}"
    figures = cache.get(key)
    if figures is None:
        figures = _compute(user, today)
        cache.set(key, figures, FIGURES_TTL)
    return figures
