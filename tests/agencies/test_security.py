import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.5")


def test_five_failures_lock_out_without_revealing_the_user(client):
    UserFactory(username="staf-3276")
    for _ in range(4):
        response = _login(client, "staf-3276", "salah")
        assert response.status_code == 200
        assert "Nama pengguna atau kata sandi salah" in response.content.decode()
    locked = _login(client, "staf-3276", "salah")
    assert locked.status_code == 429
    assert "coba lagi setelah 15 menit" in locked.content.decode()
    # Even the right password is refused while locked out.
    assert _login(client, "staf-3276", "rahasia-uji-123").status_code == 429


def test_unknown_user_gets_the_same_message(client):
    for _ in range(4):
        response = _login(client, "tidak-ada", "salah")
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()
    assert _login(client, "tidak-ada", "salah").status_code == 429


def test_successful_login_lands_on_home(client):
    UserFactory(username="staf-ok")
    response = _login(client, "staf-ok", "rahasia-uji-123")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_csp_header_on_html_without_inline_script(client_a):
    response = client_a.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()


def test_session_expires_after_inactivity(settings):
    # Renewed by hubal.middleware at most every few minutes, not saved on every request (tests/test_sessions.py).
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60


def test_logout_needs_post(client_a):
    assert client_a.get(reverse("logout")).status_code == 405
    assert client_a.post(reverse("logout")).status_code == 302
