"""IKP (Indeks Kerawanan Pemilu) alignment: each office's vulnerability per dimension beside its Hubal work
on that dimension, with the mismatches flagged; plus entering and importing the IKP scores.

Mapping of agreement focus areas to IKP dimensions (activities carry their dimensions directly):
- Konteks Sosial dan Politik ← data dan informasi, pencegahan
- Penyelenggaraan Pemilu ← pencegahan, peningkatan kapasitas
- Kontestasi ← penanganan pelanggaran, penyelesaian sengketa
- Partisipasi ← pengawasan partisipatif, pendidikan pemilih, sosialisasi
Mismatch: the dimension is vulnerable (level "tinggi", or score ≥ HIGH_SCORE) and the office has fewer than
LITTLE_WORK verified activities tagged with it in the year. Agreements are shown but do not lift the flag: an
agreement is a framework, the activities are the work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from agencies import permissions
from agencies.choices import FocusArea, IkpDimension, OfficeKind
from agencies.fields import has_code
from agencies.models import Agreement, Office

from ..choices import IkpLevel
from ..models import IkpScore

HIGH_SCORE = Decimal("60")
LITTLE_WORK = 2
FOCUS_FOR_DIMENSION: dict[str, tuple[str, ...]] = {
    IkpDimension.SOCIAL_POLITICAL: (FocusArea.DATA, FocusArea.PREVENTION),
    IkpDimension.ADMINISTRATION: (FocusArea.PREVENTION, FocusArea.CAPACITY),
    IkpDimension.CONTESTATION: (FocusArea.HANDLING, FocusArea.DISPUTE),
    IkpDimension.PARTICIPATION: (FocusArea.PARTICIPATORY, FocusArea.VOTER_EDUCATION, FocusArea.SOCIALISATION),
}
SORTS = {"code", "-mismatches", *IkpDimension.values, *(f"-{code}" for code in IkpDimension.values)}
NOT_ALLOWED = "Hanya verifikator provinsi yang dapat mengisi atau mengimpor data IKP."


def focus_q(dimension: str) -> Q:
    query = Q()
    for focus in FOCUS_FOR_DIMENSION[dimension]:
        query |= has_code("focus_areas", focus)
    return query


@dataclass
class DimensionCell:
    code: str
    label: str
    score: Decimal | None
    level: str
    activities: int
    agreements: int

    @property
    def vulnerable(self) -> bool:
        return self.level == IkpLevel.HIGH or (self.score is not None and self.score >= HIGH_SCORE)

    @property
    def mismatch(self) -> bool:
        return self.vulnerable and self.activities < LITTLE_WORK


@dataclass
class AlignmentRow:
    office: Office
    ikp: IkpScore | None
    cells: list[DimensionCell] = field(default_factory=list)
    monitoring_activities: int = 0
    monitoring_agreements: int = 0

    @property
    def mismatches(self) -> int:
        return sum(cell.mismatch for cell in self.cells)

    @property
    def has_monitoring_work(self) -> bool:
        return bool(self.monitoring_activities or self.monitoring_agreements)


def _activity_counts(user, year: int) -> dict[int, dict]:
    tagged = {code: Count("pk", filter=has_code("ikp_dimensions", code)) for code in IkpDimension.values}
    activities = permissions.scope_activities(user).verified().in_year(year)
    monitoring = Count("pk", filter=activities.accredited_monitoring_among())
    qs = activities.values("office_id").annotate(**tagged, monitoring=monitoring).order_by()
    return {row["office_id"]: row for row in qs}


def _agreement_counts(user, year: int) -> dict[int, dict]:
    matching = {code: Count("pk", filter=focus_q(code)) for code in IkpDimension.values}
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    monitoring = Agreement.objects.accredited_monitoring(first, last)
    qs = permissions.scope_agreements(user).verified().active_between(first, last)
    qs = qs.values("office_id").annotate(**matching, monitoring=Count("pk", filter=Q(monitoring))).order_by()
    return {row["office_id"]: row for row in qs}


def alignment(user, year: int, sort: str = "code") -> list[AlignmentRow]:
    """One row per office the user may see (staff: their own). Queries: offices, scores, activities, agreements."""
    offices = permissions.visible_offices(user).filter(kind__in=[OfficeKind.REGENCY, OfficeKind.CITY]).order_by("code")
    scores = {s.office_id: s for s in IkpScore.objects.filter(year=year, office__in=offices)}
    activities, agreements = _activity_counts(user, year), _agreement_counts(user, year)
    rows = []
    for office in offices:
        ikp, acts, agrs = scores.get(office.pk), activities.get(office.pk, {}), agreements.get(office.pk, {})
        row = AlignmentRow(office, ikp, [], acts.get("monitoring", 0), agrs.get("monitoring", 0))
        for code, label in IkpDimension.choices:
            score = getattr(ikp, code) if ikp else None
            level = getattr(ikp, f"{code}_level") if ikp else ""
            row.cells.append(DimensionCell(code, label, score, level, acts.get(code, 0), agrs.get(code, 0)))
        rows.append(row)
    return sort_rows(rows, sort)


def sort_rows(rows: list[AlignmentRow], sort: str) -> list[AlignmentRow]:
    if sort == "-mismatches":
        return sorted(rows, key=lambda r: (-r.mismatches, r.office.code))
    key = sort.lstrip("-")
    if key in IkpDimension.values:
        index = IkpDimension.values.index(key)
        missing = [r for r in rows if r.cells[index].score is None]
        present = sorted(
            (r for r in rows if r.cells[index].score is not None),
            key=lambda r: r.cells[index].score,
            reverse=sort.startswith("-"),
        )
        return present + missing  # offices without IKP data last, whatever the direction
    return rows


def office_detail(user, office: Office, year: int) -> list[dict]:
    """Drill-down of one office: per dimension, the verified activities tagged and the matching agreements."""
    activities = list(
        permissions.scope_activities(user)
        .verified()
        .in_year(year)
        .filter(office=office)
        .exclude(ikp_dimensions="")
        .only("pk", "title", "end_date", "ikp_dimensions")
        .order_by("-end_date", "-pk")
    )
    agreements = list(
        permissions.scope_agreements(user)
        .verified()
        .active_between(dt.date(year, 1, 1), dt.date(year, 12, 31))
        .filter(office=office)
        .only("pk", "title", "start_date", "end_date", "focus_areas")
        .order_by("-start_date", "-pk")
    )
    out = []
    for code, label in IkpDimension.choices:
        focus = set(FOCUS_FOR_DIMENSION[code])
        out.append(
            {
                "code": code,
                "label": label,
                "focus": [FocusArea(f).label for f in FOCUS_FOR_DIMENSION[code]],
                "activities": [a for a in activities if code in a.ikp_dimensions],
                "agreements": [a for a in agreements if focus & set(a.focus_areas)],
            }
        )
    return out
