"""Deletions leave tombstones in the deleting transaction, and the rows a deletion unlinks count as changed."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from agencies.models import Activity, Agreement, Tombstone
from agencies.services import activity_delete, agreement_delete, evidence_delete, partner_delete
from tests.factories import ActivityFactory, AgreementFactory, EvidenceFactory, PartnerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def _tombstones() -> set[tuple[str, int, str | None]]:
    return {(t.record_type, t.record_id, t.office.code if t.office else None) for t in Tombstone.objects.all()}


def test_activity_delete_leaves_tombstones_for_it_and_its_evidence(staff_a, clock):
    activity = ActivityFactory()
    photos = EvidenceFactory.create_batch(2, activity=activity)
    other = EvidenceFactory()  # another activity's: untouched
    pk = activity.pk
    activity_delete(user=staff_a, activity=activity)
    assert _tombstones() == {
        ("activity", pk, "32.76"),
        ("evidence", photos[0].pk, "32.76"),
        ("evidence", photos[1].pk, "32.76"),
    }
    assert not Tombstone.objects.filter(record_type="evidence", record_id=other.pk).exists()
    assert set(Tombstone.objects.values_list("deleted_at", flat=True)) == {dt.datetime.now(dt.UTC)}


def test_agreement_delete_touches_the_rows_it_unlinks(staff_a, clock):
    agreement = AgreementFactory()
    linked = ActivityFactory(agreement=agreement)
    child = AgreementFactory(parent=agreement)
    unrelated = ActivityFactory()
    before = {obj.pk: (obj.updated_at, obj.version) for obj in (linked, child, unrelated)}
    pk = agreement.pk
    clock.shift(dt.timedelta(minutes=5))
    agreement_delete(user=staff_a, agreement=agreement)
    linked.refresh_from_db()
    child.refresh_from_db()
    unrelated.refresh_from_db()
    assert linked.agreement_id is None and child.parent_id is None
    assert linked.updated_at == child.updated_at == dt.datetime.now(dt.UTC)
    assert (linked.version, child.version) == (before[linked.pk][1] + 1, before[child.pk][1] + 1)
    assert (unrelated.updated_at, unrelated.version) == before[unrelated.pk]
    assert _tombstones() == {("agreement", pk, "32.76")}


def test_evidence_and_partner_deletes_leave_tombstones(staff_a):
    evidence = EvidenceFactory()
    evidence_pk = evidence.pk
    evidence_delete(user=staff_a, evidence=evidence)
    partner = PartnerFactory()  # registered by office A, in use nowhere
    partner_pk = partner.pk
    partner_delete(user=staff_a, partner=partner)
    assert _tombstones() == {("evidence", evidence_pk, "32.76"), ("partner", partner_pk, None)}


def test_refused_or_rolled_back_delete_leaves_no_tombstone(staff_b, staff_a):
    activity, agreement = ActivityFactory(), AgreementFactory()
    with pytest.raises(PermissionDenied):
        activity_delete(user=staff_b, activity=activity)
    with pytest.raises(RuntimeError), transaction.atomic():
        agreement_delete(user=staff_a, agreement=agreement)
        raise RuntimeError("rolled back")
    assert not Tombstone.objects.exists()
    assert Activity.objects.filter(pk=activity.pk).exists() and Agreement.objects.count() == 1
