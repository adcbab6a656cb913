"""Profile, password change and sessions of the signed-in user."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Profile, UserSession
from accounts.sessions import describe_device
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Gedung-Sate-Bandung-2029"
CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
)


def _sign_in(username, agent=CHROME_WINDOWS, password=TEST_PASSWORD) -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.5.5.5")
    assert response.status_code == 302
    return client


def test_profile_shows_office_and_role_and_saves(client_a, staff_a):
    page = client_a.get(reverse("accounts:profile")).content.decode()
    assert "Kota Depok" in page and "Staf Hubal kab/kota" in page
    data = {"first_name": "Dewi", "last_name": "Lestari", "email": "Dewi@Example.org", "phone": "0812-3456-7890"}
    data |= {"email_on_returned": "on"}  # verified and expiry e-mails switched off
    assert client_a.post(reverse("accounts:profile"), data).status_code == 302
    staff_a.refresh_from_db()
    profile = Profile.objects.get(user=staff_a)
    assert (staff_a.first_name, staff_a.email, profile.phone) == ("Dewi", "dewi@example.org", "0812-3456-7890")
    assert (profile.email_on_returned, profile.email_on_verified, profile.email_on_expiry) == (True, False, False)
    assert staff_a.history.first().history_change_reason == "Profil diubah oleh pemilik akun"


def test_profile_cannot_change_office_or_role(client_a, staff_a, office_b):
    data = {"first_name": "A", "email": staff_a.email, "office": office_b.pk, "role": "verifier"}
    client_a.post(reverse("accounts:profile"), data)
    staff_a.refresh_from_db()
    assert staff_a.office.code == "32.76" and staff_a.role == "staff"


def test_profile_rejects_bad_phone_and_taken_email(client_a, staff_b):
    response = client_a.post(reverse("accounts:profile"), {"first_name": "A", "email": staff_b.email, "phone": "abc"})
    text = response.content.decode()
    assert "sudah dipakai akun lain" in text and "nomor telepon yang benar" in text


def test_password_change_keeps_this_session_and_ends_the_others(staff_a):
    here = _sign_in(staff_a.username)
    elsewhere = _sign_in(staff_a.username, agent="Mozilla/5.0 (Linux; Android 14) Firefox/131.0")
    assert UserSession.objects.filter(user=staff_a).count() == 2
    data = {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = here.post(reverse("accounts:password-change"), data, follow=True)
    assert "Kata sandi Anda telah diubah. 1 sesi lain telah dikeluarkan." in response.content.decode()
    assert here.get(reverse("accounts:profile")).status_code == 200
    assert elsewhere.get(reverse("accounts:profile")).status_code == 302
    tracked = UserSession.objects.get(user=staff_a)
    assert tracked.session_key == here.session.session_key  # followed the cycled key


def test_password_change_wrong_old_password(client_a):
    data = {"old_password": "salah", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = client_a.post(reverse("accounts:password-change"), data)
    assert response.status_code == 200 and "Kata sandi lama salah" in response.content.decode()


def test_sessions_list_and_sign_out_others(staff_a, staff_b):
    here = _sign_in(staff_a.username)
    other = _sign_in(staff_a.username, agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1")
    _sign_in(staff_b.username)  # another user's session is never listed
    page = here.get(reverse("accounts:sessions")).content.decode()
    assert "Chrome di Windows" in page and "Safari di iOS" in page and "sesi ini" in page
    assert page.count("Keluarkan</button>") == 1
    here.post(reverse("accounts:sessions-end-others"))
    assert other.get(reverse("home")).status_code == 302
    assert here.get(reverse("home")).status_code == 200
    assert UserSession.objects.filter(user=staff_b).count() == 1


def test_end_one_session_only_of_ones_own(staff_a, staff_b):
    here = _sign_in(staff_a.username)
    theirs = _sign_in(staff_b.username)
    foreign = UserSession.objects.get(user=staff_b)
    here.post(reverse("accounts:session-end", args=[foreign.pk]))
    assert theirs.get(reverse("home")).status_code == 200
    own_current = UserSession.objects.get(user=staff_a)
    here.post(reverse("accounts:session-end", args=[own_current.pk]))  # the current one is not ended here
    assert here.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("engine", ["db", "cached_db"])
def test_ended_sessions_end_with_a_cached_session_store_too(staff_a, settings, engine):
    """With a shared cache the sessions are read from it first (hubal/settings.py): ending one deletes its
    cached copy too, else it would go on working until the copy expired."""
    settings.SESSION_ENGINE = f"django.contrib.sessions.backends.{engine}"
    here = _sign_in(staff_a.username)
    phone = _sign_in(staff_a.username, agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1")
    tablet = _sign_in(staff_a.username, agent="Mozilla/5.0 (Linux; Android 14) Firefox/131.0")
    for client in (here, phone, tablet):
        assert client.get(reverse("home")).status_code == 200  # read (and, with cached_db, cached) once
    phone_session = UserSession.objects.get(user=staff_a, session_key=phone.session.session_key)
    here.post(reverse("accounts:session-end", args=[phone_session.pk]))
    assert phone.get(reverse("home")).status_code == 302
    assert tablet.get(reverse("home")).status_code == 200
    here.post(reverse("accounts:sessions-end-others"))
    assert tablet.get(reverse("home")).status_code == 302
    assert here.get(reverse("home")).status_code == 200


def test_logout_forgets_the_session(staff_a):
    here = _sign_in(staff_a.username)
    here.post(reverse("logout"))
    assert not UserSession.objects.filter(user=staff_a).exists()


def test_sign_in_updates_last_login_without_a_history_row(staff_a):
    before = staff_a.history.count()
    _sign_in(staff_a.username)
    staff_a.refresh_from_db()
    assert staff_a.last_login is not None
    assert staff_a.history.count() == before


def test_sessions_page_query_budget(staff_a, django_assert_num_queries):
    here = _sign_in(staff_a.username)
    _sign_in(staff_a.username)
    here.get(reverse("accounts:sessions"))
    # 1 session, 2 user with the office of the top bar, 3 tracked sessions, 4 their expiry.
    # +1 unread inbox count (header)
    with django_assert_num_queries(5):
        here.get(reverse("accounts:sessions"))


@pytest.mark.parametrize(
    ("agent", "label"),
    [
        (CHROME_WINDOWS, "Chrome di Windows"),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Version/17.0 Safari/605.1.15", "Safari di macOS"),
        ("Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/131.0", "Firefox di Linux"),
        ("Mozilla/5.0 (Windows NT 10.0) Chrome/130.0 Safari/537.36 Edg/130.0", "Edge di Windows"),
        ("curl/8.0", "Peramban lain"),
    ],
)
def test_describe_device(agent, label):
    assert describe_device(agent) == label
