"""The leader's dashboard (the pimpinan home page): every figure comes from the selector that owns it, never a
second computation.

- the top 3 and the province key figures: `reports.ranking.selectors.compute_ranking` for the year to date
  (the 27 regency/city offices, verified records), and again for the same days of last year;
- the quarterly trend: `reports.coverage.selectors.quarterly_trends` (the "Tren" page's selector);
- offices that need attention: `reports.ikp.selectors.alignment` (IKP mismatches, no monitoring organisation);
- agreements expiring soon: `agencies.selectors.expiring_soon` (the horizons of `agencies.expiry`).

The ranking-based figures cost ~10 rankings at once, too slow for every visit at scale 10, so they go through
the one figure cache (`reports.figure_cache.cached_figure`, keyed by the day and the data version that every
figure-changing write bumps; docs/dev/figure-cache.md). The newest publication and the whole-table counts
("Data yang dapat Anda lihat", which include drafts, which do not bump the version) are read on every visit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max

from agencies.selectors import home_counts

from ..coverage.selectors import quarterly_trends, trend_labels, trend_quarters
from ..figure_cache import cached_figure
from ..ikp.selectors import alignment, sort_rows
from ..models import IkpScore, PublishedRanking
from ..ranking.selectors import Period, RankingResult, compute_ranking

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
        "attention": _attention(user, today),
    }


def dashboard_figures(user, *, today: dt.date) -> dict:
    """The dashboard's figures: the ranking-based ones from the figure cache (the leader sees every office, so
    one entry serves every pimpinan), the newest publication and the counts read now."""
    figures = dict(cached_figure("dashboard", today, compute=lambda: _compute(user, today)))
    published = PublishedRanking.objects.only("pk", "period_label", "published_at").first()
    figures["published"] = (
        {"pk": published.pk, "label": published.period_label, "at": published.published_at} if published else None
    )
    figures["counts"] = home_counts(user)  # "Data yang dapat Anda lihat": drafts included, so never cached
    return figures
