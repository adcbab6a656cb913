"""Coverage selectors: partner-category × office matrix, national MoU flow-down, quarterly trends.

Everything counts verified records only, like the ranking; trends come from the ranking selector itself.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, Exists, OuterRef, Q

from agencies.choices import OfficeKind, PartnerCategory, PartnerLevel, VerificationStatus
from agencies.models import Agreement, Office

from ..models import RankingWeightSet
from ..ranking.selectors import (
    Period,
    activity_category_counts,
    agreement_category_counts,
    compute_ranking,
    period_agreements,
    weights_dict,
)

BASES = {"activities": "Kegiatan", "agreements": "Kerja sama"}
HEAT_LEVELS = 4


def ranked_offices() -> list[Office]:
    return list(Office.objects.filter(kind__in=[OfficeKind.REGENCY, OfficeKind.CITY]).order_by("code"))


def heat(value: int, peak: int) -> int:
    """Intensity bucket 0–4 for the heatmap: 0 only for 0, then quarters of the matrix's highest cell."""
    return 0 if not value or not peak else min(HEAT_LEVELS, math.ceil(HEAT_LEVELS * value / peak))


def category_matrix(period: Period, basis: str = "activities") -> dict:
    """Per office and partner category: verified activities ending in the period (or verified agreements in
    force in it) that involve at least one partner of the category. Two queries: offices, grouped counts
    (the same counts the ranking's partner diversity and monitoring components use)."""
    counts = agreement_category_counts(period) if basis == "agreements" else activity_category_counts(period)
    peak = max(counts.values(), default=0)
    categories = list(PartnerCategory.choices)
    rows = []
    for office in ranked_offices():
        values = [counts.get((office.pk, code), 0) for code, _ in categories]
        rows.append(
            {
                "office": office,
                "cells": [
                    {"category": code, "value": v, "heat": heat(v, peak)}
                    for (code, _), v in zip(categories, values, strict=True)
                ],
                "reached": sum(1 for v in values if v),
            }
        )
    column_reach = [sum(1 for row in rows if row["cells"][i]["value"]) for i in range(len(categories))]
    return {"categories": categories, "rows": rows, "peak": peak, "column_reach": column_reach, "basis": basis}


def national_parents():
    """Agreements with national scope (a national-level partner) that have agreements under them."""
    national = Agreement.partners.through.objects.filter(
        agreement_id=OuterRef("pk"), partner__level=PartnerLevel.NATIONAL
    )
    children = Agreement.objects.filter(parent_id=OuterRef("pk"))
    return (
        Agreement.objects.filter(Exists(national), Exists(children))
        .select_related("office")
        .prefetch_related("partners")
        .order_by("start_date", "pk")
    )


def flowdown(period: Period) -> list[dict]:
    """For each national agreement: per office, its child agreements in force in the period (verified or not).
    Queries: offices, parents, their partners, grouped children."""
    offices = ranked_offices()
    parents = list(national_parents())
    in_force = Q(pk__in=period_agreements(period).values("pk"))
    verified = Q(verification_status=VerificationStatus.VERIFIED)
    children = (
        Agreement.objects.filter(parent__in=[p.pk for p in parents])
        .values("parent_id", "office_id")
        .annotate(
            total=Count("pk"),
            active_verified=Count("pk", filter=in_force & verified),
            active_other=Count("pk", filter=in_force & ~verified),
        )
        .order_by()
    )
    by_key = {(row["parent_id"], row["office_id"]): row for row in children}
    out = []
    for parent in parents:
        cells = []
        for office in offices:
            row = by_key.get((parent.pk, office.pk), {})
            if row.get("active_verified"):
                state = "verified"
            elif row.get("active_other"):
                state = "pending"
            elif row.get("total"):
                state = "inactive"
            else:
                state = "none"
            cells.append({"office": office, "state": state, "count": row.get("active_verified", 0)})
        covered = sum(1 for cell in cells if cell["state"] == "verified")
        out.append({"agreement": parent, "cells": cells, "covered": covered, "missing": len(offices) - covered})
    return out


FLOWDOWN_STATES = {
    "verified": "Ada, terverifikasi",
    "pending": "Ada, belum terverifikasi",
    "inactive": "Pernah ada, tidak berlaku",
    "none": "Belum ada",
}


@dataclass
class TrendPoint:
    period: Period
    activities: int
    agreements: int
    score: Fraction


def trend_quarters(year: int, today: dt.date) -> list[Period]:
    """The quarters of the trend: those of `year` and the year before that have started by `today`."""
    quarters = Period.for_range(Period.for_year(year - 1).start, Period.for_year(year).end).quarters()
    return [q for q in quarters if q.start <= today]


def trend_labels(quarters: list[Period], today: dt.date) -> list[str]:
    """ "TW I 2025"; a star marks the running quarter (its figures still grow)."""
    return [f"TW {q.label.split()[1]} {q.year}" + ("*" if q.end >= today else "") for q in quarters]


def quarterly_trends(quarters: list[Period], weights: RankingWeightSet | dict | None = None) -> dict:
    """Per office and for the province (the 27 offices together), per quarter: verified activities, verified
    agreements in force, and the score, from `compute_ranking` itself (5 queries per quarter, weights read once).
    The province score is the mean of the 27 scores."""
    weight_values = weights_dict(weights)
    offices: dict[str, dict] = {}
    province: list[TrendPoint] = []
    for quarter in quarters:
        result = compute_ranking(quarter, weight_values)
        for row in result.rows:
            entry = offices.setdefault(
                row.office_code, {"label": row.region_label, "code": row.office_code, "points": []}
            )
            entry["points"].append(TrendPoint(quarter, row.raw["activities"], row.raw["active_agreements"], row.score))
        count = len(result.rows) or 1
        province.append(
            TrendPoint(
                quarter,
                sum(r.raw["activities"] for r in result.rows),
                sum(r.raw["active_agreements"] for r in result.rows),
                sum((r.score for r in result.rows), Fraction(0)) / count,
            )
        )
    return {
        "offices": sorted(offices.values(), key=lambda e: e["code"]),
        "province": province,
        "weights": weight_values,
    }
