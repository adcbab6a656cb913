"""The portal inbox: entries written at the same points as the e-mails, unread count in the header (one
query), mark read / mark all read, permission matrix and query budget."""

import datetime as dt

import pytest
from django.urls import reverse

from agencies import notifications, selectors
from agencies.choices import NotificationTopic, Role
from agencies.choices import VerificationStatus as V
from agencies.models import Notification
from agencies.reminders import send_expiry_reminders
from agencies.services import record_return, record_verify
from tests.factories import ActivityFactory, AgreementFactory, UserFactory
from tests.matrix import LOGIN, check_matrix

pytestmark = pytest.mark.django_db


def _entry(user, **kwargs):
    data = {"topic": NotificationTopic.VERIFIED, "message": "Kegiatan “A” diverifikasi.", "url": "/kegiatan/1/"}
    return Notification.objects.create(recipient=user, **(data | kwargs))


def test_return_and_verify_write_entries_for_the_office_staff(verifier, staff_a, staff_b, office_a):
    colleague = UserFactory(username="staf-a2", office=office_a, role=Role.STAFF, email="")  # no e-mail: inbox still
    activity = ActivityFactory(office=office_a, title="Sosialisasi", verification_status=V.SUBMITTED)
    record_return(user=verifier, record=activity, note="Lengkapi daftar hadir.")
    returned = Notification.objects.filter(topic=NotificationTopic.RETURNED)
    assert sorted(n.recipient.username for n in returned) == [staff_a.username, colleague.username]
    assert returned[0].message == "Kegiatan “Sosialisasi” dikembalikan: Lengkapi daftar hadir."
    assert returned[0].url == reverse("agencies:activity-detail", args=[activity.pk])
    agreement = AgreementFactory(office=office_a, title="PKS Unpak", verification_status=V.SUBMITTED)
    record_verify(user=verifier, record=agreement)
    verified = Notification.objects.filter(topic=NotificationTopic.VERIFIED)
    assert {n.recipient for n in verified} == {staff_a, colleague}
    assert verified[0].message == "Kerja sama “PKS Unpak” diverifikasi."
    assert not Notification.objects.filter(recipient=staff_b).exists()


@pytest.mark.clock(dt.datetime(2025, 6, 16, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))))
def test_expiry_reminder_writes_an_entry_once(staff_a, office_a, django_capture_on_commit_callbacks):
    AgreementFactory(office=office_a, title="MoU Kampus", start_date=dt.date(2024, 1, 1), end_date=dt.date(2025, 7, 15))
    with django_capture_on_commit_callbacks(execute=True):
        send_expiry_reminders(today=dt.date(2025, 6, 16))
        send_expiry_reminders(today=dt.date(2025, 6, 16))
    (entry,) = Notification.objects.filter(topic=NotificationTopic.EXPIRING)
    assert entry.recipient == staff_a
    assert entry.message == "Kerja sama “MoU Kampus” berakhir dalam 29 hari (15-07-2025)."


def test_import_entry_for_the_importer(staff_a):
    notifications.import_done(user=staff_a, kind_label="Kegiatan", created=3, updated=1, url="/kegiatan/")
    (entry,) = Notification.objects.all()
    assert (entry.topic, entry.message) == (
        NotificationTopic.IMPORTED,
        "Impor kegiatan selesai: 3 data baru, 1 data diperbarui.",
    )


def test_header_shows_the_unread_count(client_a, staff_a, staff_b):
    for _ in range(3):
        _entry(staff_a)
    _entry(staff_a, read_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    _entry(staff_b)
    page = client_a.get(reverse("agencies:partner-list")).content.decode()
    assert "data-inbox-unread>3</span>" in page
    assert selectors.unread_count(staff_a) == 3
    # The header's SQL counts the same rows as the inbox's own unread filter, for every user.
    for user in (staff_a, staff_b):
        assert selectors.unread_count(user) == selectors.inbox_entries(user, unread_only=True).count()
    assert selectors.unread_count(staff_b) == 1


def test_mark_one_read_then_open_then_all(client_a, staff_a):
    first, second, third = _entry(staff_a), _entry(staff_a, url="/kerja-sama/9/"), _entry(staff_a)
    response = client_a.post(reverse("agencies:inbox-read", args=[first.pk]))
    assert response["Location"] == reverse("agencies:inbox")
    response = client_a.post(reverse("agencies:inbox-read", args=[second.pk]), {"open": "1"})
    assert response["Location"] == "/kerja-sama/9/"
    assert selectors.unread_count(staff_a) == 1
    client_a.post(reverse("agencies:inbox-read-all"))
    third.refresh_from_db()
    assert third.read_at is not None and selectors.unread_count(staff_a) == 0


def test_open_never_redirects_off_site(client_a, staff_a):
    entry = _entry(staff_a, url="https://jahat.example/")
    response = client_a.post(reverse("agencies:inbox-read", args=[entry.pk]), {"open": "1"})
    assert response["Location"] == reverse("agencies:inbox")


OWN_INBOX = {"anonymous": LOGIN, "own_office": 200, "other_office": 200, "verifier": 200, "leader": 200}


def test_matrix_inbox_pages(role_clients, staff_a):
    check_matrix(role_clients, "get", reverse("agencies:inbox"), OWN_INBOX)
    check_matrix(role_clients, "get", reverse("agencies:inbox") + "?belum=1", OWN_INBOX)


def test_matrix_mark_read_only_ones_own_entry(role_clients, staff_a):
    entry = _entry(staff_a)
    url = reverse("agencies:inbox-read", args=[entry.pk])
    others = {"anonymous": LOGIN, "other_office": 404, "verifier": 404, "leader": 404}
    check_matrix(role_clients, "post", url, others)
    entry.refresh_from_db()
    assert entry.read_at is None
    check_matrix(role_clients, "post", url, {"own_office": 302})
    entry.refresh_from_db()
    assert entry.read_at is not None


def test_matrix_mark_all_read_touches_only_ones_own(role_clients, staff_a, staff_b):
    mine, theirs = _entry(staff_a), _entry(staff_b)
    expected = {"anonymous": LOGIN, "own_office": 302, "verifier": 302, "leader": 302}
    check_matrix(role_clients, "post", reverse("agencies:inbox-read-all"), expected)
    assert Notification.objects.get(pk=mine.pk).read_at is not None
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert role_clients["own_office"].get(reverse("agencies:inbox-read-all")).status_code == 405


@pytest.mark.parametrize("rows", [3, 30])
def test_inbox_query_budget(client_a, staff_a, rows, django_assert_num_queries):
    for n in range(rows):
        _entry(staff_a, message=f"Pesan {n}")
    client_a.get(reverse("agencies:inbox"))
    # 1 session, 2 user, 3 count (paginator), 4 the page's entries, 5 unread count (header, once although the
    # page reads it three times); the user's office comes with the user
    with django_assert_num_queries(5):
        page = client_a.get(reverse("agencies:inbox")).content.decode()
    assert page.count('class="inbox-entry is-unread"') == min(rows, 25)
