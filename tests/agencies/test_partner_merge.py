"""Merging a duplicate partner into the one kept: service, page, permission matrix, query budget, and the
places that must still find the merged name (picker search, import reader, quick create, directory form)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agencies import selectors
from agencies.choices import NotificationTopic, Role
from agencies.choices import VerificationStatus as V
from agencies.models import Notification, Partner, PartnerAlias
from agencies.resources.widgets import PartnersWidget
from agencies.services.merge import partner_merge
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory, UserFactory
from tests.matrix import LOGIN, check_matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(office_a, office_b):
    keep = PartnerFactory(name="Kesbangpol Kota Depok", acronym="", phone="", email="kesbangpol@depok.go.id")
    merged = PartnerFactory(
        name="Kesbangpol Kota Depk", acronym="KBP", phone="021-777", email="lain@x.org", registered_by=office_a
    )
    return keep, merged


def test_merge_moves_every_record_fills_blanks_and_keeps_the_name_as_alias(verifier, office_a, office_b, pair):
    keep, merged = pair
    verified = AgreementFactory(office=office_a, partners=[merged], verification_status=V.VERIFIED)
    both = ActivityFactory(office=office_a, partners=[merged, keep])
    other_office = ActivityFactory(office=office_b, partners=[merged, PartnerFactory(name="Polres Bogor")])
    untouched = ActivityFactory(office=office_b, partners=[keep])
    PartnerAlias.objects.create(partner=merged, name="Kesbangpol Depok Lama")

    result = partner_merge(user=verifier, keep=keep, merged=merged, expected_version=keep.version)

    assert (result.agreements, result.activities) == (1, 2)
    assert not Partner.objects.filter(pk=merged.pk).exists()
    assert list(verified.partners.all()) == [keep]
    assert list(both.partners.all()) == [keep]  # one link, not two
    assert sorted(p.name for p in other_office.partners.all()) == ["Kesbangpol Kota Depok", "Polres Bogor"]
    assert list(untouched.partners.all()) == [keep]
    verified.refresh_from_db()
    assert verified.verification_status == V.VERIFIED  # the same institution: nothing to verify again
    keep.refresh_from_db()
    assert (keep.acronym, keep.phone, keep.email) == ("KBP", "021-777", "kesbangpol@depok.go.id")
    assert sorted(keep.aliases.values_list("name", flat=True)) == ["Kesbangpol Depok Lama", "Kesbangpol Kota Depk"]
    alias = keep.aliases.get(name="Kesbangpol Kota Depk")
    assert (alias.merged_partner_id, alias.merged_by, alias.acronym) == (merged.pk, verifier, "KBP")


def test_merge_keeps_the_history_of_both_and_of_the_records(verifier, office_a, pair):
    keep, merged = pair
    agreement = AgreementFactory(office=office_a, partners=[merged])
    before = agreement.history.count()
    partner_merge(user=verifier, keep=keep, merged=merged)
    gone = Partner.history.filter(id=merged.pk).first()
    assert gone.history_type == "-" and gone.history_user == verifier
    assert gone.history_change_reason == f"Digabung ke “Kesbangpol Kota Depok” (#{keep.pk})"
    assert keep.history.first().history_change_reason == f"Menggabungkan “Kesbangpol Kota Depk” (#{merged.pk})"
    assert agreement.history.count() > before


def test_merge_tells_the_staff_of_the_office_that_registered_the_duplicate(verifier, staff_a, staff_b, pair):
    keep, merged = pair
    partner_merge(user=verifier, keep=keep, merged=merged)
    (entry,) = Notification.objects.all()
    assert (entry.recipient, entry.topic) == (staff_a, NotificationTopic.MERGED)
    assert entry.message == "Lembaga mitra “Kesbangpol Kota Depk” digabung ke “Kesbangpol Kota Depok” oleh verifikator."


def test_merge_is_refused_to_others_and_for_the_same_partner(staff_a, leader, verifier, pair):
    keep, merged = pair
    for user in (staff_a, leader):
        with pytest.raises(PermissionDenied):
            partner_merge(user=user, keep=keep, merged=merged)
    with pytest.raises(ValidationError):
        partner_merge(user=verifier, keep=keep, merged=keep)
    assert Partner.objects.count() == 2


def test_stale_version_of_the_kept_partner_rolls_back_everything(verifier, office_a, pair):
    keep, merged = pair
    agreement = AgreementFactory(office=office_a, partners=[merged])
    with pytest.raises(ValidationError):
        partner_merge(user=verifier, keep=keep, merged=merged, expected_version=keep.version + 5)
    assert list(agreement.partners.all()) == [merged]
    assert not PartnerAlias.objects.exists()


def test_merged_name_still_found_by_picker_import_quick_create_and_form(verifier, client_a, pair):
    keep, merged = pair
    partner_merge(user=verifier, keep=keep, merged=merged)
    assert [p.pk for p in selectors.partner_search(verifier, "Kesbangpol Kota Depk")] == [keep.pk]
    assert PartnersWidget().clean("Kesbangpol Kota Depk; kesbangpol kota depok") == [keep.pk]
    quick = client_a.post(
        reverse("agencies:partner-quick-create"), {"name": "KESBANGPOL kota depk", "category": "ngo", "level": "local"}
    )
    assert quick.status_code == 409 and quick.json()["existing"]["id"] == keep.pk
    form = client_a.post(
        reverse("agencies:partner-create"),
        {"name": "Kesbangpol Kota Depk", "category": "ngo", "level": "local", "confirm_new": "on"},
    )
    assert "Lembaga ini sudah terdaftar sebagai “Kesbangpol Kota Depok”" in form.content.decode()


MERGE_PAGE = {"anonymous": LOGIN, "own_office": 403, "other_office": 403, "verifier": 200, "leader": 403}


def test_matrix_merge_page(role_clients, pair):
    keep, merged = pair
    url = reverse("agencies:partner-merge", args=[merged.pk])
    check_matrix(role_clients, "get", url, MERGE_PAGE)
    check_matrix(role_clients, "get", f"{url}?keep={keep.pk}", MERGE_PAGE)


def test_matrix_merge_post_only_the_verifier_merges(role_clients, pair):
    keep, merged = pair
    url = reverse("agencies:partner-merge", args=[merged.pk])
    refused = {"anonymous": LOGIN, "own_office": 403, "other_office": 403, "leader": 403}
    check_matrix(role_clients, "post", url, refused, data={"keep": keep.pk})
    assert Partner.objects.filter(pk=merged.pk).exists()
    check_matrix(role_clients, "post", url, {"verifier": 302}, data={"keep": keep.pk, "version": keep.version})
    assert not Partner.objects.filter(pk=merged.pk).exists()


def test_merge_page_offers_the_similar_partner_then_previews(client_verifier, office_a, pair):
    keep, merged = pair
    url = reverse("agencies:partner-merge", args=[merged.pk])
    page = client_verifier.get(url)
    assert [p.pk for p in page.context["candidates"]] == [keep.pk]
    AgreementFactory(office=office_a, partners=[merged], title="PKS Kesbangpol")
    preview = client_verifier.get(url, {"keep": keep.pk})
    body = preview.content.decode()
    assert "PKS Kesbangpol" in body and "Kerja sama yang dipindahkan (1)" in body
    assert preview.context["preview"].filled == ["singkatan", "telepon"]
    assert client_verifier.get(url, {"keep": merged.pk}).status_code == 404


def test_merge_preview_query_budget(client_verifier, office_a, office_b, pair, django_assert_num_queries):
    keep, merged = pair
    for office in (office_a, office_b, office_a):
        AgreementFactory(office=office, partners=[merged])
        ActivityFactory(office=office, partners=[merged])
    url = reverse("agencies:partner-merge", args=[merged.pk]) + f"?keep={keep.pk}"
    # 1 session, 2 user, 3 merged partner, 4 kept partner, 5 agreements of the duplicate (with office),
    # 6 its activities (with office), 7 its aliases, 8 unread inbox count (header), 9 the user's office
    # (header), 10-12 savepoint, session save, release (the session's idle expiry is renewed)
    with django_assert_num_queries(11):
        assert client_verifier.get(url).status_code == 200


def test_partner_detail_shows_aliases_and_the_merge_button_to_the_verifier_only(client_verifier, client_a, pair):
    keep, merged = pair
    UserFactory(username="lain", role=Role.STAFF)
    PartnerAlias.objects.create(partner=keep, name="Kesbangpol Depok Lama", acronym="KDL")
    url = reverse("agencies:partner-detail", args=[keep.pk])
    verifier_page = client_verifier.get(url).content.decode()
    assert "Kesbangpol Depok Lama (KDL)" in verifier_page
    assert reverse("agencies:partner-merge", args=[keep.pk]) in verifier_page
    assert reverse("agencies:partner-merge", args=[keep.pk]) not in client_a.get(url).content.decode()
