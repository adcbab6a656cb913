"""The verification panel partial included by the record detail pages: state, note, actions per role."""

import re

import pytest
from django.template import engines
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from agencies import permissions
from agencies.choices import VerificationStatus as V
from agencies.services.verification import undo_until
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


OLD_URL_LINES = """{% url 'agencies:record-submit' kind record.pk as submit_url %}
{% url 'agencies:record-verify' kind record.pk as verify_url %}
{% url 'agencies:record-return' kind record.pk as return_url %}
{% url 'agencies:record-verification-undo' kind record.pk as undo_url %}
"""


def test_urls_worked_out_only_for_their_actions_change_nothing(staff_a, verifier, leader, office_a, province):
    """The panel reverses an action's URL only for those who may see the action: the same page as when it
    reversed all four up front (each role, each state, the undo window, the note on top or in the panel)."""
    source = get_template("includes/verification_panel.html").template.source
    head = source[source.index("{% if can_edit %}{% url") : source.index("<section")]
    old = engines["django"].from_string(source.replace(head, OLD_URL_LINES))
    new = engines["django"].from_string(source)
    tokens = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    now = timezone.now()
    for office in (office_a, province):
        for state in V:
            record = ActivityFactory(
                office=office, verification_status=state, verified_at=now, verified_by=verifier, return_note="Catat"
            )
            for user in (staff_a, verifier, leader):
                request = RequestFactory().get("/")
                request.user = user
                for note_on_top in (True, False):
                    context = {
                        "record": record,
                        "kind": "activity",
                        "can_edit": permissions.can_edit(user, record),
                        "events": [],
                        "undo_until": undo_until(user, record),
                        "note_on_top": note_on_top,
                    }
                    pages = [tokens.sub("", t.render(context, request)) for t in (old, new)]
                    assert pages[0] == pages[1], (office, state, user)
