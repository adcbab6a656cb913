"""The report endpoints' rows, taken from THE selectors of the web pages (`reports.lakip.selectors`,
`reports.ikp.selectors`): nothing is recomputed here, rows are only picked and labelled."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from agencies import permissions
from agencies.models import Office
from reports.ikp import selectors as ikp
from reports.ikp.selectors import AlignmentRow
from reports.lakip import selectors as lakip
from reports.lakip.selectors import IndicatorResult, UnitReport


@dataclass(frozen=True)
class LakipRow:
    year: int
    office: Office
    result: IndicatorResult
    report: UnitReport

    @property
    def target_yearly(self) -> Decimal | None:
        return self.result.target.yearly if self.result.target else None

    @property
    def target_quarters_list(self) -> list[Decimal | None]:
        return list(self.result.target.quarters) if self.result.target else [None] * 4


def lakip_units(user, year: int, offices: list[Office]) -> list[UnitReport]:
    """The LAKIP units of `offices` (already limited to what the user may see): one `unit_report` for a single
    office, else the province recap's rows (the same figures, measured in one pass); office 32 is the
    province unit, all of West Java, as on the "Capaian Kinerja" page."""
    if not offices:
        return []
    if len(offices) == 1 or not permissions.sees_all_offices(user):
        return [lakip.unit_report(year, office) for office in offices]
    recap = lakip.province_recap(year)
    wanted = {office.pk for office in offices}
    units = [
        UnitReport(year, row.office, recap.total.measured_on, recap.total.started_quarters, row.results)
        for row in recap.rows
        if row.office.pk in wanted and not row.office.is_province
    ]
    if any(office.is_province for office in offices):
        units.append(recap.total)
    return sorted(units, key=lambda unit: unit.office.code)


def lakip_rows(user, year: int, offices: list[Office], indicator: str = "") -> list[LakipRow]:
    return [
        LakipRow(year, unit.office, result, unit)
        for unit in lakip_units(user, year, offices)
        for result in unit.results
        if not indicator or result.indicator.code == indicator
    ]


@dataclass(frozen=True)
class IkpRow:
    year: int
    row: AlignmentRow

    def __getattr__(self, name: str):
        return getattr(self.row, name)


def ikp_rows(user, year: int, offices: list[Office]) -> list[IkpRow]:
    """The IKP alignment rows of the page for `offices` (regencies and cities the user may see)."""
    wanted = {office.pk for office in offices}
    return [IkpRow(year, row) for row in ikp.alignment(user, year) if row.office.pk in wanted]
