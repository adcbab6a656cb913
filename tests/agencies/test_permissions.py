"""The permission boundary in agencies/permissions.py, and the pages and admin that use it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from agencies import permissions
from agencies.choices import VerificationAction
from agencies.models import Activity, Agreement, Evidence, VerificationEvent
from tests.factories import ActivityFactory, AgreementFactory, EvidenceFactory, PartnerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(office_a, office_b, province):
    return {
        "a_activity": ActivityFactory(office=office_a),
        "b_activity": ActivityFactory(office=office_b),
        "a_agreement": AgreementFactory(office=office_a),
        "b_agreement": AgreementFactory(office=office_b),
        "p_agreement": AgreementFactory(office=province),
    }


def test_staff_see_only_their_office(staff_a, records):
    assert set(permissions.scope_activities(staff_a)) == {records["a_activity"]}
    assert set(permissions.scope_agreements(staff_a)) == {records["a_agreement"]}
    assert list(permissions.visible_offices(staff_a).values_list("code", flat=True)) == ["32.76"]


def test_partner_directory_is_shared(staff_a, staff_b):
    partner = PartnerFactory(registered_by=staff_b.office)
    assert partner in permissions.scope_partners(staff_a)
    assert not permissions.can_edit(staff_a, partner)
    assert permissions.can_edit(staff_b, partner)


def test_verifier_and_leader_see_everything(verifier, leader, records):
    for user in (verifier, leader):
        assert permissions.scope_activities(user).count() == 2
        assert permissions.scope_agreements(user).count() == 3
        assert permissions.visible_offices(user).count() == 28


def test_anonymous_sees_nothing(records):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not permissions.scope_activities(anonymous).exists()
    assert not permissions.scope_partners(anonymous).exists()


def test_evidence_scoped_like_its_office(staff_a, staff_b, office_a):
    evidence = EvidenceFactory(activity=ActivityFactory(office=office_a))
    assert list(permissions.scope_evidence(staff_a)) == [evidence]
    assert not permissions.scope_evidence(staff_b).exists()


def test_get_for_user_gives_404_to_outsiders_and_403_to_readers(staff_a, staff_b, leader, verifier, records):
    pk = records["a_activity"].pk
    assert permissions.get_for_user(staff_a, Activity.objects.all(), pk=pk, change=True) == records["a_activity"]
    with pytest.raises(Http404):
        permissions.get_for_user(staff_b, Activity.objects.all(), pk=pk)
    assert permissions.get_for_user(leader, Activity.objects.all(), pk=pk) == records["a_activity"]
    with pytest.raises(PermissionDenied):
        permissions.get_for_user(leader, Activity.objects.all(), pk=pk, change=True)
    # The verifier verifies regency records but does not edit them; the province's own records, yes.
    with pytest.raises(PermissionDenied):
        permissions.get_for_user(verifier, Activity.objects.all(), pk=pk, change=True)
    assert permissions.get_for_user(verifier, Agreement.objects.all(), pk=records["p_agreement"].pk, change=True)


def test_create_rights(staff_a, verifier, leader, office_a, office_b, province):
    assert permissions.can_create_in(staff_a, office_a)
    assert not permissions.can_create_in(staff_a, office_b)
    assert permissions.can_create_in(verifier, province)
    assert not permissions.can_create_in(verifier, office_a)
    assert not permissions.can_create_in(leader, province)


def test_scope_dispatches_by_model(staff_a, records):
    own = EvidenceFactory(activity=records["a_activity"])
    EvidenceFactory(activity=records["b_activity"])
    assert list(permissions.scope(staff_a, Evidence.objects.all())) == [own]
    assert list(permissions.scope(staff_a, Agreement.objects.all())) == [records["a_agreement"]]


def _every_side(staff_a, staff_b, verifier, leader):
    from django.contrib.auth.models import AnonymousUser

    pending = UserFactory(username="tanpa-peran", role="", office=staff_a.office)
    inactive = UserFactory(username="nonaktif", office=staff_a.office, is_active=False)
    return [staff_a, staff_b, verifier, leader, AnonymousUser(), pending, inactive]


def test_in_scope_decides_like_the_scoped_querysets(staff_a, staff_b, verifier, leader, records):
    """The detail pages decide from the object already read; the answer is the scoped queryset's."""
    evidence = EvidenceFactory(activity=records["a_activity"])
    for user in _every_side(staff_a, staff_b, verifier, leader):
        for obj in [*records.values(), evidence]:
            scoped = permissions.scope(user, type(obj).objects.filter(pk=obj.pk)).exists()
            assert permissions.in_scope(user, obj) is scoped, (user, obj)


def test_a_records_events_are_scoped_with_it(staff_a, staff_b, verifier, leader, records):
    """A record page shows the record's verification events when the record is in scope (`in_scope`):
    `scope_verification_events` keeps all of them or none."""
    for record in records.values():
        VerificationEvent.objects.create(**{record.record_kind: record}, action=VerificationAction.SUBMIT)
    for user in _every_side(staff_a, staff_b, verifier, leader):
        for record in records.values():
            events = VerificationEvent.objects.filter(**{record.record_kind: record})
            scoped = set(permissions.scope_verification_events(user, events))
            assert scoped == (set(events) if permissions.in_scope(user, record) else set()), (user, record)


# Pages -------------------------------------------------------------------------------------------


def test_home_requires_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("side", "activities_seen"),
    [("own_office", 1), ("other_office", 1), ("verifier", 2), ("leader", 2)],
)
def test_home_counts_follow_the_boundary(role_clients, records, side, activities_seen):
    response = role_clients[side].get(reverse("home"))
    assert response.status_code == 200
    assert response.context["counts"]["activities"]["total"] == activities_seen


def test_home_shows_office_and_role(client_a):
    html = client_a.get(reverse("home")).content.decode()
    assert "Bawaslu Kota Depok" in html
    assert "Staf Hubal kab/kota" in html


def test_login_page_in_indonesian(client):
    html = client.get(reverse("login")).content.decode()
    assert "Nama pengguna" in html and "Kata sandi" in html


# Admin -------------------------------------------------------------------------------------------


@pytest.fixture
def admin_staff_a(staff_a):
    """A regency staff member who was given admin access still only sees their office."""
    staff_a.is_staff = True
    staff_a.save()
    from django.test import Client

    client = Client()
    client.force_login(staff_a, backend="accounts.backends.ModelBackend")
    return client


def test_admin_list_scoped_for_staff(admin_staff_a, records):
    response = admin_staff_a.get(reverse("admin:agencies_activity_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [records["a_activity"]]


def test_admin_other_office_record_hidden(admin_staff_a, records):
    url = reverse("admin:agencies_activity_change", args=[records["b_activity"].pk])
    response = admin_staff_a.get(url)
    # Django admin redirects to the index with a "does not exist" message for objects outside the queryset.
    assert response.status_code == 302


def test_admin_leader_cannot_change(leader, client_leader, records):
    leader.is_staff = True
    leader.save()
    client = client_leader  # signed in with the second factor, which the leader role requires
    url = reverse("admin:agencies_activity_change", args=[records["a_activity"].pk])
    assert client.get(url).status_code == 200  # view only
    response = client.post(url, {"title": "diubah"})
    assert response.status_code == 403
    records["a_activity"].refresh_from_db()
    assert records["a_activity"].title != "diubah"


def test_admin_anonymous_redirected_to_login(client):
    response = client.get(reverse("admin:agencies_activity_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_citable_agreements_adds_only_verified_province_agreements(staff_a, staff_b, records, province):
    verified_national = AgreementFactory(office=province, verification_status="verified")
    citable = set(permissions.citable_agreements(staff_a))
    assert citable == {records["a_agreement"], verified_national}
    assert records["p_agreement"] not in citable  # a province draft stays private
    assert records["b_agreement"] not in citable
    assert verified_national not in permissions.scope_agreements(staff_a)  # cite, not open


def test_admin_reminder_log_scoped_and_read_only(admin_staff_a, records, office_a):
    from agencies.models import ReminderSent

    own = ReminderSent.objects.create(
        agreement=records["a_agreement"], threshold_days=90, end_date=records["a_agreement"].end_date
    )
    ReminderSent.objects.create(
        agreement=records["b_agreement"], threshold_days=90, end_date=records["b_agreement"].end_date
    )
    response = admin_staff_a.get(reverse("admin:agencies_remindersent_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [own]
    assert admin_staff_a.get(reverse("admin:agencies_remindersent_add")).status_code == 403


@pytest.mark.parametrize("model", ["partner", "agreement", "activity", "evidence", "verificationevent", "office"])
def test_admin_changelists_for_every_model(admin_staff_a, records, model):
    assert admin_staff_a.get(reverse(f"admin:agencies_{model}_changelist")).status_code == 200


def test_admin_import_batches_scoped_and_read_only(admin_staff_a, office_a, office_b):
    from agencies.models import ImportBatch

    own = ImportBatch.objects.create(office=office_a, record_kind="activity", file_name="a.xlsx")
    ImportBatch.objects.create(office=office_b, record_kind="activity", file_name="b.xlsx")
    response = admin_staff_a.get(reverse("admin:agencies_importbatch_changelist"))
    assert list(response.context["cl"].queryset) == [own]
    assert (
        admin_staff_a.post(reverse("admin:agencies_importbatch_delete", args=[own.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert ImportBatch.objects.filter(pk=own.pk).exists()
