"""Signing in with and without the second factor, for each role, and the enforcement per setting."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.mfa import services
from tests.accounts.otp import app_code, enrolled
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
HOME = reverse("home")
VERIFY = reverse("accounts:mfa-verify")
SETUP = reverse("accounts:mfa-setup")
ROLES = ["staff", "verifier", "leader", "admin"]
REQUIRED = ["verifier", "leader", "admin"]


def password_step(client, user, address="10.1.0.1", **extra):
    data = {"username": user.username, "password": TEST_PASSWORD, **extra}
    return client.post(LOGIN, data, REMOTE_ADDR=address)


def code_step(client, address="10.1.0.1", **data):
    return client.post(VERIFY, data, REMOTE_ADDR=address)


def test_staff_without_app_signs_in_with_password_only(client, people):
    response = password_step(client, people["staff"])
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200


@pytest.mark.parametrize("role", REQUIRED)
def test_required_role_without_app_is_sent_to_enrolment(client, people, role):
    response = password_step(client, people[role])
    assert response["Location"] == HOME
    for url in (HOME, reverse("agencies:partner-list"), reverse("reports:ranking"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(VERIFY), url
    # The code step sends someone without an app on to enrolment, which opens.
    assert client.get(VERIFY)["Location"].startswith(SETUP)
    assert "Pasang verifikasi dua langkah" in client.get(SETUP).content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_user_with_app_needs_the_code(client, people, role):
    user = people[role]
    device = enrolled(user)
    response = password_step(client, user)
    assert response["Location"] == VERIFY
    # Half-way is not signed in: the password alone opens nothing.
    assert client.get(HOME)["Location"].startswith(LOGIN)
    page = client.get(VERIFY)
    assert "Verifikasi dua langkah" in page.content.decode()
    response = code_step(client, code=app_code(device))
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200
    assert DEVICE_ID_SESSION_KEY in client.session


@pytest.mark.parametrize("role", ROLES)
def test_wrong_code_is_refused(client, people, role):
    user = people[role]
    device = enrolled(user)
    password_step(client, user)
    wrong = f"{(int(app_code(device)) + 1) % 1_000_000:06d}"
    response = code_step(client, code=wrong)
    assert response.status_code == 200
    assert "Kode salah" in response.content.decode()
    assert client.get(HOME)["Location"].startswith(LOGIN)


def test_code_must_be_six_digits(client, people):
    enrolled(people["verifier"])
    password_step(client, people["verifier"])
    response = code_step(client, code="12ab")
    assert "6 angka" in response.content.decode()
    response = code_step(client)
    assert "Masukkan kode 6 angka" in response.content.decode()


def test_device_throttling_after_a_wrong_code(client, people):
    device = enrolled(people["leader"])
    password_step(client, people["leader"])
    with time_machine.travel(timezone.now(), tick=False):
        code_step(client, code="000000" if app_code(device) != "000000" else "111111")
        response = code_step(client, code=app_code(device))
    assert "Tunggu" in response.content.decode()


def test_recovery_code_works_once(people):
    from django.test import Client

    user = people["verifier"]
    enrolled(user)
    codes = services.recovery_codes_renew(user=user)
    first = Client()
    password_step(first, user)
    response = code_step(first, recovery=f"{codes[0][:4]}-{codes[0][4:].upper()}")  # as printed, any case
    assert response["Location"] == HOME
    assert "Sisa kode cadangan: 9" in first.get(HOME, follow=True).content.decode()

    second = Client()
    password_step(second, user, address="10.1.0.2")
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5)):
        response = code_step(second, address="10.1.0.2", recovery=codes[0])
    assert "sudah pernah dipakai" in response.content.decode()
    assert second.get(HOME)["Location"].startswith(LOGIN)


def test_next_address_is_kept_through_the_code_step(client, people):
    device = enrolled(people["leader"])
    target = reverse("agencies:activity-list")
    response = client.post(
        f"{LOGIN}?next={target}", {"username": "pimpinan-uji", "password": TEST_PASSWORD, "next": target}
    )
    assert response["Location"] == VERIFY
    assert code_step(client, code=app_code(device))["Location"] == target


def test_outside_next_address_is_ignored(client, people):
    device = enrolled(people["leader"])
    password_step(client, people["leader"], next="https://contoh.invalid/")
    assert code_step(client, code=app_code(device))["Location"] == HOME


def test_code_step_expires(client, people):
    device = enrolled(people["verifier"])
    password_step(client, people["verifier"])
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=6)):
        response = code_step(client, code=app_code(device))
    assert response["Location"] == LOGIN
    assert client.get(HOME)["Location"].startswith(LOGIN)


def test_code_step_without_password_goes_to_login(client):
    assert client.get(VERIFY)["Location"] == LOGIN


def test_admin_login_page_is_the_portal_login(client):
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/admin/"


# Enforcement per setting ---------------------------------------------------------------------------


def test_enforcement_off_lets_required_roles_in_with_password(client, people, settings):
    settings.HUBAL_MFA_REQUIRED_ROLES = []
    password_step(client, people["verifier"])
    assert client.get(HOME).status_code == 200


def test_enforcement_for_staff_when_configured(client, people, settings):
    settings.HUBAL_MFA_REQUIRED_ROLES = ["staff"]
    password_step(client, people["staff"])
    assert client.get(HOME)["Location"].startswith(VERIFY)
    leader_client = type(client)()
    password_step(leader_client, people["leader"])
    assert leader_client.get(HOME).status_code == 200


@pytest.mark.parametrize("role", REQUIRED)
def test_session_signed_in_another_way_must_still_verify(people, role):
    """E.g. a session from before enforcement or signed in through another route: the middleware catches it."""
    from django.test import Client

    user = people[role]
    device = enrolled(user)
    client = Client()
    client.force_login(user, backend="accounts.backends.ModelBackend")
    assert client.get(HOME)["Location"] == f"{VERIFY}?next=%2F"
    assert client.get(SETUP)["Location"] == VERIFY  # no second enrolment without the current app
    response = client.post(f"{VERIFY}?next=/", {"code": app_code(device)})
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200


def test_staff_session_is_not_stopped(client_a):
    assert client_a.get(HOME).status_code == 200


def test_role_clients_of_required_roles_are_verified(client_verifier, client_leader):
    assert client_verifier.get(HOME).status_code == 200
    assert client_leader.get(HOME).status_code == 200


def test_verified_session_costs_no_query(client_a, client_verifier, django_assert_num_queries):
    """The second-factor check reads only the session, which the request loads anyway: a verified verifier's
    page costs what a staff member's costs: session, user (with their office), and the session save
    (savepoint, update, release)."""
    url = reverse("accounts:mfa-codes")
    for client in (client_a, client_verifier):
        # +1 unread inbox count (header)
        with django_assert_num_queries(6):
            assert client.get(url).status_code == 200
