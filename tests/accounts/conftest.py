"""Fixtures of the account tests: the administrator (superuser) beside the role fixtures of tests/conftest.py,
a clean cache (rate-limit counters) and account e-mails sent inline so that mail.outbox can be read."""

import pytest
from django.core.cache import cache

from agencies.choices import Role
from tests.conftest import _client_for
from tests.factories import UserFactory, office


@pytest.fixture(autouse=True)
def _accounts_settings(settings):
    settings.HUBAL_ACCOUNT_MAIL_IN_BACKGROUND = False
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_user(province):
    return UserFactory(username="admin-uji", role="", office=province, is_superuser=True, is_staff=True)


@pytest.fixture
def client_admin(admin_user):
    return _client_for(admin_user)


@pytest.fixture
def matrix_clients(role_clients, client_admin):
    """The six sides of the account permission matrix."""
    return role_clients | {"admin": client_admin}


def make_invited(username="baru", email="baru@example.org", code="32.76", role=Role.STAFF):
    user = UserFactory(username=username, email=email, office=office(code), role=role)
    user.set_unusable_password()
    user.save()
    return user


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Call fn(*args) and then run the on_commit callbacks it queued, as a real commit would (the test's
    own transaction never commits)."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def people(staff_a, verifier, leader, admin_user):
    return {"staff": staff_a, "verifier": verifier, "leader": leader, "admin": admin_user}


@pytest.fixture
def extra_staff(office_a):
    return UserFactory(username="staf-lain", role=Role.STAFF, office=office_a)
