"""The IT administrator's overview of two-step sign-in and the reset of a lost device, recorded in history."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.mfa import services
from tests.accounts.otp import enrolled, verified_client
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

USERS = reverse("accounts:mfa-users")


@pytest.fixture
def client_admin(admin_user):
    return verified_client(admin_user)


def _reset_url(user) -> str:
    return reverse("accounts:mfa-user-reset", args=[user.pk])


def test_users_page_permission_matrix(role_clients, client_admin, leader):
    for side, client in role_clients.items():
        response = client.get(USERS)
        if side == "anonymous":
            assert response["Location"].startswith(reverse("login")), side
        else:
            assert response.status_code == 403, side
    assert client_admin.get(USERS).status_code == 200


def test_reset_permission_matrix(role_clients, client_admin, leader):
    enrolled(leader)
    for side, client in role_clients.items():
        for method in (client.get, client.post):
            response = method(_reset_url(leader))
            if side == "anonymous":
                assert response["Location"].startswith(reverse("login")), side
            else:
                assert response.status_code == 403, side
    assert TOTPDevice.objects.filter(user=leader).count() == 2  # the fixture's app and this one: untouched
    assert client_admin.get(_reset_url(leader)).status_code == 200


@pytest.mark.parametrize("users", [3, 12])
def test_users_page_query_budget(client_admin, office_a, django_assert_num_queries, users):
    from tests.factories import UserFactory

    for n in range(users):
        user = UserFactory(username=f"staf-{n}", office=office_a)
        if n % 2:
            enrolled(user)
            services.recovery_codes_renew(user=user)
    client_admin.get(USERS)  # warm up: the first request renews the fresh session's idle expiry
    # session, user, users with office and two-step state in one query, the admin's office for the header
    # +1 unread inbox count (header)
    with django_assert_num_queries(4):
        response = client_admin.get(USERS)
    html = response.content.decode()
    assert html.count("Reset</a>") == users // 2 + 1  # the enrolled ones, and the admin


def test_users_page_shows_who_must_enrol(client_admin, leader):
    html = client_admin.get(USERS).content.decode()
    assert "Wajib, belum dipasang" in html  # the leader has no app
    assert "verifikator, pimpinan, administrator" in html


def test_reset_removes_devices_records_history_and_ends_sessions(
    client_admin, admin_user, leader, django_capture_on_commit_callbacks
):
    enrolled(leader)
    services.recovery_codes_renew(user=leader)
    leader_session = verified_client(leader)
    assert leader_session.get(reverse("home")).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client_admin.post(_reset_url(leader))
    assert response["Location"] == USERS
    assert not TOTPDevice.objects.filter(user=leader).exists()
    assert not StaticDevice.objects.filter(user=leader).exists()
    entry = LogEntry.objects.get(object_id=str(leader.pk), user=admin_user)
    assert entry.action_flag == CHANGE
    assert entry.content_type.model_class() is type(leader)
    assert entry.get_change_message() == services.LOG_RESET
    assert entry.action_time is not None
    # The history page of the user shows it.
    history = client_admin.get(reverse("admin:agencies_user_history", args=[leader.pk])).content.decode()
    assert "direset oleh administrator" in history
    # The leader's open session is over; the next sign-in asks for a new enrolment.
    assert leader_session.get(reverse("home"))["Location"].startswith(reverse("login"))
    fresh = Client()
    fresh.post(reverse("login"), {"username": leader.username, "password": TEST_PASSWORD})
    assert fresh.get(reverse("home"))["Location"].startswith(reverse("accounts:mfa-verify"))
    assert fresh.get(reverse("accounts:mfa-verify"))["Location"].startswith(reverse("accounts:mfa-setup"))


def test_reset_keeps_other_users_sessions(client_admin, leader, client_verifier, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_admin.post(_reset_url(leader))
    assert client_verifier.get(reverse("home")).status_code == 200
    assert client_admin.get(USERS).status_code == 200
