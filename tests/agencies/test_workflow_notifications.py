"""Telling the office: e-mail when a record is returned or verified, and the in-app badge."""

import datetime as dt

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend
from django_tasks.signals import task_finished

from agencies import notifications, selectors, tasks
from agencies.choices import Role
from agencies.choices import VerificationStatus as V
from tests.factories import ActivityFactory, AgreementFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleagues(office_a):
    """A second active staff member of office A, an inactive one, and one without e-mail."""
    UserFactory(username="staf-a2", office=office_a, role=Role.STAFF, email="kedua@example.org")
    UserFactory(username="staf-a3", office=office_a, role=Role.STAFF, email="lama@example.org", is_active=False)
    UserFactory(username="staf-a4", office=office_a, role=Role.STAFF, email="")


def test_return_mails_the_office_staff_with_the_note_and_link(
    client_verifier, office_a, staff_a, staff_b, colleagues, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(office=office_a, title="Sosialisasi pemilih pemula", verification_status=V.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client_verifier.post(
            reverse("agencies:record-return", args=["activity", activity.pk]), {"note": "Tambahkan daftar hadir."}
        )
    assert len(callbacks) == 1
    (message,) = mail.outbox
    assert message.to == ["kedua@example.org", "staf-a@example.org"]
    assert message.subject == "[Hubal Jabar] Kegiatan dikembalikan: Sosialisasi pemilih pemula"
    assert "Tambahkan daftar hadir." in message.body
    assert "http://testserver" + reverse("agencies:activity-detail", args=[activity.pk]) in message.body


def test_verify_mails_the_office(client_verifier, office_a, staff_a, django_capture_on_commit_callbacks):
    agreement = AgreementFactory(office=office_a, title="PKS Kejaksaan", verification_status=V.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        client_verifier.post(reverse("agencies:record-verify", args=["agreement", agreement.pk]))
    (message,) = mail.outbox
    assert message.subject == "[Hubal Jabar] Kerja sama terverifikasi: PKS Kejaksaan"
    assert "dihitung dalam pemeringkatan dan LAKIP" in message.body


def test_bulk_verify_sends_one_mail_per_office(
    client_verifier, office_a, office_b, staff_a, staff_b, django_capture_on_commit_callbacks
):
    a = [ActivityFactory(office=office_a, verification_status=V.SUBMITTED) for _ in range(3)]
    b = ActivityFactory(office=office_b, verification_status=V.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        client_verifier.post(reverse("agencies:bulk-verify"), {"kind": "activity", "ids": [*(x.pk for x in a), b.pk]})
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    assert set(by_recipient) == {("staf-a@example.org",), ("staf-b@example.org",)}
    assert by_recipient[("staf-a@example.org",)].subject == "[Hubal Jabar] 3 data terverifikasi"
    assert b.title in by_recipient[("staf-b@example.org",)].subject
    assert a[0].title not in by_recipient[("staf-b@example.org",)].body


def test_nothing_is_mailed_when_the_action_fails(
    client_verifier, office_a, staff_a, django_capture_on_commit_callbacks
):
    draft = ActivityFactory(office=office_a)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client_verifier.post(reverse("agencies:record-verify", args=["activity", draft.pk]))
        client_verifier.post(reverse("agencies:record-return", args=["activity", draft.pk]), {"note": "x"})
    assert callbacks == [] and mail.outbox == []


def test_mail_waits_for_the_commit(client_verifier, office_a, staff_a, django_capture_on_commit_callbacks):
    activity = ActivityFactory(office=office_a, verification_status=V.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client_verifier.post(reverse("agencies:record-verify", args=["activity", activity.pk]))
    assert len(callbacks) == 1 and mail.outbox == []


def test_a_mail_outage_does_not_break_the_action(
    client_verifier, office_a, staff_a, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(tasks, "send_mail", broken)
    finished = []

    def record(sender, task_result, **kwargs):
        finished.append(task_result)

    task_finished.connect(record)
    activity = ActivityFactory(office=office_a, verification_status=V.SUBMITTED)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client_verifier.post(reverse("agencies:record-verify", args=["activity", activity.pk]))
    finally:
        task_finished.disconnect(record)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.verification_status == V.VERIFIED
    # The e-mail went to the background task, which failed and says so (the worker's log and task table).
    (result,) = [r for r in finished if r.task.name == "send_notification"]
    assert result.status == "FAILED" and result.errors[0].exception_class_path == "builtins.OSError"


def test_verification_mail_is_a_task_queued_on_commit(
    client_verifier, office_a, staff_a, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    activity = ActivityFactory(office=office_a, verification_status=V.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        client_verifier.post(reverse("agencies:record-verify", args=["activity", activity.pk]))
    (queued,) = default_task_backend.results
    assert queued.task.name == "send_notification" and queued.args[2] == [staff_a.email]
    assert mail.outbox == []  # a worker sends it, not the request


def test_site_url_from_request_or_setting(settings):
    settings.ALLOWED_HOSTS = ["hubal.example"]
    request = RequestFactory().get("/", HTTP_HOST="hubal.example")
    assert notifications.site_url(request) == "http://hubal.example"
    settings.HUBAL_SITE_URL = "https://hubal.jabar.example/"
    assert notifications.site_url() == "https://hubal.jabar.example"


# Badge -------------------------------------------------------------------------------------------


def test_staff_badge_counts_returned_and_recently_verified(staff_a, office_a, office_b):
    ActivityFactory(office=office_a, verification_status=V.RETURNED)
    AgreementFactory(office=office_a, verification_status=V.RETURNED)
    ActivityFactory(office=office_b, verification_status=V.RETURNED)  # another office: not counted
    ActivityFactory(office=office_a, verification_status=V.VERIFIED, verified_at=timezone.now() - dt.timedelta(days=2))
    ActivityFactory(office=office_a, verification_status=V.VERIFIED, verified_at=timezone.now() - dt.timedelta(days=9))
    badge = selectors.badge_for(staff_a)
    assert (badge["returned"], badge["verified_recently"], badge["queue"], badge["total"]) == (2, 1, 0, 2)


def test_verifier_and_leader_badge_is_the_queue(verifier, leader, office_a, office_b):
    ActivityFactory(office=office_a, verification_status=V.SUBMITTED)
    AgreementFactory(office=office_b, verification_status=V.SUBMITTED)
    ActivityFactory(office=office_b, verification_status=V.RETURNED)
    for user in (verifier, leader):
        assert selectors.badge_for(user)["queue"] == 2


def test_badge_partial_renders_for_the_menu(staff_a, office_a):
    from django.template.loader import render_to_string

    ActivityFactory(office=office_a, verification_status=V.RETURNED)
    request = RequestFactory().get("/")
    request.user = staff_a
    html = render_to_string("agencies/home_badge.html", {"b": selectors.badge_for(staff_a)}, request=request)
    assert "1</span> dikembalikan" in html
