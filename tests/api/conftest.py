"""API fixtures: tokens of office A (read-only and read-write), of office B and of the province, a revoked
and an expired token, each as a DRF test client; the throttle cache is emptied before every test."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.tokens.services import api_token_create
from tests.conftest import _client_for


@pytest.fixture(autouse=True)
def _empty_throttle_cache():
    cache.clear()
    yield
    cache.clear()


def make_token(*, creator, office, can_write: bool, name: str = "SIGAP Jabar", days: int = 30):
    return api_token_create(
        user=creator,
        name=name,
        office=office,
        can_write=can_write,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )


def token_client(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def issue(verifier):
    """issue(office, can_write=…) → (ApiToken, APIClient)."""

    def _issue(office, *, can_write: bool = False, name: str = "SIGAP Jabar"):
        issued = make_token(creator=verifier, office=office, can_write=can_write, name=name)
        return issued.token, token_client(issued.secret)

    return _issue


@pytest.fixture
def api_clients(issue, verifier, leader, office_a, office_b):
    """Every side of the API permission matrix; records under test belong to office A."""
    _, read_a = issue(office_a)
    _, write_a = issue(office_a, can_write=True)
    _, write_b = issue(office_b, can_write=True)
    revoked, revoked_client = issue(office_a, can_write=True)
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    expired, expired_client = issue(office_a, can_write=True)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    return {
        "anonymous": APIClient(),
        "token_a_read": read_a,
        "token_a_write": write_a,
        "token_b": write_b,
        "verifier": _session(verifier),
        "leader": _session(leader),
        "revoked": revoked_client,
        "expired": expired_client,
    }


def _session(user) -> APIClient:
    """A signed-in portal session (two-step sign-in passed where the role requires it)."""
    client = APIClient()
    client.cookies = _client_for(user).cookies
    return client
