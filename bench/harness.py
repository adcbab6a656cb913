"""Shared benchmark harness. A benchmark module `bench/bench_<area>.py` defines

    def run(ctx: Context) -> list[Result]

and is run once per database backend in its own process by `bench/run.py` (`make bench`).
Everything is measured side by side in the same process; nothing here is a pass/fail test.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"


@dataclass
class Result:
    area: str
    name: str
    value: float
    unit: str
    goal: str = ""
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Context:
    backend: str  # "sqlite" or "postgres"
    scale: float
    repeat: int


def database_url(backend: str, scale: float) -> str:
    tag = str(scale).replace(".", "_")
    if backend == "sqlite":
        DATA.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{DATA / f'bench-scale{tag}.sqlite3'}"
    return os.environ.get("BENCH_POSTGRES_URL", f"postgres://postgres@127.0.0.1:5432/hubal_bench_s{tag}")


def ensure_postgres_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    base = url.rsplit("/", 1)[0] + "/postgres"
    conn = psycopg.connect(base, autocommit=True)
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cur.fetchone():
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    conn.close()


def setup(backend: str, scale: float) -> None:
    """Point Django at the benchmark database of this backend and scale, migrated and seeded once."""
    url = database_url(backend, scale)
    if backend == "postgres":
        ensure_postgres_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubal.settings")
    os.environ["HUBAL_AXES_ENABLED"] = "False"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from agencies import demo
    from agencies.models import Activity

    if not Activity.objects.exists():
        started = time.perf_counter()
        demo.seed(seed=2024, scale=scale)
        print(f"# seeded {backend} at scale {scale} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if backend == "postgres":
        steady_state()


def steady_state() -> None:
    """VACUUM (ANALYZE) the bench database: what autovacuum does in production within minutes of a bulk write.
    This machine's PostgreSQL runs with autovacuum off, so the seed's updates left about as many dead row
    versions in agencies_activity as live ones: every index scan of it fetched the heap for both (the activity
    list's COUNT read 3,700 row versions for 1,900 rows), and figures and pages measured about 2x slower than a
    production database would serve them. Quick when there is nothing to do, so it runs at every setup."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def median_seconds(fn: Callable[[], object], repeat: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def count_queries(fn: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def client_for(username: str):
    """A Django test client logged in as a demo account (requests run in-process: server time only)."""
    from django.test import Client

    from agencies.models import User

    client = Client()
    client.force_login(User.objects.get(username=username), backend="accounts.backends.ModelBackend")
    return client


def peak_memory_mb(fn: Callable[[], object]) -> tuple[float, object]:
    """Peak Python heap (tracemalloc) while running fn; returns (MB, fn's result)."""
    import tracemalloc

    tracemalloc.start()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / (1024 * 1024), result
