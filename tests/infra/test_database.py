"""The app's PostgreSQL connections: psycopg 3, persistent with health checks, and JIT off."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from . import services

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "from django.db import connection as c; cur = c.cursor(); cur.execute('SHOW jit'); "
    "print(c.Database.__name__, cur.fetchone()[0], c.settings_dict['CONN_MAX_AGE'], c.settings_dict['CONN_HEALTH_CHECKS'])"
)


@pytest.mark.services
def test_a_portal_connection_to_postgresql_has_jit_off():
    if not services.postgres_answers():
        if services.REQUIRE_SERVICES:
            pytest.fail("PostgreSQL does not answer")
        pytest.skip("PostgreSQL does not answer")
    env = {**os.environ, "DATABASE_URL": f"{services.postgres_url()}/postgres"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["psycopg", "off", "60", "True"]


@pytest.mark.django_db
def test_the_test_database_connection_has_jit_off_too():
    if connection.vendor != "postgresql":
        pytest.skip("runs when the suite runs on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
    assert connection.Database.__name__ == "psycopg"
