"""Lupa kata sandi: one answer for every address, single-use links that expire, rate limits, sessions ended,
and a lockout that the reset does not lift."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.models import UserSession
from tests.accounts.conftest import make_invited
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Kebun-Teh-Malabar-2029"
LINK = re.compile(r"http://testserver(/akun/atur-ulang/[^\s]+/)")


@pytest.fixture
def reset(committed):
    def request_reset(client, email, ip="10.1.1.1"):
        return committed(client.post, reverse("accounts:password-reset"), {"email": email}, REMOTE_ADDR=ip)

    return request_reset


def _login(client, username, password, ip="10.9.9.9"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def _link_from_outbox() -> str:
    return LINK.search(mail.outbox[-1].body).group(1)


def _set_password(client, link, password=NEW_PASSWORD):
    form_page = client.get(link)
    assert form_page.status_code == 302  # Django moves the token out of the URL into the session
    return client.post(form_page["Location"], {"new_password1": password, "new_password2": password})


def test_same_answer_for_known_and_unknown_addresses(client, staff_a, reset):
    known = reset(client, staff_a.email)
    unknown = reset(client, "tidak-terdaftar@example.org")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known["Location"] == reverse("accounts:password-reset-done")
    # The page the browser lands on is the same page, byte for byte.
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [staff_a.email]


def test_email_is_indonesian_and_link_resets_once(client, staff_a, reset):
    reset(client, staff_a.email.upper())  # addresses match case-insensitively
    message = mail.outbox[0]
    assert message.subject == "Atur ulang kata sandi Hubal Jabar"
    assert "hanya dapat dipakai sekali dan berlaku 120 menit" in message.body
    link = _link_from_outbox()
    done = _set_password(client, link)
    assert done["Location"] == reverse("accounts:password-reset-complete")
    assert _login(client, staff_a.username, NEW_PASSWORD).status_code == 302
    # Used once: the same link is now refused.
    again = client.get(link, follow=True)
    assert "Tautan tidak berlaku" in again.content.decode()


def test_link_expires(client, staff_a, settings, reset):
    reset(client, staff_a.email)
    link = _link_from_outbox()
    with time_machine.travel(dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)):
        page = client.get(link, follow=True)
    assert "Tautan tidak berlaku" in page.content.decode()
    staff_a.refresh_from_db()
    assert staff_a.check_password(TEST_PASSWORD)


def test_inactive_account_gets_no_mail_but_the_same_answer(client, reset):
    user = UserFactory(username="lama", email="lama@example.org", is_active=False)
    response = reset(client, user.email)
    assert response["Location"] == reverse("accounts:password-reset-done")
    assert mail.outbox == []


def test_invited_account_may_use_the_reset(client, office_a, reset):
    invited = make_invited()
    reset(client, invited.email)
    _set_password(client, _link_from_outbox())
    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)


def test_rate_limited_per_address_with_the_same_answer(client, staff_a, reset):
    answers = {reset(client, staff_a.email, ip=f"10.0.0.{n}")["Location"] for n in range(5)}
    assert answers == {reverse("accounts:password-reset-done")}
    assert len(mail.outbox) == 3


def test_rate_limited_per_address_of_the_requester(client, reset):
    users = [UserFactory(username=f"u{n}", email=f"u{n}@example.org") for n in range(22)]
    for user in users:
        reset(client, user.email, ip="10.7.7.7")
    assert len(mail.outbox) == 20


def test_reset_ends_every_session(client, staff_a, client_a, reset):
    assert UserSession.objects.filter(user=staff_a).count() == 1
    reset(client, staff_a.email)
    _set_password(client, _link_from_outbox())
    assert UserSession.objects.filter(user=staff_a).count() == 0
    assert client_a.get(reverse("accounts:profile")).status_code == 302  # signed out


def test_reset_does_not_lift_a_lockout(client, staff_a, settings, reset):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, staff_a.username, "salah")
    assert _login(client, staff_a.username, TEST_PASSWORD).status_code == 429
    reset(client, staff_a.email)
    _set_password(client, _link_from_outbox())
    # Still locked with the new password: the lockout ends by its cool-off or by a manager, not by a reset.
    assert _login(client, staff_a.username, NEW_PASSWORD).status_code == 429
    with time_machine.travel(settings.AXES_COOLOFF_TIME + dt.timedelta(seconds=5)):
        assert _login(client, staff_a.username, NEW_PASSWORD).status_code == 302


def test_password_validators_speak_indonesian(client, staff_a, reset):
    reset(client, staff_a.email)
    response = _set_password(client, _link_from_outbox(), password="12345678")
    text = response.content.decode()
    assert response.status_code == 200
    assert "terlalu umum" in text or "seluruhnya angka" in text
