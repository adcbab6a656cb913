"""Bulk submit (from the lists) and bulk verify (from the queue), with foreign ids mixed in."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from agencies.choices import VerificationStatus as V
from agencies.models import Activity, Agreement, VerificationEvent
from agencies.services import verification
from tests.factories import ActivityFactory, AgreementFactory

pytestmark = pytest.mark.django_db

BULK_SUBMIT = reverse("agencies:bulk-submit")
BULK_VERIFY = reverse("agencies:bulk-verify")


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _statuses(model, records) -> list[str]:
    by_pk = dict(model.objects.filter(pk__in=[r.pk for r in records]).values_list("pk", "verification_status"))
    return [by_pk[r.pk] for r in records]


@pytest.fixture
def mixed(office_a, office_b):
    """Three drafts/returned of office A, one submitted of A (wrong state), one draft of office B (foreign)."""
    return {
        "ok": [
            ActivityFactory(office=office_a),
            ActivityFactory(office=office_a),
            ActivityFactory(office=office_a, verification_status=V.RETURNED, return_note="Perbaiki"),
        ],
        "wrong_state": ActivityFactory(office=office_a, verification_status=V.SUBMITTED),
        "foreign": ActivityFactory(office=office_b),
    }


def _ids(mixed, *extra):
    return [str(a.pk) for a in mixed["ok"]] + [str(mixed["wrong_state"].pk), str(mixed["foreign"].pk), *extra]


# Bulk submit -------------------------------------------------------------------------------------


def test_bulk_submit_changes_only_own_submittable_records(client_a, mixed):
    response = client_a.post(BULK_SUBMIT, {"kind": "activity", "ids": _ids(mixed)})
    assert response.status_code == 302
    assert _messages(response).startswith("3 diajukan, 2 dilewati")
    assert _statuses(Activity, mixed["ok"]) == [V.SUBMITTED] * 3
    assert _statuses(Activity, [mixed["foreign"]]) == [V.DRAFT]
    assert VerificationEvent.objects.filter(activity=mixed["foreign"]).count() == 0
    assert VerificationEvent.objects.filter(activity=mixed["wrong_state"]).count() == 0


def test_bulk_submit_counts_unknown_ids_as_skipped(client_a, mixed):
    response = client_a.post(BULK_SUBMIT, {"kind": "activity", "ids": [str(mixed["ok"][0].pk), "999999"]})
    assert _messages(response).startswith("1 diajukan, 1 dilewati")


def test_bulk_submit_duplicate_ids_count_once(client_a, mixed):
    pk = str(mixed["ok"][0].pk)
    response = client_a.post(BULK_SUBMIT, {"kind": "activity", "ids": [pk, pk]})
    assert _messages(response) == "1 diajukan, 0 dilewati."


def test_bulk_submit_agreements(client_a, office_a, office_b):
    own = [AgreementFactory(office=office_a) for _ in range(2)]
    foreign = AgreementFactory(office=office_b)
    ids = [a.pk for a in own] + [foreign.pk]
    response = client_a.post(BULK_SUBMIT, {"kind": "agreement", "ids": ids, "next": "/masa-berlaku/"})
    assert response["Location"] == "/masa-berlaku/"
    assert _messages(response).startswith("2 diajukan, 1 dilewati")
    assert _statuses(Agreement, [*own, foreign]) == [V.SUBMITTED, V.SUBMITTED, V.DRAFT]


@pytest.mark.parametrize(
    ("side", "expected", "submitted"),
    [
        ("anonymous", 302, 0),
        ("own_office", 302, 3),
        ("other_office", 302, 1),  # only its own foreign draft; office A's records never change
        ("verifier", 302, 0),  # regency records are not the verifier's to submit
        ("leader", 403, 0),
    ],
)
def test_bulk_submit_permission_matrix(role_clients, mixed, side, expected, submitted):
    response = role_clients[side].post(BULK_SUBMIT, {"kind": "activity", "ids": _ids(mixed)})
    assert response.status_code == expected
    if side == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    assert _statuses(Activity, mixed["ok"]).count(V.SUBMITTED) == (3 if side == "own_office" else 0)
    assert Activity.objects.filter(verification_status=V.SUBMITTED).count() == 1 + submitted


@pytest.mark.parametrize(
    "data",
    [{"kind": "activity"}, {"kind": "partner", "ids": ["1"]}, {"kind": "activity", "ids": ["1; DROP TABLE"]}],
)
def test_bulk_submit_rejects_bad_input_without_changes(client_a, mixed, data):
    response = client_a.post(BULK_SUBMIT, data)
    assert response.status_code == 302
    assert _messages(response)
    assert Activity.objects.filter(verification_status=V.SUBMITTED).count() == 1


def test_bulk_submit_is_all_or_nothing(client_a, mixed, monkeypatch):
    """A failure half-way rolls back the records already submitted in the same request."""
    calls = []
    real_submit = verification._submit

    def flaky(user, record):
        calls.append(record.pk)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real_submit(user, record)

    monkeypatch.setattr(verification, "_submit", flaky)
    client_a.raise_request_exception = False
    response = client_a.post(BULK_SUBMIT, {"kind": "activity", "ids": _ids(mixed)})
    assert response.status_code == 500
    assert _statuses(Activity, mixed["ok"]) == [V.DRAFT, V.DRAFT, V.RETURNED]
    assert VerificationEvent.objects.count() == 0


# Bulk verify -------------------------------------------------------------------------------------


@pytest.fixture
def queue(office_a, office_b):
    return {
        "a": [ActivityFactory(office=office_a, verification_status=V.SUBMITTED) for _ in range(2)],
        "b": ActivityFactory(office=office_b, verification_status=V.SUBMITTED),
        "draft": ActivityFactory(office=office_a),
    }


def _queue_ids(queue):
    return [q.pk for q in queue["a"]] + [queue["b"].pk, queue["draft"].pk]


@pytest.mark.parametrize(
    ("side", "expected", "verified"),
    [("anonymous", 302, 0), ("own_office", 403, 0), ("other_office", 403, 0), ("verifier", 302, 3), ("leader", 403, 0)],
)
def test_bulk_verify_permission_matrix(role_clients, queue, side, expected, verified):
    response = role_clients[side].post(BULK_VERIFY, {"kind": "activity", "ids": _queue_ids(queue)})
    assert response.status_code == expected
    assert Activity.objects.filter(verification_status=V.VERIFIED).count() == verified


def test_bulk_verify_skips_drafts_and_reports(client_verifier, queue):
    response = client_verifier.post(BULK_VERIFY, {"kind": "activity", "ids": [*_queue_ids(queue), 424242]})
    assert response["Location"] == reverse("agencies:verification-queue")
    assert _messages(response).startswith("3 diverifikasi, 2 dilewati")
    assert _statuses(Activity, [queue["draft"]]) == [V.DRAFT]


def test_bulk_verify_returns_to_the_filtered_queue(client_verifier, queue):
    next_url = reverse("agencies:verification-queue") + "?office=32.76&kind=activity"
    response = client_verifier.post(BULK_VERIFY, {"kind": "activity", "ids": [queue["b"].pk], "next": next_url})
    assert response["Location"] == next_url


def test_bulk_verify_nothing_selected_warns(client_verifier, queue):
    response = client_verifier.post(BULK_VERIFY, {"kind": "activity"})
    assert "Pilih minimal satu data." in _messages(response)
    assert Activity.objects.filter(verification_status=V.VERIFIED).count() == 0


def test_bulk_verify_service_refuses_non_verifiers(staff_a, leader, queue):
    from django.core.exceptions import PermissionDenied

    for user in (staff_a, leader):
        with pytest.raises(PermissionDenied):
            verification.bulk_verify(user=user, kind="activity", ids=_queue_ids(queue))
