"""Idle timeout: the session's expiry is renewed at most every SESSION_REFRESH_SECONDS, not on every request."""

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

START = dt.datetime(2025, 6, 15, 9, 0, tzinfo=dt.UTC)


def _session_writes(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(1 for q in queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"])


def _expiry(client) -> dt.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_pages_within_the_refresh_interval_do_not_write_the_session(client_a, settings):
    home = reverse("home")
    with time_machine.travel(START, tick=False) as clock:
        assert _session_writes(client_a, home) == 1  # first page after a login without the login view
        renewed = _expiry(client_a)
        assert renewed == START + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        clock.shift(dt.timedelta(seconds=settings.SESSION_REFRESH_SECONDS - 1))
        assert _session_writes(client_a, home) == 0
        assert _session_writes(client_a, home) == 0
        assert _expiry(client_a) == renewed
        clock.shift(dt.timedelta(seconds=1))
        assert _session_writes(client_a, home) == 1
        assert _expiry(client_a) == timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_idle_for_the_idle_time_after_the_last_request_still_signed_in(client_a, settings):
    home = reverse("home")
    with time_machine.travel(START, tick=False) as clock:
        client_a.get(home)  # renews the expiry
        clock.shift(dt.timedelta(seconds=settings.SESSION_REFRESH_SECONDS - 1))
        client_a.get(home)  # activity without a write
        clock.shift(dt.timedelta(seconds=settings.SESSION_IDLE_SECONDS))
        assert client_a.get(home).status_code == 200


def test_idle_longer_than_the_session_age_signs_out(client_a, settings):
    home = reverse("home")
    with time_machine.travel(START, tick=False) as clock:
        client_a.get(home)
        clock.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))
        response = client_a.get(home)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_signing_in_through_the_form_needs_no_second_write(client, staff_a):
    staff_a.set_password("rahasia-uji-123")
    staff_a.save()
    response = client.post(reverse("login"), {"username": "staf-a", "password": "rahasia-uji-123"})
    assert response.status_code == 302
    assert _session_writes(client, reverse("home")) == 0


def test_anonymous_requests_create_no_session(client):
    client.get(reverse("login"))
    assert Session.objects.count() == 0
