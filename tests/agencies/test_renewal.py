"""Renewal ("Perpanjang"): the new agreement prefilled and linked to the old one, the chain on both pages, and
no more reminders or expiring-page rows for an agreement that has been renewed."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from agencies import reminders
from agencies.models import Agreement
from agencies.services.agreements import agreement_renew
from tests.factories import AgreementFactory, PartnerFactory
from tests.matrix import LOGIN, check_matrix

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

TODAY = dt.date(2025, 6, 16)  # the fixed clock


@pytest.fixture
def expiring(office_a, staff_a):
    """Ends in 45 days (status "akan berakhir"), two years long, with two partners and a signatory."""
    return AgreementFactory(
        office=office_a,
        kind="pks",
        title="PKS pengawasan bersama Universitas Indonesia",
        number="001/PKS/2023",
        start_date=dt.date(2023, 7, 31),
        end_date=dt.date(2025, 7, 31),
        focus_areas=["prevention"],
        signatories="Ketua Bawaslu Kota Depok; Rektor UI",
        partners=[PartnerFactory(name="Universitas Indonesia"), PartnerFactory(name="Polres Depok")],
    )


def renew_post(agreement, **overrides) -> dict:
    data = {
        "kind": "pks",
        "title": agreement.title,
        "number": "002/PKS/2025",
        "partners": [p.pk for p in agreement.partners.all()],
        "focus_areas": ["prevention"],
        "start_date": "2025-08-01",
        "end_date": "2027-08-01",
        "evidence_kind": "signed_document",
    }
    return {**data, **overrides}


def test_renewal_defaults_start_the_day_after_and_last_as_long(expiring):
    defaults = expiring.renewal_defaults()
    assert (defaults["start_date"], defaults["end_date"]) == (dt.date(2025, 8, 1), dt.date(2027, 8, 1))
    assert defaults["title"] == expiring.title and defaults["kind"] == "pks"
    assert sorted(defaults["partners"]) == sorted(expiring.partners.values_list("pk", flat=True))
    assert "number" not in defaults  # a new document gets a new number


def test_the_form_is_prefilled(client_a, expiring):
    response = client_a.get(reverse("agencies:agreement-renew", args=[expiring.pk]))
    form = response.context["form"]
    assert form["start_date"].value() == dt.date(2025, 8, 1)
    assert form["signatories"].value() == "Ketua Bawaslu Kota Depok; Rektor UI"
    assert (
        "Perpanjangan dari <strong>PKS pengawasan bersama Universitas Indonesia</strong>" in response.content.decode()
    )


def test_saving_links_both_and_shows_the_chain(client_a, expiring):
    response = client_a.post(reverse("agencies:agreement-renew", args=[expiring.pk]), renew_post(expiring))
    renewal = Agreement.objects.get(renewal_of=expiring)
    assert response["Location"] == renewal.detail_url()
    assert (renewal.office, renewal.number, renewal.verification_status) == (expiring.office, "002/PKS/2025", "draft")
    new_page = client_a.get(renewal.detail_url()).content.decode()
    assert "Perpanjangan dari" in new_page and reverse("agencies:agreement-detail", args=[expiring.pk]) in new_page
    old_page = client_a.get(expiring.detail_url()).content.decode()
    assert "Sudah diperpanjang" in old_page and renewal.detail_url() in old_page
    assert reverse("agencies:agreement-renew", args=[expiring.pk]) not in old_page  # no second offer


def test_perpanjang_is_offered_only_when_expiring_or_expired(client_a, office_a, expiring):
    url = reverse("agencies:agreement-renew", args=[expiring.pk])
    assert url in client_a.get(expiring.detail_url()).content.decode()
    active = AgreementFactory(office=office_a, start_date=dt.date(2025, 1, 1), end_date=dt.date(2027, 1, 1))
    assert (
        reverse("agencies:agreement-renew", args=[active.pk]) not in client_a.get(active.detail_url()).content.decode()
    )


def test_a_renewed_agreement_sends_the_user_to_its_renewal(client_a, expiring):
    client_a.post(reverse("agencies:agreement-renew", args=[expiring.pk]), renew_post(expiring))
    again = client_a.get(reverse("agencies:agreement-renew", args=[expiring.pk]))
    assert again["Location"] == Agreement.objects.get(renewal_of=expiring).detail_url()
    assert Agreement.objects.count() == 2


def test_matrix(role_clients, expiring):
    url = reverse("agencies:agreement-renew", args=[expiring.pk])
    expected = {"anonymous": LOGIN, "own_office": 200, "other_office": 404, "verifier": 403, "leader": 403}
    check_matrix(role_clients, "get", url, expected)
    check_matrix(role_clients, "post", url, {**expected, "own_office": 302}, renew_post(expiring))
    assert Agreement.objects.filter(renewal_of=expiring).count() == 1  # only the owner's post created one


def test_a_terminated_agreement_cannot_be_renewed(client_a, staff_a, expiring):
    expiring.terminated_on, expiring.termination_reason = dt.date(2025, 6, 1), "Mitra bubar"
    expiring.save()
    assert client_a.get(reverse("agencies:agreement-renew", args=[expiring.pk])).status_code == 403
    with pytest.raises(Exception, match="tidak dapat diperpanjang"):
        agreement_renew(user=staff_a, previous=expiring, data={}, partners=[])


def test_reminders_stop_once_renewed(client_a, expiring, django_capture_on_commit_callbacks):
    assert list(reminders.candidates(TODAY)) == [expiring]
    client_a.post(reverse("agencies:agreement-renew", args=[expiring.pk]), renew_post(expiring))
    assert list(reminders.candidates(TODAY)) == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_expiry_reminders", "--today", TODAY.isoformat(), stdout=StringIO())
    assert mail.outbox == []


def test_the_expiring_page_leaves_renewed_agreements_out(client_a, office_a, expiring):
    other = AgreementFactory(
        office=office_a, title="MoU lain", start_date=dt.date(2024, 1, 1), end_date=dt.date(2025, 8, 1)
    )
    client_a.post(reverse("agencies:agreement-renew", args=[expiring.pk]), renew_post(expiring))
    page = client_a.get(reverse("agencies:expiring")).content.decode()
    assert other.title in page and expiring.title not in page
    assert reverse("agencies:agreement-renew", args=[other.pk]) in page
