"""HUBAL_MFA_REQUIRED_ROLES read from the environment: default, empty, unknown names."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT = "from django.conf import settings; print('roles=' + ','.join(settings.HUBAL_MFA_REQUIRED_ROLES))"


def _roles(result) -> str:
    assert result.returncode == 0, result.stderr
    return next(line for line in result.stdout.splitlines() if line.startswith("roles="))


def _shell(**env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "HUBAL_MFA"))}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PRINT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_default_requires_verifier_leader_admin():
    assert _roles(_shell()) == "roles=verifier,leader,admin"


def test_empty_turns_enforcement_off():
    assert _roles(_shell(HUBAL_MFA_REQUIRED_ROLES="")) == "roles="
    assert _roles(_shell(HUBAL_MFA_REQUIRED_ROLES="staff,verifier")) == "roles=staff,verifier"


def test_unknown_role_stops_start_up():
    result = _shell(HUBAL_MFA_REQUIRED_ROLES="verifier,pimpinan")
    assert result.returncode != 0
    assert "HUBAL_MFA_REQUIRED_ROLES hanya boleh berisi" in result.stderr
