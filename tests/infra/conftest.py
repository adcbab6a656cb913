"""Fixtures of the infrastructure tests: moto's S3 server (one per test session, on loopback) and the portal's
default storage pointed at a fresh bucket of it."""

import pytest

from . import services


def _unavailable(reason: str):
    if services.REQUIRE_SERVICES:
        pytest.fail(f"{reason} (HUBAL_REQUIRE_SERVICES=1: these tests may not be skipped)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def s3_server():
    if services.moto_command() is None:
        _unavailable("moto_server is not installed")
    server = services.start_s3_server()
    yield server
    server.stop()


@pytest.fixture
def s3_bucket(s3_server) -> str:
    return s3_server.new_bucket()


@pytest.fixture
def s3_storage(settings, s3_server, s3_bucket):
    """Default storage = S3Storage on a fresh, empty bucket of the moto server (as HUBAL_STORAGE_BACKEND=s3)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_server.storage_options(s3_bucket)},
    }
    return s3_server
