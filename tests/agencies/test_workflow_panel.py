"""The verification panel partial included by the record detail pages: state, note, actions per role."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from agencies import permissions
from agencies.choices import VerificationStatus as V
from tests.factories import ActivityFactory, AgreementFactory

pytestmark = pytest.mark.django_db


def render_panel(user, record, kind="activity"):
    request = RequestFactory().get("/")
    request.user = user
    context = {"record": record, "kind": kind, "can_edit": permissions.can_edit(user, record), "events": []}
    return render_to_string("includes/verification_panel.html", context, request=request)


def test_staff_can_submit_a_draft(staff_a, office_a):
    activity = ActivityFactory(office=office_a)
    html = render_panel(staff_a, activity)
    assert reverse("agencies:record-submit", args=["activity", activity.pk]) in html
    assert "Ajukan untuk verifikasi" in html
    assert "belum terverifikasi" in html
    assert reverse("agencies:record-verify", args=["activity", activity.pk]) not in html


def test_returned_note_is_prominent_and_resubmittable(staff_a, office_a):
    agreement = AgreementFactory(office=office_a, verification_status=V.RETURNED, return_note="Nomor PKS salah.")
    html = render_panel(staff_a, agreement, kind="agreement")
    assert 'class="wf-return-note" role="alert"' in html
    assert "Nomor PKS salah." in html and "Ajukan kembali" in html
    assert reverse("agencies:record-submit", args=["agreement", agreement.pk]) in html


def test_note_is_escaped(staff_a, office_a):
    activity = ActivityFactory(office=office_a, verification_status=V.RETURNED, return_note="<script>alert(1)</script>")
    html = render_panel(staff_a, activity)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_submitted_record_waits_for_the_verifier(staff_a, office_a):
    activity = ActivityFactory(office=office_a, verification_status=V.SUBMITTED, submitted_at=timezone.now())
    html = render_panel(staff_a, activity)
    assert "Menunggu verifikasi provinsi" in html
    assert 'method="post"' not in html


def test_verifier_gets_verify_and_return_forms(verifier, office_a):
    activity = ActivityFactory(office=office_a, verification_status=V.SUBMITTED)
    html = render_panel(verifier, activity)
    assert reverse("agencies:record-verify", args=["activity", activity.pk]) in html
    assert reverse("agencies:record-return", args=["activity", activity.pk]) in html
    assert 'name="note"' in html and "required" in html
    assert reverse("agencies:record-submit", args=["activity", activity.pk]) not in html


def test_verifier_has_nothing_to_do_on_a_draft(verifier, office_a):
    html = render_panel(verifier, ActivityFactory(office=office_a))
    assert 'method="post"' not in html


@pytest.mark.parametrize("state", [V.DRAFT, V.SUBMITTED, V.RETURNED, V.VERIFIED])
def test_leader_never_gets_an_action(leader, office_a, state):
    html = render_panel(leader, ActivityFactory(office=office_a, verification_status=state, return_note="Catatan"))
    assert 'method="post"' not in html


def test_verified_record_says_it_counts(staff_a, verifier, office_a):
    activity = ActivityFactory(
        office=office_a, verification_status=V.VERIFIED, verified_at=timezone.now(), verified_by=verifier
    )
    html = render_panel(staff_a, activity)
    assert "dihitung dalam pemeringkatan dan LAKIP" in html and "belum terverifikasi" not in html
    assert 'method="post"' not in html


def test_panel_runs_no_query_of_its_own(staff_a, verifier, office_a, django_assert_num_queries):
    """The detail pages own their query budget: the panel reads only what the record already holds."""
    activity = ActivityFactory(
        office=office_a, verification_status=V.VERIFIED, verified_at=timezone.now(), verified_by=verifier
    )
    activity = type(activity).objects.select_related("office").get(pk=activity.pk)
    can_edit = permissions.can_edit(staff_a, activity)
    request = RequestFactory().get("/")
    request.user = staff_a
    context = {"record": activity, "kind": "activity", "can_edit": can_edit, "events": []}
    with django_assert_num_queries(0):
        render_to_string("includes/verification_panel.html", context, request=request)
