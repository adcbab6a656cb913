"""The account rules of agencies.permissions: who manages whom, and which roles they may give."""

import pytest

from agencies import permissions
from agencies.choices import Role

pytestmark = pytest.mark.django_db


def test_who_may_open_kelola_akun(staff_a, verifier, leader, admin_user):
    assert [permissions.can_manage_accounts(u) for u in (staff_a, verifier, leader, admin_user)] == [
        False,
        True,
        False,
        True,
    ]


def test_verifier_manages_staff_and_leaders_only(staff_a, staff_b, verifier, leader, admin_user):
    assert permissions.can_manage_account(verifier, staff_a)
    assert permissions.can_manage_account(verifier, staff_b)
    assert permissions.can_manage_account(verifier, leader)
    assert not permissions.can_manage_account(verifier, verifier)
    assert not permissions.can_manage_account(verifier, admin_user)
    assert set(permissions.manageable_users(verifier)) == {staff_a, staff_b, leader}


def test_admin_manages_everyone(staff_a, verifier, leader, admin_user):
    assert set(permissions.manageable_users(admin_user)) == {staff_a, verifier, leader, admin_user}
    assert permissions.can_manage_account(admin_user, verifier)


def test_staff_and_leader_manage_nobody(staff_a, staff_b, leader):
    assert not permissions.can_manage_account(staff_a, staff_b)
    assert not permissions.manageable_users(leader).exists()
    assert permissions.assignable_account_roles(staff_a) == []


def test_assignable_roles(verifier, admin_user):
    assert permissions.assignable_account_roles(verifier) == [Role.STAFF, Role.LEADER]
    assert permissions.assignable_account_roles(admin_user) == ["staff", "leader", "verifier", "admin"]


def test_nobody_raises_their_own_role(verifier, admin_user):
    # An administrator may keep or lower their own role ...
    assert permissions.assignable_account_roles(admin_user, admin_user) == ["staff", "leader", "verifier", "admin"]
    verifier.is_superuser = False
    # ... a verifier on their own account could at most keep it (and does not manage it at all).
    assert "admin" not in permissions.assignable_account_roles(verifier, verifier)


def test_inactive_admin_manages_nobody(admin_user, staff_a):
    admin_user.is_active = False
    assert not permissions.can_manage_accounts(admin_user)
    assert not permissions.manageable_users(admin_user).exists()
