"""/healthz and /readyz: open to anyone, answered before host checks and sessions, and telling only ok/fail."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
CHECKS = {"database", "cache", "storage", "migrations", "tasks"}

pytestmark = pytest.mark.django_db


def _json(response) -> dict:
    return json.loads(response.content)


def test_healthz_answers_without_a_query_a_session_or_a_known_host(settings, django_assert_num_queries):
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    with django_assert_num_queries(0):
        response = Client(HTTP_HOST="10.1.2.3").get("/healthz")  # a load balancer probing by address, over HTTP
    assert (response.status_code, _json(response)) == (200, {"status": "ok"})
    assert response["Cache-Control"] == "no-store"
    assert "sessionid" not in response.cookies


def test_readyz_is_ready_when_everything_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert _json(response) == {"status": "ok", "checks": dict.fromkeys(sorted(CHECKS), "ok")}


def test_readyz_leaves_no_probe_file_behind(client, settings):
    client.get("/readyz")
    assert not any((Path(settings.MEDIA_ROOT) / "health").iterdir())


def test_readyz_fails_when_storage_is_down_and_says_nothing_more(client, settings, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x")
    settings.MEDIA_ROOT = blocked  # the disk is gone or read-only: nothing can be stored under it
    response = client.get("/readyz")
    assert response.status_code == 503
    assert _json(response) == {"status": "fail", "checks": {**dict.fromkeys(CHECKS, "ok"), "storage": "fail"}}
    assert str(tmp_path) not in response.content.decode()


@pytest.mark.services
def test_readyz_fails_when_the_s3_bucket_is_gone(client, settings, s3_server):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_server.storage_options("bucket-that-was-deleted"),
        },
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert _json(response)["checks"]["storage"] == "fail"
    assert s3_server.endpoint not in response.content.decode()


def test_a_failing_probe_is_logged_with_its_request_id_but_not_mailed(client, settings, tmp_path, caplog):
    settings.DEBUG = False
    settings.ADMINS = [("Operator", "ops@example.org")]
    settings.MEDIA_ROOT = tmp_path / "file"
    (tmp_path / "file").write_text("x")
    response = client.get("/readyz", HTTP_X_REQUEST_ID="lb-probe-0001")
    assert response.status_code == 503
    assert response["X-Request-ID"] == "lb-probe-0001"
    assert [r.getMessage() for r in caplog.records if r.name == "operations.health"] == ["readyz: storage check failed"]
    assert mail.outbox == []


def test_readyz_fails_when_the_database_is_unreachable():
    """A server started against a database it cannot open (another process: the settings are read once)."""
    probe = "from django.test import Client; r = Client().get('/readyz'); print(r.status_code, r.content.decode())"
    env = {**os.environ, "DATABASE_URL": "sqlite:////nonexistent-folder/hubal.sqlite3", "DJANGO_LOG_LEVEL": "CRITICAL"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", probe],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    status, body = result.stdout.splitlines()[-1].split(" ", 1)
    assert status == "503"
    checks = json.loads(body)["checks"]
    assert (checks["database"], checks["migrations"], checks["cache"]) == ("fail", "fail", "ok")
    assert "nonexistent" not in body


def test_an_empty_task_queue_is_ok(client):
    assert _json(client.get("/readyz"))["checks"]["tasks"] == "ok"


def test_a_task_waiting_too_long_is_reported_but_keeps_the_server_ready(client, settings):
    """A stuck queue (no worker running) fails `tasks`; the web server itself stays in rotation."""
    from django.apps import apps
    from django.utils import timezone

    long_ago = timezone.now() - dt.timedelta(minutes=settings.HUBAL_READYZ_TASK_WAIT_MINUTES + 1)
    tasks = apps.get_model("django_tasks_database", "DBTaskResult").objects
    tasks.create(
        status="READY",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="agencies.tasks.send_notification",
        backend_name="default",
        run_after=long_ago,
        exception_class_path="",
        traceback="",
    )
    tasks.update(enqueued_at=long_ago)  # `enqueued_at` is set on create
    response = client.get("/readyz")
    assert response.status_code == 200
    assert _json(response) == {"status": "ok", "checks": {**dict.fromkeys(CHECKS, "ok"), "tasks": "fail"}}
