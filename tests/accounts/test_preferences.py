"""E-mail preferences of the profile decide who receives the workflow e-mails."""

import pytest
from django.core import mail

from accounts import services
from agencies import notifications
from tests.factories import ActivityFactory, UserFactory

pytestmark = pytest.mark.django_db


def _prefs(**off) -> dict:
    return {"email_on_returned": True, "email_on_verified": True, "email_on_expiry": True} | off


def test_recipients_respect_the_topic(staff_a, office_a):
    colleague = UserFactory(username="rekan", email="rekan@example.org", office=office_a)  # no profile: wants all
    services.profile_update(
        user=staff_a,
        first_name="A",
        last_name="",
        email=staff_a.email,
        phone="",
        preferences=_prefs(email_on_returned=False),
    )
    activity = ActivityFactory(office=office_a)
    assert notifications.recipients_for(office_a, activity, "returned") == [colleague.email]
    assert notifications.recipients_for(office_a, activity, "verified") == sorted([colleague.email, staff_a.email])
    assert notifications.recipients_for(office_a, activity) == sorted([colleague.email, staff_a.email])


def test_returned_email_not_sent_to_who_opted_out(staff_a, office_a, verifier, django_capture_on_commit_callbacks):
    services.profile_update(
        user=staff_a,
        first_name="A",
        last_name="",
        email=staff_a.email,
        phone="",
        preferences=_prefs(email_on_returned=False),
    )
    activity = ActivityFactory(office=office_a)
    activity.return_note = "Lengkapi daftar hadir."
    with django_capture_on_commit_callbacks(execute=True):
        notifications.record_returned(activity, actor=verifier)
    assert mail.outbox == []
