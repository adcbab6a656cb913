"""Where the load test's pages spend their time, in-process (a tool for working on bench_load's mixed goal).

    python bench/pages.py [--cache redis://127.0.0.1:6379/5 | --cache dummy] [--repeat 30] [--profile PAGE]
                          [--only "PAGE,PAGE"] [--queries PAGE]

Serves the mixed scenario's pages (staff list, drafts, detail, form and its save; verifier queue and detail; the
four report pages) through Django's test client on the load test's settings (bench/load/loadtest_settings.py: DEBUG off,
the given cache, cached sessions with Redis) against the PostgreSQL bench database (BENCH_POSTGRES_URL or the
scale-10 default; seeded by `make bench` first). For each page: median wall time, median and lowest CPU time of
this process, SQL time, queries, and the PostgreSQL backend's own CPU per request (from /proc). `--profile PAGE`
then prints a pyinstrument tree of that page (the largest costs first), `--queries PAGE` its SQL statements, and
`--only` measures only the pages named. CPU times move with whatever else runs on
the machine: compare before and after in one sitting.

"staff save" posts the draft's form back unchanged, with its version, as the load test does: a real save through
the service, inside a transaction rolled back after each request, so the shared bench database is left as it was
(its figures include the SAVEPOINT/RELEASE statements of the service's atomic blocks, which a real request,
whose outermost block is the service's own, does not send).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent


def _setup(cache: str) -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "bench" / "load")]
    from harness import database_url

    os.environ.update(
        DATABASE_URL=database_url("postgres", 10.0),
        DJANGO_SETTINGS_MODULE="loadtest_settings",
        LOADTEST_CACHE=cache,
        DJANGO_DEBUG="False",
        DJANGO_SECRET_KEY="bench-pages-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="testserver",
        HUBAL_MFA_REQUIRED_ROLES="",
    )
    import django

    django.setup()


def _backend_cpu(connection) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pages():
    from form_fields import form_fields
    from harness import client_for

    from agencies.models import Activity

    staff, verifier, leader = client_for("staf-3276"), client_for("verifikator"), client_for("pimpinan")
    depok = Activity.objects.filter(office__code="32.76").order_by("-id")
    recent, draft = depok.first(), depok.filter(verification_status="draft").first()
    form_url = f"/kegiatan/{draft.pk}/ubah/"
    saved = form_fields(staff.get(form_url).content.decode(), "title")
    return [
        ("staff list", staff, "/kegiatan/"),
        ("staff drafts", staff, "/kegiatan/?verification=draft"),
        ("staff detail", staff, f"/kegiatan/{recent.pk}/"),
        ("staff form", staff, form_url),
        ("staff save", staff, form_url, saved),
        ("verifier queue", verifier, "/verifikasi/antrean/"),
        ("verifier detail", verifier, f"/kegiatan/{recent.pk}/"),
        ("LAKIP", leader, "/laporan/kinerja/?year=2026&office=32"),
        ("ranking", leader, "/laporan/peringkat/?year=2026"),
        ("IKP", leader, "/laporan/ikp/?year=2026"),
        ("coverage", leader, "/laporan/sebaran/?year=2026"),
    ]


def _request(page):
    """GET the page, or POST its data inside a transaction that is rolled back (the database stays as it was)."""
    from django.db import transaction

    _name, client, url, *data = page
    if not data:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return
    with transaction.atomic():
        response = client.post(url, urlencode(data[0]), content_type="application/x-www-form-urlencoded")
        transaction.set_rollback(True)
    assert response.status_code == 302, (url, response.status_code)


def _print_queries(page) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        _request(page)
    for number, query in enumerate(queries.captured_queries, 1):
        print(f"{number:3d} {query['sql'][:400]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile", default="")
    parser.add_argument("--only", default="")
    parser.add_argument("--queries", default="")
    args = parser.parse_args()
    _setup(args.cache)
    from django.db import connection

    sql = {"seconds": 0.0, "count": 0}

    def timed(execute, statement, params, many, context):
        started = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            sql["seconds"] += time.perf_counter() - started
            sql["count"] += 1

    pages = _pages()
    if args.only:
        pages = [page for page in pages if page[0] in args.only.split(",")]
    print(f"{'page':16s} {'wall':>8s} {'cpu':>8s} {'cpu min':>8s} {'sql':>8s} {'queries':>8s} {'pg cpu':>8s}")
    for page in pages:
        name = page[0]
        _request(page)
        walls, cpus, sqls = [], [], []
        pg_before = _backend_cpu(connection)
        for _ in range(args.repeat):
            sql.update(seconds=0.0, count=0)
            with connection.execute_wrapper(timed):
                started, cpu = time.perf_counter(), time.process_time()
                _request(page)
                walls.append(time.perf_counter() - started)
                cpus.append(time.process_time() - cpu)
            sqls.append(sql["seconds"])
        pg = (_backend_cpu(connection) - pg_before) / args.repeat
        ms = [1000 * statistics.median(values) for values in (walls, cpus)]
        print(
            f"{name:16s} {ms[0]:6.1f}ms {ms[1]:6.1f}ms {1000 * min(cpus):6.1f}ms "
            f"{1000 * statistics.median(sqls):6.1f}ms {sql['count']:8d} {1000 * pg:6.2f}ms"
        )
    if args.queries:
        _print_queries(next(page for page in pages if page[0] == args.queries))
    if args.profile:
        from pyinstrument import Profiler

        page = next(page for page in pages if page[0] == args.profile)
        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(args.repeat):
                _request(page)
        print(profiler.output_text(color=False, time="percent_of_total"))


if __name__ == "__main__":
    main()
