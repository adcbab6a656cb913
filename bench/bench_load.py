"""Load test: Locust (headless, loopback only) against gunicorn on PostgreSQL with the Redis cache (issue 11).

Runs on the PostgreSQL backend only (`python bench/run.py --only load --backends postgres`). The scale-10 bench
database is copied (CREATE DATABASE … TEMPLATE) so that the scenario's saves and verifications never change it;
gunicorn serves the copy on 127.0.0.1:8141 with the portal's settings plus bench/load/loadtest_settings.py
(Redis cache from LOADTEST_REDIS, default DB 4; MFA not required; plain HTTP; a trivial ceiling view). Phases,
each a separate Locust run with bounded users and time (bench/load/locustfile.py):
1. ceiling: the trivial view alone;
2. mixed: staff browsing and saving drafts, the verifier working the queue, pimpinan opening the four report
   pages, an export now and then; measured after a warm-up run of the same scenario on the same server
   (reported as "mixed warm-up", see WARMUP);
3. figures cached: pimpinan alone (nothing writes, so every figure comes from the cache after the first view);
4. figures uncached: the same against a server with no cache at all (every figure computed).
Per page: requests, failures, req/s, p50/p95/p99 (Locust's CSV). Goals: 0 errors; mixed ≥ 100 req/s with p95
≤ 300 ms; the report pages ≤ 50 ms median cached, ≤ 300 ms uncached.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from harness import ROOT, Context, Result

AREA = "load"
PORT = int(os.environ.get("LOADTEST_PORT", "8141"))
HOST = f"http://127.0.0.1:{PORT}"
REDIS = os.environ.get("LOADTEST_REDIS", "redis://127.0.0.1:6379/4")
WORKERS = int(os.environ.get("LOADTEST_WORKERS", "4"))
# More gunicorn options for an experiment, e.g. LOADTEST_GUNICORN_ARGS="--worker-class gthread --threads 2".
EXTRA = os.environ.get("LOADTEST_GUNICORN_ARGS", "").split()
MIXED = ["StaffUser", "VerifierUser", "LeaderUser", "ExportUser"]
# The mixed phase's users: 6 with fixed counts (2 verifiers, 3 pimpinan, 1 export) and the rest staff. The users
# are paced (locustfile.paced): a staff user offers 1.125 requests/s (a task of 2 or 3 requests every 2 s) and a
# pimpinan about 2 (4 report pages every 2 s), whatever the response time. 96 users offer about 101 + 6 + 0.5 =
# 108 requests/s: the goal (>= 100 req/s with p95 <= 300 ms) is whether the server holds that rate.
USERS = int(os.environ.get("LOADTEST_USERS", "96"))
# The mixed phase is measured on a server that has already run the same scenario for WARMUP seconds, reported as
# "mixed warm-up". The first seconds after a start are a transient: 96 users arrive within two seconds at workers
# that open their database and Redis connections, fill an empty figure cache (three pimpinan compute the four
# report pages' figures at once), an empty session and user cache, and plan every query once before it is
# prepared. Those requests took 0.6-0.9 s and, in a 60 s run, were about 6 % of all: the whole run's p95 then
# measured the start, not the server holding the load (docs/benchmarks.md gives both).
WARMUP = int(os.environ.get("LOADTEST_WARMUP_SECONDS", "15"))
PHASES = [  # (name, user classes, users, seconds, cache)
    ("ceiling", ["CeilingUser"], 20, 15, REDIS),
    (
        "mixed",
        MIXED,
        USERS,
        int(os.environ.get("LOADTEST_SECONDS", "60")),
        REDIS,
    ),
    ("figures cached", ["LeaderUser"], 3, 20, REDIS),
    ("figures uncached", ["LeaderUser", "SignInUser"], 4, 30, "dummy"),
]
REPORT_PAGES = ("ranking", "LAKIP", "IKP", "coverage")


def _admin_connection(url: str):
    import psycopg

    return psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True)


def make_sessions(per_account: int = 40) -> dict[str, list[str]]:
    """Signed-in sessions for the scenario's accounts, made in the database before it is copied.

    Users of the scenario are already signed in, as people are during a working day: a sign-in (PBKDF2 with
    Django's 1,000,000 iterations, about 0.5 s of CPU by design) is a rare event, and 100 of them at once would
    measure the password hash rather than the pages. The sign-in page is measured on its own in `figures`."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from agencies.models import User

    sessions: dict[str, list[str]] = {}
    for user in User.objects.filter(username__regex=r"^(staf-\d{4}|verifikator|pimpinan)$"):
        for _ in range(per_account):
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = "accounts.backends.ModelBackend"
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            sessions.setdefault(user.username, []).append(store.session_key)
    return sessions


def forget_sessions(sessions: dict[str, list[str]]) -> None:
    from django.contrib.sessions.models import Session

    Session.objects.filter(session_key__in=[key for keys in sessions.values() for key in keys]).delete()


def copy_database(source_url: str) -> str:
    """A throwaway copy of the bench database (the scenario writes)."""
    from django.db import connections

    connections.close_all()
    source = source_url.rsplit("/", 1)[1]
    target = f"{source}_load"
    conn = _admin_connection(source_url)
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cur.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    conn.close()
    return source_url.rsplit("/", 1)[0] + "/" + target


def drop_database(url: str) -> None:
    conn = _admin_connection(url)
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}"')
    conn.close()


def start_server(database_url: str, cache: str) -> subprocess.Popen:
    from django.conf import settings

    if cache.startswith("redis"):  # each phase starts from an empty cache: figures are computed at first view
        import redis

        redis.Redis.from_url(cache).flushdb()

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "loadtest_settings",
        "DATABASE_URL": database_url,
        "LOADTEST_CACHE": cache,
        "DJANGO_DEBUG": "False",
        # The key the sessions of make_sessions() were signed with (this process's settings).
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "HUBAL_MFA_REQUIRED_ROLES": "",
    }
    # --preload: the workers fork from a master that imported the portal, so a phase of a minute measures pages,
    # not each worker's first imports (in production a worker lives for about a thousand requests).
    bind = ["--bind", f"127.0.0.1:{PORT}", "--workers", str(WORKERS), "--timeout", "60", "--preload", *EXTRA]
    command = [str(Path(sys.executable).parent / "gunicorn"), "hubal.wsgi:application", *bind]
    server = subprocess.Popen(
        [*command, "--pythonpath", str(ROOT / "bench" / "load")], cwd=ROOT, env=env, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(HOST + "/loadtest/ping/", timeout=2).status == 200:  # noqa: S310 - loopback http
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


def run_locust(classes: list[str], users: int, seconds: int, out: Path, sessions: Path) -> list[dict]:
    prefix = out / "phase"
    command = [str(Path(sys.executable).parent / "locust"), "-f", str(ROOT / "bench" / "load" / "locustfile.py")]
    options = ["--headless", "--host", HOST, "-u", str(users), "-r", str(max(1, users // 2)), "-t", f"{seconds}s"]
    subprocess.run(
        [*command, *options, "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", *classes],
        cwd=ROOT,
        env={**os.environ, "LOADTEST_SESSIONS": str(sessions)},
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def _results(phase: str, rows: list[dict]) -> list[Result]:
    results = []
    for row in rows:
        name = "all requests" if row["Name"] == "Aggregated" else row["Name"]
        extra = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "rps": round(float(row["Requests/s"]), 1),
            "p50": float(row["50%"]),
            "p95": float(row["95%"]),
            "p99": float(row["99%"]),
        }
        goal = _goal(phase, name)
        results.append(Result(AREA, f"{phase}: {name} (p50 ms)", float(row["50%"]), "ms", goal, extra))
        if name == "all requests":
            results.append(Result(AREA, f"{phase}: throughput", float(row["Requests/s"]), "req/s", "", extra))
    return results


def _goal(phase: str, name: str) -> str:
    if name in REPORT_PAGES and phase.startswith("figures"):
        return "<= 50" if phase == "figures cached" else "<= 300"
    if phase == "mixed" and name == "all requests":
        return ">= 100 req/s, p95 <= 300, 0 errors"
    return ""


def run(ctx: Context) -> list[Result]:
    if ctx.backend != "postgres":
        return []
    sessions = make_sessions()
    database = copy_database(os.environ["DATABASE_URL"])
    forget_sessions(sessions)
    results: list[Result] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            session_file = Path(tmp) / "sessions.json"
            session_file.write_text(json.dumps(sessions))
            for phase, classes, users, seconds, cache in PHASES:
                server = start_server(database, cache)
                try:
                    if phase == "mixed" and WARMUP:
                        # The same scenario first, on the same server, reported on its own lines (see WARMUP).
                        rows = run_locust(classes, users, WARMUP, Path(tmp), session_file)
                        results += _results("mixed warm-up", rows)
                    rows = run_locust(classes, users, seconds, Path(tmp), session_file)
                finally:
                    stop_server(server)
                results += _results(phase, rows)
    finally:
        drop_database(database)
    return results
