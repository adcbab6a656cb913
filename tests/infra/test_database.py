"""The app's PostgreSQL connections: psycopg 3, persistent with health checks, JIT off, prepared statements."""

import pytest
from django.db import connection

from . import services

PROBE = (
    "from django.db import connection as c; cur = c.cursor(); cur.execute('SHOW jit'); "
    "print(c.Database.__name__, cur.fetchone()[0], c.settings_dict['CONN_MAX_AGE'], c.settings_dict['CONN_HEALTH_CHECKS'])"
)


def _require_postgres() -> None:
    if not services.postgres_answers():
        if services.REQUIRE_SERVICES:
            pytest.fail("PostgreSQL does not answer")
        pytest.skip("PostgreSQL does not answer")


def _portal_probe(probe: str, **env: str) -> str:
    """The last line a portal process (manage.py shell, on the test PostgreSQL server) prints for `probe`."""
    result = services.manage("shell", "-c", probe, env={"DATABASE_URL": f"{services.postgres_url()}/postgres", **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[-1]


@pytest.mark.services
def test_a_portal_connection_to_postgresql_has_jit_off():
    _require_postgres()
    assert _portal_probe(PROBE).split() == ["psycopg", "off", "60", "True"]


@pytest.mark.django_db
def test_the_test_database_connection_has_jit_off_too():
    if connection.vendor != "postgresql":
        pytest.skip("runs when the suite runs on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
    assert connection.Database.__name__ == "psycopg"


@pytest.mark.django_db
def test_a_query_run_twice_is_prepared_on_the_server():
    """Prepared statements (hubal/settings.py): psycopg binds the parameters on the server and prepares a query the
    second time a connection runs it, so PostgreSQL plans it once per connection."""
    if connection.vendor != "postgresql":
        pytest.skip("runs when the suite runs on PostgreSQL")
    from agencies.models import Office

    assert connection.settings_dict["OPTIONS"]["server_side_binding"] is True
    for code in ("32", "32.01", "32.76"):
        list(Office.objects.filter(code=code).values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "agencies_office" WHERE "agencies_office"."code" = $1' in sql for sql in prepared), prepared


@pytest.mark.services
def test_prepared_statements_can_be_turned_off():
    _require_postgres()
    probe = "from django.db import connection as c; print(c.settings_dict['OPTIONS'].get('server_side_binding'))"
    assert _portal_probe(probe) == "True"
    assert _portal_probe(probe, HUBAL_DB_PREPARED_STATEMENTS="False") == "None"
