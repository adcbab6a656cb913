"""Production settings: `check --deploy` is clean, and missing secrets stop start-up clearly."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROD_ENV = {
    "DJANGO_DEBUG": "False",
    "DJANGO_SECRET_KEY": "x7Kp2v9QmZr4Lt8Wn3Yb6Jc1Hd5Fg0Se-Ua_Tq+Xo=Vi*Pl!Mk#Nj$Rh%Ew^Az&By",
    "DJANGO_ALLOWED_HOSTS": "hubal.jabar.bawaslu.go.id",
}


def _manage(*args, env_overrides, drop=()):
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("DJANGO_")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_no_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_missing_secret_key_stops_start_up_with_a_clear_message():
    env = {k: v for k, v in PROD_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = _manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY wajib diisi" in result.stderr


def test_missing_allowed_hosts_stops_start_up():
    env = {k: v for k, v in PROD_ENV.items() if k != "DJANGO_ALLOWED_HOSTS"}
    result = _manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS wajib diisi" in result.stderr


def test_locale_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.USE_TZ is True
