"""Expiry reminders (agencies/reminders.py, manage.py send_expiry_reminders): thresholds on boundary days,
never twice, covered thresholds, renewals, recipients, dry run, overlapping runs and mail failures."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.urls import reverse

from agencies import reminders
from agencies.choices import Role
from agencies.choices import VerificationStatus as V
from agencies.models import ReminderSent
from tests.factories import AgreementFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 3, 1)


def day(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def agreement(office_a, staff_a):
    return AgreementFactory(office=office_a, title="PKS Universitas Indonesia", start_date=day(-400), end_date=day(180))


def run(today: dt.date, capture, *args) -> str:
    """Run the command on `today`; e-mails go out when the (test) transaction's callbacks run."""
    out = StringIO()
    with capture(execute=True):
        call_command("send_expiry_reminders", "--today", today.isoformat(), *args, stdout=out)
    return out.getvalue()


def logged(agreement) -> list[tuple[int, bool]]:
    rows = ReminderSent.objects.filter(agreement=agreement).order_by("-threshold_days")
    return [(r.threshold_days, r.covered) for r in rows]


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [
        (181, None),
        (180, (180, [180])),
        (91, (180, [180])),
        (90, (90, [180, 90])),
        (31, (90, [180, 90])),
        (30, (30, [180, 90, 30])),
        (1, (30, [180, 90, 30])),
        (0, (30, [180, 90, 30])),  # the end day itself
        (-1, None),
    ],
)
def test_due_thresholds_on_boundary_days(days_left, expected):
    assert reminders.due(day(days_left), TODAY) == expected


def test_181_days_before_end_sends_nothing(agreement, django_capture_on_commit_callbacks):
    run(day(-1), django_capture_on_commit_callbacks)
    assert mail.outbox == [] and logged(agreement) == []


def test_each_threshold_once_over_the_life_of_an_agreement(agreement, django_capture_on_commit_callbacks):
    sent_on = []
    for offset in range(0, 182):  # from 180 days before the end to one day after it
        before = len(mail.outbox)
        run(day(offset), django_capture_on_commit_callbacks)
        if len(mail.outbox) > before:
            sent_on.append(offset)
    # 180 days before the end = day 0, 90 days before = day 90, 30 days before = day 150.
    assert sent_on == [0, 90, 150]
    assert logged(agreement) == [(180, False), (90, False), (30, False)]
    assert [m.to for m in mail.outbox] == [["staf-a@example.org"]] * 3


def test_second_run_on_the_same_day_sends_nothing(agreement, django_capture_on_commit_callbacks):
    first = run(TODAY, django_capture_on_commit_callbacks)
    second = run(TODAY, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert "1 terkirim" in first and "0 terkirim" in second
    assert ReminderSent.objects.count() == 1


def test_mail_is_in_indonesian_with_a_link(agreement, settings, django_capture_on_commit_callbacks):
    settings.HUBAL_SITE_URL = "https://hubal.example"
    run(day(90), django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert message.subject.startswith("[Hubal Jabar] Pengingat 90 hari: kerja sama berakhir dalam 90 hari")
    assert "PKS Universitas Indonesia" in message.body and "perpanjangan" in message.body
    assert "https://hubal.example" + reverse("agencies:agreement-detail", args=[agreement.pk]) in message.body
    assert "https://hubal.example" + reverse("agencies:expiring") in message.body


def test_entered_late_sends_only_the_most_urgent_and_covers_the_rest(
    office_a, staff_a, django_capture_on_commit_callbacks
):
    late = AgreementFactory(office=office_a, start_date=day(-300), end_date=day(20))
    run(TODAY, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1 and "Pengingat 30 hari" in mail.outbox[0].subject
    assert logged(late) == [(180, True), (90, True), (30, False)]
    for offset in range(1, 25):
        run(day(offset), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_between_thresholds_sends_the_crossed_one(office_a, staff_a, django_capture_on_commit_callbacks):
    agreement = AgreementFactory(office=office_a, start_date=day(-10), end_date=day(120))
    run(TODAY, django_capture_on_commit_callbacks)
    assert logged(agreement) == [(180, False)]
    run(day(30), django_capture_on_commit_callbacks)  # exactly 90 days left
    assert logged(agreement) == [(180, False), (90, False)]
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    "kwargs",
    [
        {"end_date": None},  # open-ended
        {"end_date": day(-1)},  # expired yesterday
        {"end_date": day(60), "terminated_on": day(-5), "termination_reason": "Mitra dibubarkan"},
        {"end_date": day(60), "terminated_on": day(10), "termination_reason": "Diakhiri lebih awal"},
        {"start_date": day(5), "end_date": day(60)},  # not yet in force
    ],
)
def test_never_reminded(office_a, staff_a, kwargs, django_capture_on_commit_callbacks):
    kwargs.setdefault("start_date", day(-200))
    AgreementFactory(office=office_a, **kwargs)
    run(TODAY, django_capture_on_commit_callbacks)
    assert mail.outbox == [] and ReminderSent.objects.count() == 0


@pytest.mark.parametrize("state", [V.DRAFT, V.SUBMITTED, V.RETURNED, V.VERIFIED])
def test_every_verification_state_is_reminded(office_a, staff_a, state, django_capture_on_commit_callbacks):
    AgreementFactory(office=office_a, start_date=day(-10), end_date=day(30), verification_status=state)
    run(TODAY, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_renewed_agreement_gets_reminders_again(agreement, django_capture_on_commit_callbacks):
    run(day(150), django_capture_on_commit_callbacks)  # first run with 30 days left: 30 sent, 180 and 90 covered
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["[Hubal Jabar] Pengingat 30 hari"]
    agreement.end_date = day(150 + 365)
    agreement.save()
    run(day(150), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1  # 365 days left: nothing yet
    run(day(150 + 185), django_capture_on_commit_callbacks)  # 180 days before the new end
    assert len(mail.outbox) == 2 and "Pengingat 180 hari" in mail.outbox[1].subject
    assert ReminderSent.objects.filter(agreement=agreement, end_date=agreement.end_date).count() == 1


def test_recipients_are_the_owner_office_staff_only(
    agreement, office_a, staff_b, verifier, leader, django_capture_on_commit_callbacks
):
    UserFactory(username="staf-a2", office=office_a, role=Role.STAFF, email="dua@example.org")
    UserFactory(username="staf-a3", office=office_a, role=Role.STAFF, email="tiga@example.org", is_active=False)
    UserFactory(username="staf-a4", office=office_a, role=Role.STAFF, email="")
    run(TODAY, django_capture_on_commit_callbacks)
    assert mail.outbox[0].to == ["dua@example.org", "staf-a@example.org"]
    assert ReminderSent.objects.get().recipients == "dua@example.org, staf-a@example.org"


def test_province_agreement_goes_to_the_verifiers(province, verifier, leader, django_capture_on_commit_callbacks):
    AgreementFactory(office=province, start_date=day(-10), end_date=day(90))
    run(TODAY, django_capture_on_commit_callbacks)
    assert mail.outbox[0].to == [verifier.email]


def test_office_without_recipients_is_not_logged_and_gets_it_later(office_b, django_capture_on_commit_callbacks):
    agreement = AgreementFactory(office=office_b, start_date=day(-10), end_date=day(100))
    out = run(TODAY, django_capture_on_commit_callbacks)
    assert "tanpa penerima" in out and mail.outbox == [] and logged(agreement) == []
    UserFactory(username="staf-bogor", office=office_b, role=Role.STAFF)
    run(day(1), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1 and logged(agreement) == [(180, False)]


def test_dry_run_sends_and_records_nothing(agreement, django_capture_on_commit_callbacks):
    out = run(TODAY, django_capture_on_commit_callbacks, "--dry-run")
    assert "akan dikirim (uji coba)" in out and "Bawaslu Kota Depok" in out
    assert mail.outbox == [] and ReminderSent.objects.count() == 0


def test_overlapping_run_that_claimed_first_wins(agreement, monkeypatch, django_capture_on_commit_callbacks):
    """Another run inserts the log row after we read the log but before we claim: we skip, no second mail."""
    real_claim = reminders._claim_and_send

    def racing_claim(outcome, crossed):
        ReminderSent.objects.create(agreement=agreement, threshold_days=180, end_date=agreement.end_date)
        real_claim(outcome, crossed)

    monkeypatch.setattr(reminders, "_claim_and_send", racing_claim)
    out = run(TODAY, django_capture_on_commit_callbacks)
    assert "sudah dikirim oleh proses lain" in out
    assert mail.outbox == [] and ReminderSent.objects.count() == 1


def test_the_database_refuses_a_duplicate_log_row(agreement):
    ReminderSent.objects.create(agreement=agreement, threshold_days=90, end_date=agreement.end_date)
    with pytest.raises(IntegrityError):
        ReminderSent.objects.create(agreement=agreement, threshold_days=90, end_date=agreement.end_date)


def test_failed_mail_is_retried_on_the_next_run(agreement, monkeypatch, django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        outcomes = reminders.send_expiry_reminders(today=TODAY)
    assert [o.status for o in outcomes] == ["failed"]
    assert ReminderSent.objects.count() == 0
    monkeypatch.undo()
    run(day(1), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1 and logged(agreement) == [(180, False)]


def test_command_fails_loudly_when_mail_fails(agreement, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    monkeypatch.setattr(reminders.transaction, "on_commit", lambda fn, **kwargs: fn())  # as outside a test
    with pytest.raises(CommandError, match="1 pengingat gagal"):
        call_command("send_expiry_reminders", "--today", TODAY.isoformat(), stdout=StringIO())


def test_command_refuses_a_bad_date():
    with pytest.raises(CommandError, match="Tanggal tidak valid"):
        call_command("send_expiry_reminders", "--today", "2025-02-30", stdout=StringIO())


# The schedule: a timer runs `enqueue_expiry_reminders`, a worker (or, by default, this process) sends them.


def test_schedule_command_runs_the_reminders_task_in_process_by_default(agreement, django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("enqueue_expiry_reminders", "--today", TODAY.isoformat(), stdout=out)
    assert "status SUCCESSFUL" in out.getvalue()
    (message,) = mail.outbox
    assert "PKS Universitas Indonesia" in message.body and logged(agreement) == [(180, False)]


def test_schedule_command_only_queues_with_a_worker_backend(agreement, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    call_command("enqueue_expiry_reminders", "--today", TODAY.isoformat(), stdout=StringIO())
    (queued,) = default_task_backend.results
    assert queued.task.name == "send_expiry_reminders" and queued.args == [TODAY.isoformat()]
    assert mail.outbox == [] and logged(agreement) == []
