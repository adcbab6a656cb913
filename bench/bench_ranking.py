"""The ranking selector against a hand-written raw SQL query computing the same raw values, and the page.

For the last complete year of the demo data (scale 10 ≈ 50,000 activities a year):
- selector: `reports.ranking.selectors.compute_ranking(Period.for_year(Y), weights)`: grouped ORM queries, exact scores;
- raw SQL: one statement (CTEs + GROUP BY) computing the six raw values per office, portable except for the
  local (WIB) date of `created_at`, written once per backend; the benchmark checks both give identical raw values;
- page: GET /laporan/peringkat/?year=Y as `verifikator` through the test client (server time only).
On PostgreSQL the benchmark first runs ANALYZE (the benchmark server has autovacuum off; production has it on).
Goals: selector <= 2x raw SQL, page <= 300 ms.
"""

from __future__ import annotations

from harness import Context, Result, client_for, count_queries, median_seconds

AREA = "ranking"

LOCAL_DAYS_LATE = {
    # created_at is stored in UTC; WIB is UTC+7 all year round (no daylight saving since 1964).
    "sqlite": "julianday(date(a.created_at, '+7 hours')) - julianday(a.end_date)",
    "postgresql": "((a.created_at AT TIME ZONE 'Asia/Jakarta')::date - a.end_date)",
}

RAW_SQL = """
WITH acts AS (
    SELECT a.id, a.office_id, a.reports_received,
           CASE WHEN {days_late} <= 7 THEN 1 ELSE 0 END AS timely,
           CASE WHEN a.id IN (
               SELECT ap.activity_id FROM agencies_activity_partners ap JOIN agencies_partner p ON p.id = ap.partner_id
               WHERE p.category = 'monitoring_org'
           ) THEN 1 ELSE 0 END AS mon
    FROM agencies_activity a
    WHERE a.verification_status = 'verified' AND a.end_date >= %s AND a.end_date <= %s
),
agrs AS (
    SELECT g.id, g.office_id,
           CASE WHEN g.id IN (
               SELECT gp.agreement_id FROM agencies_agreement_partners gp JOIN agencies_partner p ON p.id = gp.partner_id
               WHERE p.category = 'monitoring_org'
           ) THEN 1 ELSE 0 END AS mon
    FROM agencies_agreement g
    WHERE g.verification_status = 'verified' AND g.start_date <= %s
      AND (g.end_date IS NULL OR g.end_date >= %s) AND (g.terminated_on IS NULL OR g.terminated_on > %s)
),
cats AS (
    SELECT acts.office_id, p.category FROM acts
    JOIN agencies_activity_partners ap ON ap.activity_id = acts.id JOIN agencies_partner p ON p.id = ap.partner_id
    UNION
    SELECT agrs.office_id, p.category FROM agrs
    JOIN agencies_agreement_partners gp ON gp.agreement_id = agrs.id JOIN agencies_partner p ON p.id = gp.partner_id
)
SELECT o.code,
       COALESCE(g.n, 0), COALESCE(x.n, 0), COALESCE(c.n, 0),
       COALESCE(g.mon, 0) + COALESCE(x.mon, 0), COALESCE(x.reports, 0), COALESCE(x.timely, 0)
FROM agencies_office o
LEFT JOIN (SELECT office_id, COUNT(*) AS n, SUM(mon) AS mon FROM agrs GROUP BY office_id) g ON g.office_id = o.id
LEFT JOIN (
    SELECT office_id, COUNT(*) AS n, SUM(mon) AS mon, SUM(reports_received) AS reports, SUM(timely) AS timely
    FROM acts GROUP BY office_id
) x ON x.office_id = o.id
LEFT JOIN (SELECT office_id, COUNT(*) AS n FROM cats GROUP BY office_id) c ON c.office_id = o.id
WHERE o.kind IN ('kabupaten', 'kota')
ORDER BY o.code
"""

KEYS = ("active_agreements", "activities", "partner_diversity", "monitoring_orgs", "violation_reports", "timeliness")


def raw_values(period) -> dict[str, tuple[int, ...]]:
    from django.db import connection

    sql = RAW_SQL.format(days_late=LOCAL_DAYS_LATE[connection.vendor])
    params = [period.start, period.end, period.end, period.start, period.start]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: tuple(int(v) for v in row[1:]) for row in cursor.fetchall()}


def analyse_postgres() -> None:
    """The benchmark server runs with autovacuum off: collect the statistics autovacuum would have."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def run(ctx: Context) -> list[Result]:
    from django.utils import timezone

    from reports.models import RankingWeightSet
    from reports.ranking.selectors import Period, compute_ranking

    analyse_postgres()
    year = timezone.localdate().year - 1  # the last complete year of the demo data
    period = Period.for_year(year)
    weights = RankingWeightSet.current().as_dict()
    selector = compute_ranking(period, weights)
    from_selector = {row.office_code: tuple(row.raw[key] for key in KEYS) for row in selector.rows}
    if from_selector != raw_values(period):
        raise AssertionError("the selector and the raw SQL disagree on the raw values")
    activities = sum(row.raw["activities"] for row in selector.rows)

    t_selector = median_seconds(lambda: compute_ranking(period, weights), ctx.repeat) * 1000
    t_raw = median_seconds(lambda: raw_values(period), ctx.repeat) * 1000
    client = client_for("verifikator")
    url = f"/laporan/peringkat/?year={year}"
    if client.get(url).status_code != 200:
        raise AssertionError("ranking page did not answer 200")
    t_page = median_seconds(lambda: client.get(url), ctx.repeat) * 1000
    queries = count_queries(lambda: compute_ranking(period, weights))
    extra = {"year": year, "verified_activities": activities, "selector_queries": queries}
    print(
        f"# ranking {ctx.backend}: {activities} verified activities in {year}; selector {t_selector:.1f} ms "
        f"({queries} queries), raw SQL {t_raw:.1f} ms, ratio {t_selector / t_raw:.2f}x; page {t_page:.1f} ms",
        flush=True,
    )
    return [
        Result(AREA, f"compute_ranking, year {year} (selector)", t_selector, "ms", "", extra),
        Result(AREA, f"raw SQL, same raw values, year {year}", t_raw, "ms", ""),
        Result(AREA, "selector ÷ raw SQL", t_selector / t_raw, "x", "<= 2x"),
        Result(AREA, f"ranking page ?year={year} as verifikator", t_page, "ms", "<= 300 ms"),
    ]
