"""Liveness (`/healthz`) and readiness (`/readyz`) probes, open to anyone and telling nothing about the setup.

`/healthz` answers 200 while the process can serve a request at all (no database, nothing else): a process
manager restarts the app when it fails. `/readyz` checks what a request needs: the database, the cache, the
file storage (a small file written, read back and deleted) and that every migration is applied; it answers 503
when any of them fails, so a load balancer sends no traffic to that server. The body is only `ok`/`fail` per
check; the reason goes to the server log. The background task queue (django-tasks' database backend, when
installed) is reported too, as `fail` when a task has waited longer than HUBAL_READYZ_TASK_WAIT_MINUTES, but
it does not make the server unready: a stopped worker must raise an alert, not take every app server out of
rotation.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

PROBE_PREFIX = "health"
TASKS_APP = "django_tasks_db"
_migrations_applied = False  # once true for this process, it stays true until the code changes (a restart)


def check_database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("unexpected answer")


def check_cache() -> None:
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("cache lost the value")
    cache.delete(key)


def check_storage() -> None:
    payload = uuid.uuid4().hex.encode()
    name = default_storage.save(f"{PROBE_PREFIX}/readyz-{uuid.uuid4().hex}", ContentFile(payload))
    try:
        with default_storage.open(name, "rb") as handle:
            if handle.read() != payload:
                raise RuntimeError("storage returned other bytes")
    finally:
        default_storage.delete(name)


def check_migrations() -> None:
    global _migrations_applied
    if _migrations_applied:
        return
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RuntimeError("unapplied migrations")
    _migrations_applied = True


def check_tasks() -> None:
    """No runnable task has waited longer than the limit (skipped when django-tasks' database app is absent)."""
    config = next(config for config in apps.get_app_configs() if config.name == TASKS_APP)
    now = timezone.now()
    cut = now - dt.timedelta(minutes=settings.HUBAL_READYZ_TASK_WAIT_MINUTES)
    # `ready()` keeps due tasks: run_after in the past, or the far-future "no date" for tasks to run at once.
    due_long_ago = Q(run_after__lt=cut) | Q(run_after__gt=now)
    waiting = config.get_model("DBTaskResult").objects.ready().filter(due_long_ago, enqueued_at__lt=cut)
    if waiting.exists():
        raise RuntimeError("tasks are waiting")


REQUIRED: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "migrations": check_migrations,
}


def _run(name: str, check: Callable[[], None]) -> str:
    try:
        check()
    except Exception:
        logger.exception("readyz: %s check failed", name)
        return "fail"
    return "ok"


def readyz() -> JsonResponse:
    results = {name: _run(name, check) for name, check in REQUIRED.items()}
    ready = all(result == "ok" for result in results.values())
    if apps.is_installed(TASKS_APP):
        results["tasks"] = _run("tasks", check_tasks)
    return _no_store(
        JsonResponse({"status": "ok" if ready else "fail", "checks": results}, status=200 if ready else 503)
    )


def healthz() -> JsonResponse:
    return _no_store(JsonResponse({"status": "ok"}))


def _no_store(response: JsonResponse) -> JsonResponse:
    response["Cache-Control"] = "no-store"
    # The failed check is logged above; a 503 every few seconds must not also mail ADMINS via django.request.
    response._has_been_logged = True
    return response


PROBES: dict[str, Callable[[], JsonResponse]] = {"/healthz": healthz, "/readyz": readyz}
