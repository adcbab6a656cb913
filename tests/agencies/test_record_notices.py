"""Notices on records: the latest return note on top of a returned record and of its form; an activity citing
an agreement that is not verified yet (form, detail, verifier's queue); dates limited to today; badges that say
what they mean."""

import datetime as dt

import pytest
from django.urls import reverse

from agencies.choices import VerificationStatus as V
from agencies.dates import MSG_NOT_IN_FUTURE
from tests.factories import ActivityFactory, AgreementFactory

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

NOTE = "Daftar hadir belum dilampirkan."


@pytest.fixture
def returned(office_a):
    return ActivityFactory(office=office_a, verification_status=V.RETURNED, return_note=NOTE)


def test_return_note_on_top_of_the_record_and_its_form(client_a, returned):
    detail = client_a.get(returned.detail_url()).content.decode()
    top = detail.index('id="catatan-pengembalian"')
    assert top < detail.index("Data kegiatan") and NOTE in detail[top : top + 600]
    assert detail.count(NOTE) == 1  # not repeated in the verification panel, which links to it
    assert 'href="#catatan-pengembalian"' in detail
    form = client_a.get(reverse("agencies:activity-edit", args=[returned.pk])).content.decode()
    assert NOTE in form and form.index(NOTE) < form.index('<form method="post" enctype')
    assert "Ajukan kembali" in form


def test_return_note_disappears_once_resubmitted(client_a, returned):
    client_a.post(reverse("agencies:record-submit", args=["activity", returned.pk]))
    returned.refresh_from_db()
    assert returned.verification_status == V.SUBMITTED
    assert 'id="catatan-pengembalian"' not in client_a.get(returned.detail_url()).content.decode()
    edit = client_a.get(reverse("agencies:activity-edit", args=[returned.pk])).content.decode()
    assert NOTE not in edit


def test_the_verifier_sees_the_note_on_top_too(client_verifier, returned):
    page = client_verifier.get(returned.detail_url()).content.decode()
    assert NOTE in page and "Menunggu perbaikan dari kantor." in page


def test_activity_form_warns_about_a_draft_agreement(client_a, office_a):
    draft = AgreementFactory(office=office_a, title="PKS masih draf")
    verified = AgreementFactory(office=office_a, title="PKS sah", verification_status=V.VERIFIED)
    page = client_a.get(reverse("agencies:activity-create"), {"agreement": draft.pk}).content.decode()
    assert "Kerja sama yang dipilih belum terverifikasi" in page
    assert "data-agreement-warning hidden" not in page
    assert 'data-unverified="Draf">PKS masih draf' in page
    assert f'<option value="{verified.pk}">PKS sah' in page
    clean = client_a.get(reverse("agencies:activity-create"), {"agreement": verified.pk}).content.decode()
    assert "data-agreement-warning hidden" in clean


def test_activity_detail_says_what_to_do(client_a, client_verifier, office_a):
    draft = AgreementFactory(office=office_a)
    activity = ActivityFactory(office=office_a, agreement=draft)
    assert "ajukan juga kerja sama itu untuk verifikasi" in client_a.get(activity.detail_url()).content.decode()
    page = client_verifier.get(activity.detail_url()).content.decode()
    assert "verifikasi kerja samanya lebih dulu, atau kembalikan kegiatan ini dengan catatan" in page


def test_queue_warns_the_verifier(client_verifier, office_a):
    draft = AgreementFactory(office=office_a)
    warned = ActivityFactory(office=office_a, agreement=draft, verification_status=V.SUBMITTED, title="Kegiatan A")
    ok = AgreementFactory(office=office_a, verification_status=V.VERIFIED)
    ActivityFactory(office=office_a, agreement=ok, verification_status=V.SUBMITTED, title="Kegiatan B")
    response = client_verifier.get(reverse("agencies:verification-queue"))
    rows = {row.title: getattr(row, "agreement_verification", None) for row in response.context["rows"]}
    assert rows["Kegiatan A"] == V.DRAFT and rows["Kegiatan B"] == V.VERIFIED
    page = response.content.decode()
    assert page.count("Kerja sama yang dikutip belum terverifikasi") == 1
    assert reverse("agencies:agreement-detail", args=[draft.pk]) in page
    assert warned.title in page


def test_activity_dates_are_limited_to_today(client_a):
    form = client_a.get(reverse("agencies:activity-create")).content.decode()
    assert form.count('max="2025-06-16"') == 2


def test_one_message_for_future_dates(client_a, office_a):
    activity = ActivityFactory.build(office=office_a, start_date=dt.date(2025, 6, 1), end_date=dt.date(2025, 7, 1))
    with pytest.raises(Exception) as error:
        activity.full_clean(exclude=["partners"])
    assert error.value.message_dict["end_date"] == [MSG_NOT_IN_FUTURE]


def test_badges_say_what_they_mean(client_a, office_a):
    agreement = AgreementFactory(office=office_a, start_date=dt.date(2025, 1, 1), end_date=dt.date(2027, 1, 1))
    page = client_a.get(agreement.detail_url()).content.decode()
    assert 'Masa berlaku:</span> <span class="badge badge-active" title="Status masa berlaku' in page
    assert 'Verifikasi:</span> <span class="badge badge-draft" title="Status verifikasi oleh provinsi' in page
    assert page.count('class="badge-pair"') == 2
    listing = client_a.get(reverse("agencies:agreement-list")).content.decode()
    assert "Masa berlaku" in listing and 'title="Status verifikasi oleh provinsi' in listing
