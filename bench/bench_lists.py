"""Record pages on the scale-10 demo data: server time of the first page of the activities list (for a staff
member, `staf-3276`, and for `verifikator`) and of one activity detail page, with their query counts.

Each request goes through the whole Django stack in-process (middleware, view, template), so the time is
the server's share of a page view without the network. The query count of a list must not depend on the
data size (tests/agencies/test_list_queries.py checks that with 3 and 30 rows); here it is printed next to
the time. Goal: median <= 150 ms per page.
"""

from __future__ import annotations

from harness import Context, Result, client_for, count_queries, median_seconds

AREA = "lists"
GOAL_MS = 150


def _detail_pk() -> int:
    """A typical activity of staf-3276's office: with partners, evidence and an agreement when possible."""
    from agencies.models import Activity

    qs = Activity.objects.filter(office__code="32.76", evidence__isnull=False, agreement__isnull=False)
    activity = qs.order_by("-end_date", "-id").first() or Activity.objects.filter(office__code="32.76").first()
    return activity.pk


def _measure(ctx: Context, name: str, client, url: str) -> list[Result]:
    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    seconds = median_seconds(get, ctx.repeat)
    queries = count_queries(get)
    return [
        Result(AREA, f"{name} (median)", seconds * 1000, "ms", f"<= {GOAL_MS} ms", {"url": url}),
        Result(AREA, f"{name} (queries)", queries, "queries", "constant"),
    ]


def _analyze(ctx: Context) -> None:
    """PostgreSQL plans from table statistics. A bulk-seeded database has none until autovacuum runs its
    ANALYZE (within a minute in production; never here if autovacuum is off), and without them the planner
    guesses badly. Gather them first so the figures are those of a live database."""
    if ctx.backend == "postgres":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def run(ctx: Context) -> list[Result]:
    from django.urls import reverse

    from agencies.models import Activity

    _analyze(ctx)

    staff = client_for("staf-3276")
    verifier = client_for("verifikator")
    activities = reverse("agencies:activity-list")
    detail = reverse("agencies:activity-detail", args=[_detail_pk()])
    rows = Activity.objects.count()
    results = [
        *_measure(ctx, "activity list p.1, staf-3276", staff, activities),
        *_measure(ctx, "activity list p.1, verifikator", verifier, activities),
        *_measure(ctx, "activity list p.1 filtered (year+q), verifikator", verifier, activities + "?year=2025&q=rapat"),
        *_measure(ctx, "activity detail, staf-3276", staff, detail),
        *_measure(ctx, "agreement list p.1, verifikator", verifier, reverse("agencies:agreement-list")),
        *_measure(ctx, "partner list p.1, staf-3276", staff, reverse("agencies:partner-list")),
    ]
    results.append(Result(AREA, "activities in the database", rows, "rows"))
    return results
