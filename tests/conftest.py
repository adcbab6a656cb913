"""Role fixtures: staff of office A (Kota Depok), staff of office B (Kabupaten Bogor),
the provincial verifier, a read-only leader, and anonymous; and the fixed clock."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.mfa import policy as mfa_policy
from agencies.choices import Role
from tests.factories import UserFactory, office

FROZEN_AT = dt.datetime(2025, 6, 16, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "clock(moment): freeze time for the test at `moment` (default tests.conftest.FROZEN_AT)"
    )


@pytest.fixture
def clock(request):
    """A clock frozen at FROZEN_AT (Monday 16 June 2025, 09:00 WIB), or at the moment given by the test's or
    module's `@pytest.mark.clock(moment)`. Yields the traveller: `clock.shift(dt.timedelta(...))`."""
    marker = request.node.get_closest_marker("clock")
    moment = marker.args[0] if marker and marker.args else FROZEN_AT
    with time_machine.travel(moment, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _clock_for_marked(request):
    """Tests and modules marked `clock` run on the fixed clock without asking for the fixture."""
    if request.node.get_closest_marker("clock"):
        request.getfixturevalue("clock")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache: cached figures (the leader's dashboard) and rate-limit counters
    must never leak from one test into another that happens to have the same data fingerprint."""
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: cached report figures are keyed by a data version that each
    test's database starts again from, so a figure cached by an earlier test would otherwise be served."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def office_a(db):
    return office("32.76")


@pytest.fixture
def office_b(db):
    return office("32.01")


@pytest.fixture
def province(db):
    return office("32")


@pytest.fixture
def staff_a(office_a):
    return UserFactory(username="staf-a", role=Role.STAFF, office=office_a)


@pytest.fixture
def staff_b(office_b):
    return UserFactory(username="staf-b", role=Role.STAFF, office=office_b)


@pytest.fixture
def verifier(province):
    return UserFactory(username="verif", role=Role.VERIFIER, office=province)


@pytest.fixture
def leader(province):
    return UserFactory(username="pimpinan-uji", role=Role.LEADER, office=province)


def _client_for(user) -> Client:
    """A signed-in client; for a role that requires two-step sign-in, one that has passed it with an app."""
    client = Client()
    client.force_login(user, backend="accounts.backends.ModelBackend")
    if mfa_policy.required_for(user):
        device = TOTPDevice.objects.create(user=user, name="Aplikasi uji", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_a(staff_a):
    return _client_for(staff_a)


@pytest.fixture
def client_b(staff_b):
    return _client_for(staff_b)


@pytest.fixture
def client_verifier(verifier):
    return _client_for(verifier)


@pytest.fixture
def client_leader(leader):
    return _client_for(leader)


@pytest.fixture
def role_clients(client, client_a, client_b, client_verifier, client_leader):
    """The five sides of every permission matrix: owner is office A."""
    return {
        "anonymous": client,
        "own_office": client_a,
        "other_office": client_b,
        "verifier": client_verifier,
        "leader": client_leader,
    }
