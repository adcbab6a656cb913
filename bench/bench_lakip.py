"""The province LAKIP workbook against a raw XlsxWriter writing the same annex rows (issue 11).

- portal: `reports.lakip.workbook.build_lakip_workbook` for the province office and the current year into a
  temporary file, exactly what a background job writes. Measured twice: with the LAKIP figures in the figure
  cache (the job after the "Capaian Kinerja" page was viewed at the same data version: the usual case, since
  the button is on that page), and cold (cache emptied before each build: the figures computed too);
- (a) raw: the same annex rows (verified activities ended this year up to today; verified agreements in force)
  read by ONE SQL query per annex, partner names aggregated in SQL (string_agg / group_concat), labels mapped
  inline, `write_row` into XlsxWriter `constant_memory`, no formats: the practical limit in Python;
- the portal's LAKIP chapter alone (`chapter.build_chapter`: the figures of this year and the comparison's
  previous years in one measurement, the recap, Renstra, budgets, scale), which the raw loop does not compute.
Goal: portal ≤ 1.3 × (a), for the rows both write (so with the figures cached; the cold ratio is shown too),
portal and raw run alternately (`paired`).
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time

from harness import Context, Result, median_seconds

AREA = "lakip"

ACTIVITY_SQL = """
SELECT o.name, a.start_date, a.end_date, a.title, a.kind, {partners}, g.title, a.focus_areas, a.stage,
       a.participants_male, a.participants_female, a.participants_male + a.participants_female,
       a.reports_received, (SELECT COUNT(*) FROM agencies_evidence e WHERE e.activity_id = a.id)
FROM agencies_activity a
JOIN agencies_office o ON o.id = a.office_id
LEFT JOIN agencies_agreement g ON g.id = a.agreement_id
LEFT JOIN agencies_activity_partners ap ON ap.activity_id = a.id
LEFT JOIN agencies_partner p ON p.id = ap.partner_id
WHERE a.verification_status = 'verified' AND a.end_date BETWEEN %s AND %s
GROUP BY a.id, o.name, o.code, g.title
ORDER BY o.code, a.end_date, a.id
"""
AGREEMENT_SQL = """
SELECT o.name, g.kind, g.number, g.partner_number, g.title, {partners}, g.focus_areas, g.signed_on,
       g.start_date, g.end_date, parent.title
FROM agencies_agreement g
JOIN agencies_office o ON o.id = g.office_id
LEFT JOIN agencies_agreement parent ON parent.id = g.parent_id
LEFT JOIN agencies_agreement_partners ap ON ap.agreement_id = g.id
LEFT JOIN agencies_partner p ON p.id = ap.partner_id
WHERE g.verification_status = 'verified' AND g.start_date <= %s AND (g.end_date IS NULL OR g.end_date >= %s)
  AND (g.terminated_on IS NULL OR (g.terminated_on > %s AND g.terminated_on > g.start_date))
GROUP BY g.id, o.name, o.code, parent.title
ORDER BY o.code, g.start_date, g.id
"""


def _partners_sql(vendor: str) -> str:
    if vendor == "postgresql":
        return "COALESCE(string_agg(p.name, '; ' ORDER BY p.name), '')"
    return "COALESCE(group_concat(p.name, '; '), '')"


def _labels():
    from agencies.choices import ActivityKind, AgreementKind, ElectionStage, FocusArea

    return dict(ActivityKind.choices), dict(AgreementKind.choices), dict(ElectionStage.choices), dict(FocusArea.choices)


def _focus(names: dict, stored: str) -> str:
    return "; ".join(names.get(code, code) for code in stored.strip(",").split(",") if code)


def raw_workbook(year: int, today: dt.date) -> int:
    import xlsxwriter
    from django.db import connection

    kinds, agreement_kinds, stages, focus = _labels()
    until = min(dt.date(year, 12, 31), today)
    partners = _partners_sql(connection.vendor)
    with tempfile.TemporaryFile(suffix=".xlsx") as handle:
        book = xlsxwriter.Workbook(handle, {"constant_memory": True, "default_date_format": "dd/mm/yyyy"})
        sheet = book.add_worksheet("Lampiran Kegiatan")
        with connection.cursor() as cursor:
            cursor.execute(ACTIVITY_SQL.format(partners=partners), [dt.date(year, 1, 1), until])
            for number, r in enumerate(cursor, start=1):
                row = (number, r[0], r[1], r[2], r[3], kinds.get(r[4], r[4]), r[5], r[6] or "", _focus(focus, r[7]))
                sheet.write_row(number, 0, (*row, stages.get(r[8], r[8]), *r[9:]))
        sheet = book.add_worksheet("Lampiran Kerja Sama")
        with connection.cursor() as cursor:
            cursor.execute(AGREEMENT_SQL.format(partners=partners), [until, dt.date(year, 1, 1), dt.date(year, 1, 1)])
            for number, r in enumerate(cursor, start=1):
                row = (number, r[0], agreement_kinds.get(r[1], r[1]), r[2], r[3], r[4], r[5], _focus(focus, r[6]))
                sheet.write_row(number, 0, (*row, r[7], r[8], r[9] or "Tanpa batas waktu", r[10] or ""))
        book.close()
        return handle.seek(0, 2)


def portal_workbook(year: int, today: dt.date) -> int:
    from agencies.models import Office
    from reports.lakip.workbook import build_lakip_workbook

    with tempfile.TemporaryFile(suffix=".xlsx") as handle:
        build_lakip_workbook(handle, year=year, office=Office.objects.province(), today=today)
        return handle.seek(0, 2)


def figures_only(year: int, today: dt.date) -> None:
    from agencies.models import Office
    from reports.lakip.chapter import build_chapter

    build_chapter(year, Office.objects.province(), today=today)


def annex_rows(year: int, today: dt.date) -> tuple[int, int]:
    from agencies.models import Activity, Agreement

    until, start = min(dt.date(year, 12, 31), today), dt.date(year, 1, 1)
    activities = Activity.objects.verified().ended_between(start, until).count()
    agreements = Agreement.objects.verified().active_between(start, until).count()
    return activities, agreements


def run(ctx: Context) -> list[Result]:
    from django.core.cache import cache
    from django.utils import timezone

    today = timezone.localdate()
    year = today.year
    repeat = min(ctx.repeat, 5)
    activities, agreements = annex_rows(year, today)

    def cold() -> int:
        cache.clear()
        return portal_workbook(year, today)

    cold_s = median_seconds(cold, repeat, warmup=1)
    # Portal and raw alternate, run after run, and the ratio is the median of each pair's ratio: on a machine
    # shared with other work the load moves within seconds, and two blocks measured one after the other could
    # see different neighbours.
    portal, raw = paired(lambda: portal_workbook(year, today), lambda: raw_workbook(year, today), repeat)
    figures_s = median_seconds(lambda: figures_only(year, today), repeat, warmup=1)
    extra = {"activity_rows": activities, "agreement_rows": agreements, "year": year}
    portal_s, raw_s = statistics.median(portal.walls), statistics.median(raw.walls)
    return [
        Result(AREA, f"province workbook {year}: portal, figures cached (job)", portal_s, "s", "", extra),
        Result(AREA, f"province workbook {year}: portal, cold (figures computed)", cold_s, "s", "", extra),
        Result(AREA, "(a) raw XlsxWriter constant_memory, one SQL query per annex", raw_s, "s", "", extra),
        Result(AREA, "portal LAKIP chapter alone (build_chapter, 3 years)", figures_s, "s", "", extra),
        Result(
            AREA, "portal (figures cached) / (a), median of paired runs", ratio(portal.walls, raw.walls), "x", "<= 1.3"
        ),
        Result(AREA, "portal cold / (a)", cold_s / raw_s, "x", ""),
        Result(AREA, "portal / (a), CPU time of this process (no database)", ratio(portal.cpus, raw.cpus), "x", ""),
    ]


class Timings:
    def __init__(self) -> None:
        self.walls: list[float] = []
        self.cpus: list[float] = []

    def run(self, fn) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        self.walls.append(time.perf_counter() - wall)
        self.cpus.append(time.process_time() - cpu)


def paired(first, second, repeat: int) -> tuple[Timings, Timings]:
    """Wall and CPU times of `first` and `second` run alternately, after one warm-up run of each."""
    first(), second()
    a, b = Timings(), Timings()
    for _ in range(repeat):
        a.run(first)
        b.run(second)
    return a, b


def ratio(numerators: list[float], denominators: list[float]) -> float:
    return statistics.median(n / d for n, d in zip(numerators, denominators, strict=True))
