"""Two `manage.py db_worker` processes against one PostgreSQL database never run a job twice.

Every job's task is enqueued twice (as a duplicate delivery or a retry would): each task row is claimed by one
worker only (django-tasks-db: SELECT … FOR UPDATE SKIP LOCKED), and each job is built by one run only (the
conditional claim of `reports.jobs.services`). Runs only when the tests run on PostgreSQL
(`DATABASE_URL=postgres://…/hubal_wt_jobs .venv/bin/pytest tests/reports/jobs`); SQLite's test database lives in
memory, out of reach of other processes (and SQLite has no row locks: see docs/dev/jobs.md).
"""

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from reports.jobs import builders
from reports.jobs.models import ExportJob, JobKind, JobStatus
from reports.jobs.tasks import run_export_job
from tests.factories import office

ROOT = Path(__file__).resolve().parents[3]
JOBS = 12
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        "postgresql" not in django_settings.DATABASES["default"]["ENGINE"], reason="needs PostgreSQL (DATABASE_URL)"
    ),
]


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(worker_id: str, media: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "HUBAL_TASKS_BACKEND": "database",
        "DJANGO_MEDIA_ROOT": str(media),
        "PYTHONUNBUFFERED": "1",
    }
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.05"]
    return subprocess.Popen(
        [*command, "--worker-id", worker_id], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def _wait_started(worker: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = worker.stdout.readline().decode()
        if "Starting worker" in line:
            return
        assert line or worker.poll() is None, "worker exited before starting"
    pytest.fail("worker did not start within 60 s")


def _wait_finished(task_model, count: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if task_model.objects.filter(status__in=["SUCCESSFUL", "FAILED"]).count() == count:
            return
        time.sleep(0.2)
    pytest.fail("the workers did not finish the tasks within 120 s")


def test_two_workers_never_run_a_job_twice(verifier, settings, tmp_path):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.MEDIA_ROOT = tmp_path
    workers = [_start_worker(name, tmp_path) for name in ("pekerja-1", "pekerja-2")]
    try:
        for worker in workers:
            _wait_started(worker)
        offices = ["32.01", "32.02", "32.03", "32.04", "32.05", "32.06", "32.07", "32.08", "32.09", "32.10"]
        jobs = [
            ExportJob.objects.create(
                owner=verifier,
                kind=JobKind.LAKIP,
                parameters=builders.lakip_parameters(2025, office(code)),
                title=f"LAKIP {code}",
            )
            for code in [*offices, "32.71", "32.72"][:JOBS]
        ]
        for _ in range(2):
            for job in jobs:
                run_export_job.enqueue(str(job.pk))
        _wait_finished(DBTaskResult, 2 * JOBS)
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=30)
    tasks = list(DBTaskResult.objects.all())
    assert {task.status for task in tasks} == {"SUCCESSFUL"}
    assert all(len(task.worker_ids) == 1 for task in tasks)  # every task row claimed by exactly one worker
    assert {task.worker_ids[0] for task in tasks} == {"pekerja-1", "pekerja-2"}  # both took part
    outcomes = Counter((task.args_kwargs["args"][0], task.return_value) for task in tasks)
    assert {outcome for _, outcome in outcomes} == {"done", "skipped"}
    assert all(outcomes[(str(job.pk), "done")] == 1 for job in jobs)  # each job built once, the twin skipped
    for job in ExportJob.objects.all():
        assert (job.status, job.attempts, job.progress) == (JobStatus.DONE, 1, 100)
        assert (tmp_path / job.result.name).is_file()
