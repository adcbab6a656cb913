"""Undoing a verification: only the verifier who verified, within UNDO_MINUTES, while no ranking published since
counts the record; the trail keeps both events; the queue and the record page offer the button."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from agencies.choices import Role, VerificationAction
from agencies.choices import VerificationStatus as V
from agencies.models import VerificationEvent
from agencies.services import verification as services
from reports.ranking.selectors import Period
from reports.ranking.services import ranking_publish
from tests.factories import ActivityFactory, AgreementFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

LOGIN = reverse("login")
QUEUE = reverse("agencies:verification-queue")


def _undo_url(record) -> str:
    return reverse("agencies:record-verification-undo", args=[record.record_kind, record.pk])


@pytest.fixture(params=["agreement", "activity"])
def verified(request, office_a, verifier):
    factory = AgreementFactory if request.param == "agreement" else ActivityFactory
    record = factory(office=office_a, verification_status=V.SUBMITTED, submitted_at=timezone.now())
    services.record_verify(user=verifier, record=record)
    return record


def _status(record):
    return type(record).objects.get(pk=record.pk).verification_status


@pytest.mark.parametrize(
    ("side", "expected", "after"),
    [
        ("anonymous", 302, V.VERIFIED),
        ("own_office", 403, V.VERIFIED),
        ("other_office", 404, V.VERIFIED),
        ("verifier", 302, V.SUBMITTED),  # the verifier who verified it
        ("leader", 403, V.VERIFIED),
    ],
)
def test_undo_permission_matrix(role_clients, verified, side, expected, after):
    response = role_clients[side].post(_undo_url(verified))
    assert response.status_code == expected
    if side == "anonymous":
        assert response["Location"].startswith(LOGIN)
    assert _status(verified) == after


def test_undo_is_post_only(client_verifier, verified):
    assert client_verifier.get(_undo_url(verified)).status_code == 405


def test_undo_puts_the_record_back_in_the_queue_and_the_trail_keeps_both(client_verifier, verified, verifier):
    response = client_verifier.post(_undo_url(verified), {"next": QUEUE})
    assert response["Location"] == QUEUE
    record = type(verified).objects.get(pk=verified.pk)
    assert (record.verification_status, record.verified_at, record.verified_by) == (V.SUBMITTED, None, None)
    events = VerificationEvent.objects.filter(**{verified.record_kind: verified}).order_by("pk")
    assert [(e.action, e.actor) for e in events] == [
        (VerificationAction.VERIFY, verifier),
        (VerificationAction.UNDO, verifier),
    ]
    page = client_verifier.get(verified.detail_url()).content.decode()
    assert "Diverifikasi" in page and "Verifikasi dibatalkan" in page
    assert [r.pk for r in client_verifier.get(QUEUE).context["rows"]] == [verified.pk]


def test_another_verifier_cannot_undo(verified, province):
    other = UserFactory(username="verif-2", role=Role.VERIFIER, office=province)
    with pytest.raises(ValidationError) as error:
        services.record_verification_undo(user=other, record=verified)
    assert error.value.messages == [services.MSG_UNDO_NOT_YOURS]
    assert _status(verified) == V.VERIFIED


def test_staff_cannot_call_the_service(verified, staff_a):
    with pytest.raises(PermissionDenied):
        services.record_verification_undo(user=staff_a, record=verified)


def test_undo_window_is_inclusive_of_its_last_minute_then_closes(verified, verifier, clock):
    clock.shift(dt.timedelta(minutes=services.UNDO_MINUTES, seconds=1))
    with pytest.raises(ValidationError) as error:
        services.record_verification_undo(user=verifier, record=verified)
    assert error.value.messages == [services.MSG_UNDO_TOO_LATE]
    assert _status(verified) == V.VERIFIED


def test_undo_at_the_last_second_still_works(verified, verifier, clock):
    clock.shift(dt.timedelta(minutes=services.UNDO_MINUTES))
    services.record_verification_undo(user=verifier, record=verified)
    assert _status(verified) == V.SUBMITTED


def test_undo_of_a_record_that_is_not_verified_is_refused(office_a, verifier):
    record = ActivityFactory(office=office_a, verification_status=V.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        services.record_verification_undo(user=verifier, record=record)
    assert error.value.messages == [services.MSG_UNDO_NOT_VERIFIED]


def test_a_ranking_published_since_blocks_the_undo(client_verifier, verified, verifier, clock):
    clock.shift(dt.timedelta(minutes=2))
    today = timezone.localdate()
    ranking_publish(user=verifier, period=Period.for_year(today.year))
    response = client_verifier.post(_undo_url(verified))
    assert response.status_code == 302
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert f"peringkat Tahun {today.year} telah diterbitkan" in text
    assert _status(verified) == V.VERIFIED


def test_a_ranking_of_another_period_does_not_block(verified, verifier, clock):
    clock.shift(dt.timedelta(minutes=2))
    ranking_publish(user=verifier, period=Period.for_year(timezone.localdate().year - 3))
    services.record_verification_undo(user=verifier, record=verified)
    assert _status(verified) == V.SUBMITTED


def test_record_page_offers_the_undo_to_the_verifier_who_verified_only(client_verifier, client_leader, verified):
    page = client_verifier.get(verified.detail_url()).content.decode()
    assert _undo_url(verified) in page
    assert "sampai pukul 09:10 WIB" in page  # verified at FROZEN_AT, 09:00 WIB, + 10 minutes
    assert _undo_url(verified) not in client_leader.get(verified.detail_url()).content.decode()


def test_record_page_hides_the_undo_after_the_window(client_verifier, verified, clock):
    clock.shift(dt.timedelta(minutes=services.UNDO_MINUTES + 1))
    assert _undo_url(verified) not in client_verifier.get(verified.detail_url()).content.decode()


def test_queue_lists_what_the_verifier_just_verified_with_undo(client_verifier, verified, clock):
    response = client_verifier.get(QUEUE)
    assert [r.pk for r in response.context["recent"]] == [verified.pk]
    assert _undo_url(verified) in response.content.decode()
    clock.shift(dt.timedelta(minutes=services.UNDO_MINUTES + 1))
    assert client_verifier.get(QUEUE).context["recent"] == []


def test_bulk_verified_records_can_each_be_undone(client_verifier, verifier, office_a):
    records = [ActivityFactory(office=office_a, verification_status=V.SUBMITTED) for _ in range(3)]
    services.bulk_verify(user=verifier, kind="activity", ids=[r.pk for r in records])
    assert {r.pk for r in client_verifier.get(QUEUE).context["recent"]} == {r.pk for r in records}
    client_verifier.post(_undo_url(records[1]))
    assert [_status(r) for r in records] == [V.VERIFIED, V.SUBMITTED, V.VERIFIED]


def test_bulk_verify_asks_for_a_confirmation(client_verifier, office_a):
    ActivityFactory(office=office_a, verification_status=V.SUBMITTED)
    page = client_verifier.get(QUEUE).content.decode()
    assert 'data-confirm="Verifikasi semua kegiatan yang dipilih?"' in page
