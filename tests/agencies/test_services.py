import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agencies import services
from agencies.choices import VerificationAction
from agencies.choices import VerificationStatus as V
from tests.factories import ActivityFactory, AgreementFactory

pytestmark = pytest.mark.django_db


def test_submit_verify_trail(staff_a, verifier, office_a):
    activity = ActivityFactory(office=office_a)
    services.record_submit(user=staff_a, record=activity)
    assert activity.verification_status == V.SUBMITTED
    services.record_verify(user=verifier, record=activity)
    activity.refresh_from_db()
    assert activity.verification_status == V.VERIFIED
    assert activity.verified_by == verifier
    actions = list(activity.verification_events.values_list("action", flat=True))
    assert actions == [VerificationAction.SUBMIT, VerificationAction.VERIFY]


def test_return_needs_a_note_and_shows_it(staff_a, verifier, office_a):
    activity = ActivityFactory(office=office_a)
    services.record_submit(user=staff_a, record=activity)
    with pytest.raises(ValidationError):
        services.record_return(user=verifier, record=activity, note="  ")
    services.record_return(user=verifier, record=activity, note="Lampirkan daftar hadir.")
    activity.refresh_from_db()
    assert activity.verification_status == V.RETURNED
    assert activity.return_note == "Lampirkan daftar hadir."
    services.record_submit(user=staff_a, record=activity)  # fixed and resubmitted
    assert activity.verification_status == V.SUBMITTED


def test_only_verifier_verifies(staff_a, leader, office_a):
    activity = ActivityFactory(office=office_a, verification_status=V.SUBMITTED)
    for user in (staff_a, leader):
        with pytest.raises(PermissionDenied):
            services.record_verify(user=user, record=activity)


def test_staff_of_other_office_cannot_submit(staff_b, office_a):
    activity = ActivityFactory(office=office_a)
    with pytest.raises(PermissionDenied):
        services.record_submit(user=staff_b, record=activity)


def test_editing_a_verified_record_takes_it_back_to_draft(staff_a, office_a):
    activity = ActivityFactory(office=office_a, verification_status=V.VERIFIED)
    services.activity_update(user=staff_a, activity=activity, data={"title": "Judul baru"}, expected_version=1)
    activity.refresh_from_db()
    assert activity.verification_status == V.DRAFT
    assert activity.verified_by is None
    assert activity.verification_events.last().action == VerificationAction.REOPEN


def test_stale_version_refused_and_nothing_overwritten(staff_a, office_a):
    agreement = AgreementFactory(office=office_a, title="Asli")
    services.agreement_update(user=staff_a, agreement=agreement, data={"title": "Pertama"}, expected_version=1)
    stale = AgreementFactory._meta.model.objects.get(pk=agreement.pk)
    stale.version = 1
    with pytest.raises(services.StaleVersionError) as exc:
        services.agreement_update(user=staff_a, agreement=stale, data={"title": "Kedua"}, expected_version=1)
    assert "diubah oleh pengguna lain" in exc.value.messages[0]
    agreement.refresh_from_db()
    assert agreement.title == "Pertama"
    assert agreement.version == 2
