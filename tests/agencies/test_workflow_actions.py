"""Single-record verification actions: submit, verify, return (agencies/views/workflow.py)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from agencies.choices import VerificationAction
from agencies.choices import VerificationStatus as V
from agencies.models import Activity, Agreement
from tests.factories import ActivityFactory, AgreementFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")


def _url(name, record):
    kind = "agreement" if isinstance(record, Agreement) else "activity"
    return reverse(f"agencies:{name}", args=[kind, record.pk])


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _status(record):
    return type(record).objects.get(pk=record.pk).verification_status


@pytest.fixture(params=["agreement", "activity"])
def factory(request):
    return AgreementFactory if request.param == "agreement" else ActivityFactory


# Submit ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("side", "expected", "after"),
    [
        ("anonymous", 302, V.DRAFT),
        ("own_office", 302, V.SUBMITTED),
        ("other_office", 404, V.DRAFT),
        ("verifier", 403, V.DRAFT),  # verifies regency records, never edits or submits them
        ("leader", 403, V.DRAFT),
    ],
)
def test_submit_permission_matrix(role_clients, office_a, factory, side, expected, after):
    record = factory(office=office_a)
    response = role_clients[side].post(_url("record-submit", record))
    assert response.status_code == expected
    if side == "anonymous":
        assert response["Location"].startswith(LOGIN)
    assert _status(record) == after


def test_submit_redirects_to_the_record_with_a_message(client_a, office_a):
    activity = ActivityFactory(office=office_a, title="Rapat koordinasi Polres")
    response = client_a.post(_url("record-submit", activity))
    assert response.status_code == 302
    assert response["Location"] == reverse("agencies:activity-detail", args=[activity.pk])
    assert "Kegiatan “Rapat koordinasi Polres” diajukan" in _messages(response)
    assert [e.action for e in activity.verification_events.all()] == [VerificationAction.SUBMIT]


def test_submit_honours_a_local_next_but_not_a_foreign_one(client_a, office_a):
    first, second = ActivityFactory(office=office_a), ActivityFactory(office=office_a)
    response = client_a.post(_url("record-submit", first), {"next": "/masa-berlaku/?within=30"})
    assert response["Location"] == "/masa-berlaku/?within=30"
    response = client_a.post(_url("record-submit", second), {"next": "https://evil.example/"})
    assert "evil" not in response["Location"]


def test_submitting_twice_is_refused_with_a_message(client_a, office_a):
    activity = ActivityFactory(office=office_a, verification_status=V.SUBMITTED)
    response = client_a.post(_url("record-submit", activity))
    assert "Hanya data berstatus draf atau dikembalikan yang dapat diajukan." in _messages(response)
    assert activity.verification_events.count() == 0


def test_verifier_submits_the_province_own_record(client_verifier, province):
    agreement = AgreementFactory(office=province)
    assert client_verifier.post(_url("record-submit", agreement)).status_code == 302
    assert _status(agreement) == V.SUBMITTED


def test_actions_only_accept_post(client_a, client_verifier, office_a):
    activity = ActivityFactory(office=office_a)
    assert client_a.get(_url("record-submit", activity)).status_code == 405
    assert client_verifier.get(_url("record-verify", activity)).status_code == 405
    assert client_verifier.get(_url("record-return", activity)).status_code == 405


def test_unknown_kind_is_not_a_route(client_a, office_a):
    activity = ActivityFactory(office=office_a)
    response = client_a.post(f"/verifikasi/partner/{activity.pk}/ajukan/")
    assert response.status_code == 404


# Verify ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("side", "expected", "after"),
    [
        ("anonymous", 302, V.SUBMITTED),
        ("own_office", 403, V.SUBMITTED),
        ("other_office", 404, V.SUBMITTED),
        ("verifier", 302, V.VERIFIED),
        ("leader", 403, V.SUBMITTED),
    ],
)
def test_verify_permission_matrix(role_clients, office_a, factory, side, expected, after):
    record = factory(office=office_a, verification_status=V.SUBMITTED)
    response = role_clients[side].post(_url("record-verify", record))
    assert response.status_code == expected
    if side == "anonymous":
        assert response["Location"].startswith(LOGIN)
    assert _status(record) == after


def test_verify_a_draft_is_refused(client_verifier, office_a):
    activity = ActivityFactory(office=office_a)
    response = client_verifier.post(_url("record-verify", activity))
    assert "Hanya data yang sedang diajukan" in _messages(response)
    assert _status(activity) == V.DRAFT


def test_verify_records_who_and_when(client_verifier, verifier, office_a):
    activity = ActivityFactory(office=office_a, verification_status=V.SUBMITTED, return_note="lama")
    client_verifier.post(_url("record-verify", activity))
    activity = Activity.objects.get(pk=activity.pk)
    assert activity.verified_by == verifier and activity.verified_at is not None
    assert activity.return_note == ""


# Return ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("side", "expected", "after"),
    [
        ("anonymous", 302, V.SUBMITTED),
        ("own_office", 403, V.SUBMITTED),
        ("other_office", 404, V.SUBMITTED),
        ("verifier", 302, V.RETURNED),
        ("leader", 403, V.SUBMITTED),
    ],
)
def test_return_permission_matrix(role_clients, office_a, factory, side, expected, after):
    record = factory(office=office_a, verification_status=V.SUBMITTED)
    response = role_clients[side].post(_url("record-return", record), {"note": "Lengkapi daftar hadir."})
    assert response.status_code == expected
    assert _status(record) == after


def test_return_without_a_note_changes_nothing(client_verifier, office_a):
    activity = ActivityFactory(office=office_a, verification_status=V.SUBMITTED)
    response = client_verifier.post(_url("record-return", activity), {"note": "   "})
    assert "Catatan pengembalian wajib diisi" in _messages(response)
    assert _status(activity) == V.SUBMITTED
    assert activity.verification_events.count() == 0


def test_returned_then_fixed_and_resubmitted(client_a, client_verifier, office_a):
    activity = ActivityFactory(office=office_a, verification_status=V.SUBMITTED)
    client_verifier.post(_url("record-return", activity), {"note": "Foto kegiatan belum ada."})
    activity = Activity.objects.get(pk=activity.pk)
    assert (activity.verification_status, activity.return_note) == (V.RETURNED, "Foto kegiatan belum ada.")
    client_a.post(_url("record-submit", activity))
    client_verifier.post(_url("record-verify", activity))
    actions = list(activity.verification_events.values_list("action", "note"))
    assert actions == [
        (VerificationAction.RETURN, "Foto kegiatan belum ada."),
        (VerificationAction.SUBMIT, ""),
        (VerificationAction.VERIFY, ""),
    ]
    assert _status(activity) == V.VERIFIED
