"""Production settings from the environment: deploy/.env.example lists every variable the settings and the
gunicorn config read; storage, cache, proxy, error reports and the deployment check behave as documented."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "deploy" / ".env.example"
ENV_METHODS = {"str", "int", "bool", "list", "path", "db", "cache_url", "float", "json", "url", "__call__"}


def _first_string(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def settings_variables() -> set[str]:
    """Names passed to `env.<cast>(...)` or `_required(...)` in hubal/settings.py."""
    found = set()
    for node in ast.walk(ast.parse((ROOT / "hubal" / "settings.py").read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        by_env = isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "env"
        by_env = by_env and func.attr in ENV_METHODS
        if (by_env or (isinstance(func, ast.Name) and func.id in {"_required", "env"})) and _first_string(node):
            found.add(_first_string(node))
    return found


def gunicorn_variables() -> set[str]:
    text = (ROOT / "deploy" / "gunicorn.conf.py").read_text(encoding="utf-8")
    return set(re.findall(r"""(?:environ\.get\(|environ\[|_int\()["']([A-Z_]+)["']""", text))


def listed() -> set[str]:
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", EXAMPLE.read_text(encoding="utf-8"), re.M))


def test_the_parsers_find_what_they_should():
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "CACHE_URL", "AWS_S3_ENDPOINT_URL"} <= settings_variables()
    assert {"HUBAL_GUNICORN_WORKERS", "HUBAL_GUNICORN_CONTROL_SOCKET"} <= gunicorn_variables()


def test_every_variable_read_is_in_env_example():
    missing = (settings_variables() | gunicorn_variables()) - listed()
    assert missing == set(), f"add these to deploy/.env.example with their meaning: {sorted(missing)}"


def test_env_example_lists_nothing_that_is_not_read():
    assert listed() - (settings_variables() | gunicorn_variables()) == set()


def test_behind_nginx_sign_in_limits_use_the_address_nginx_saw():
    from . import services

    probe = "from django.conf import settings as s; print(s.AXES_IPWARE_META_PRECEDENCE_ORDER)"
    behind = services.manage("shell", "-c", probe, env={"DJANGO_BEHIND_PROXY": "True"})
    direct = services.manage("shell", "-c", probe, env={})
    assert behind.stdout.splitlines()[-1] == "('HTTP_X_REAL_IP', 'REMOTE_ADDR')"
    assert direct.stdout.splitlines()[-1] == "('REMOTE_ADDR',)"


def test_check_deploy_warns_about_a_bucket_without_a_shared_cache():
    from . import services

    production = {
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": "x7Kp2v9QmZr4Lt8Wn3Yb6Jc1Hd5Fg0Se-Ua_Tq+Xo=Vi*Pl!Mk#Nj$Rh%Ew^Az&By",
        "DJANGO_ALLOWED_HOSTS": "hubal.jabar.bawaslu.go.id",
        "HUBAL_STORAGE_BACKEND": "s3",
        "AWS_STORAGE_BUCKET_NAME": "hubal",
    }
    alone = services.manage("check", "--deploy", "--fail-level", "WARNING", env=production)
    assert alone.returncode != 0
    assert "operations.W001" in alone.stderr + alone.stdout
    shared = services.manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**production, "CACHE_URL": "redis://127.0.0.1:6379/1"}
    )
    assert shared.returncode == 0, shared.stderr


def test_s3_storage_without_a_bucket_stops_start_up_clearly():
    from . import services

    result = services.manage("check", env={"HUBAL_STORAGE_BACKEND": "s3"})
    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME wajib diisi ketika HUBAL_STORAGE_BACKEND=s3" in result.stderr


def test_redis_cache_url_uses_djangos_redis_backend_with_one_client_per_server():
    from . import services

    probe = (
        "from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'], s.SESSION_ENGINE, "
        "s.HUBAL_USER_CACHE_SECONDS)"
    )
    result = services.manage("shell", "-c", probe, env={"CACHE_URL": "redis://127.0.0.1:6379/2"})
    assert result.stdout.splitlines()[-1] == (
        "hubal.cache.RedisCache redis://127.0.0.1:6379/2 django.contrib.sessions.backends.cached_db 300"
    )
    # Local memory is per process: sessions stay in the database alone, so an ended one ends in every worker, and
    # the signed-in user is read from the database (accounts/user_cache.py).
    default = services.manage("shell", "-c", probe, env={}).stdout.splitlines()[-1]
    assert default.startswith("django.core.cache.backends.locmem.LocMemCache")
    assert default.endswith(" django.contrib.sessions.backends.db 0")


def test_admins_come_from_one_variable_and_sentry_is_optional():
    from . import services

    probe = "from django.conf import settings as s; print(s.ADMINS)"
    env = {"DJANGO_ADMINS": "Tim TI <ti@example.org>,ops@example.org", "SENTRY_DSN": "https://key@sentry.invalid/1"}
    result = services.manage("shell", "-c", probe, env=env)
    assert result.returncode == 0, result.stderr  # a DSN without sentry-sdk installed changes nothing
    assert result.stdout.splitlines()[-1] == "[('Tim TI', 'ti@example.org'), ('', 'ops@example.org')]"
