"""Two gunicorn app servers against one PostgreSQL, one Redis and one S3 server (deploy/two_servers.py):
sign in and upload on one, confirm and download on the other, lockout and rate limits counted across both.

Runs in CI (HUBAL_REQUIRE_SERVICES=1 makes a missing service a failure); elsewhere it is skipped when
PostgreSQL or Redis does not answer.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from . import services

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.services


def test_two_app_servers_share_everything_a_request_needs():
    missing = [
        name
        for name, up in (("PostgreSQL", services.postgres_answers()), ("Redis", services.redis_answers()))
        if not up
    ]
    if services.moto_command() is None:
        missing.append("moto_server")
    if missing:
        message = f"{', '.join(missing)} not available"
        if services.REQUIRE_SERVICES:
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run(
        [sys.executable, "deploy/two_servers.py"], cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    for held in (
        "B streams the same bytes A received",
        "B confirmed A's import",
        "the fifth failure, on B, locks the account",
        "3 of 4 requests sent an e-mail",
        "every check held",
    ):
        assert held in result.stdout
