"""Enrolment: QR code and typed key, confirmation with a code, recovery codes shown once and renewed."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.mfa import services
from tests.accounts.otp import app_code, verified_client
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

SETUP = reverse("accounts:mfa-setup")
CODES = reverse("accounts:mfa-codes")
OVERVIEW = reverse("accounts:mfa-overview")
HOME = reverse("home")


@pytest.fixture
def fresh_verifier(client, verifier):
    """A verifier who just typed the right password and has no app yet."""
    client.post(reverse("login"), {"username": verifier.username, "password": TEST_PASSWORD})
    return client


def _pending_device(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=False)


def test_setup_shows_qr_and_key_and_keeps_them_on_reload(fresh_verifier, verifier):
    html = fresh_verifier.get(SETUP).content.decode()
    assert '<svg role="img" aria-label="Kode QR' in html
    assert "<script" not in html.split("<footer")[0]
    device = _pending_device(verifier)
    key = re.search(r'class="mfa-secret">([A-Z2-7 ]+)<', html).group(1)
    assert len(key.replace(" ", "")) == 32
    again = fresh_verifier.get(SETUP).content.decode()
    assert key in again
    assert _pending_device(verifier).pk == device.pk


def test_wrong_confirmation_code_keeps_the_app_unconfirmed(fresh_verifier, verifier):
    fresh_verifier.get(SETUP)
    device = _pending_device(verifier)
    wrong = f"{(int(app_code(device)) + 5) % 1_000_000:06d}"
    response = fresh_verifier.post(SETUP, {"code": wrong})
    assert "Kode salah" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=verifier, confirmed=True).exists()
    assert fresh_verifier.get(HOME)["Location"].startswith(reverse("accounts:mfa-verify"))


def test_enrolment_confirms_verifies_and_shows_codes_once(fresh_verifier, verifier):
    fresh_verifier.get(SETUP)
    device = _pending_device(verifier)
    response = fresh_verifier.post(SETUP, {"code": app_code(device)})
    assert response["Location"].startswith(CODES)
    device.refresh_from_db()
    assert device.confirmed
    assert fresh_verifier.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    html = fresh_verifier.get(response["Location"]).content.decode()
    shown = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", html)
    assert len(shown) == 10
    assert {c.replace("-", "") for c in shown} == set(
        StaticToken.objects.filter(device__user=verifier).values_list("token", flat=True)
    )
    assert "data-print" in html
    # Only once.
    assert "<code>" not in fresh_verifier.get(CODES).content.decode()
    assert fresh_verifier.get(HOME).status_code == 200
    entry = LogEntry.objects.get(object_id=str(verifier.pk))
    assert entry.user == verifier
    assert entry.get_change_message() == services.LOG_ENROLLED


def test_renewing_codes_invalidates_the_old_sheet(verifier):
    client = verified_client(verifier)
    old = services.recovery_codes_renew(user=verifier)
    response = client.post(reverse("accounts:mfa-codes-renew"))
    assert response["Location"] == CODES
    new = {c.replace("-", "") for c in re.findall(r"<code>([^<]+)</code>", client.get(CODES).content.decode())}
    assert len(new) == 10
    assert not set(old) & new
    assert set(StaticToken.objects.filter(device__user=verifier).values_list("token", flat=True)) == new


def test_renewing_codes_needs_a_verified_session(staff_a, client_a):
    services.recovery_codes_renew(user=staff_a)  # no app: nothing to renew from an unverified session
    before = set(StaticToken.objects.values_list("token", flat=True))
    assert client_a.post(reverse("accounts:mfa-codes-renew"))["Location"] == OVERVIEW
    assert set(StaticToken.objects.values_list("token", flat=True)) == before


def test_staff_may_enrol_voluntarily(client_a, staff_a):
    assert "tidak wajib" in client_a.get(OVERVIEW).content.decode()
    client_a.get(SETUP)
    device = _pending_device(staff_a)
    assert client_a.post(SETUP, {"code": app_code(device)})["Location"].startswith(CODES)
    assert "Aktif" in client_a.get(OVERVIEW).content.decode()


def test_renew_only_by_post(client_verifier):
    assert client_verifier.get(reverse("accounts:mfa-codes-renew")).status_code == 405


@pytest.mark.parametrize("url", [OVERVIEW, SETUP, CODES])
def test_personal_pages_permission_matrix(role_clients, url):
    """Everyone signed in manages their own second factor; anonymous goes to sign in."""
    for side, client in role_clients.items():
        response = client.get(url)
        if side == "anonymous":
            assert response["Location"].startswith(reverse("login")), side
        elif url == SETUP and side in ("verifier", "leader"):
            assert response["Location"] == OVERVIEW, side  # already enrolled and verified
        else:
            assert response.status_code == 200, side


def test_guide_readable_during_enrolment_but_not_the_data(fresh_verifier):
    guide = fresh_verifier.get(reverse("agencies:guide-page", args=["dua-langkah"]))
    assert guide.status_code == 200
    assert "Verifikasi dua langkah" in guide.content.decode()
    assert fresh_verifier.get(reverse("agencies:partner-list")).status_code == 302
