import pytest

from agencies.choices import Role
from tests.factories import UserFactory


@pytest.fixture
def admin_user(province):
    """The IT administrator: a superuser without an office role."""
    return UserFactory(username="admin-ti", role="", office=None, is_superuser=True, is_staff=True)


@pytest.fixture
def people(staff_a, verifier, leader, admin_user):
    return {"staff": staff_a, "verifier": verifier, "leader": leader, "admin": admin_user}


@pytest.fixture
def extra_staff(office_a):
    return UserFactory(username="staf-lain", role=Role.STAFF, office=office_a)
