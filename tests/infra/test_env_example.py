"""deploy/.env.example lists every environment variable the settings and the gunicorn config read."""

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
