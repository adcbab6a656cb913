"""The portal search and the similar-partner selector, on SQLite and (with DATABASE_URL) on PostgreSQL, where
the trigram engine answers: the same assertions hold for both."""

import pytest
from django.urls import reverse

from agencies import selectors
from agencies.choices import EvidenceKind
from agencies.models import PartnerAlias
from agencies.selectors.similarity import uses_trigrams
from tests.factories import ActivityFactory, AgreementFactory, EvidenceFactory, PartnerFactory
from tests.matrix import LOGIN, check_matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(office_a, office_b):
    depok = PartnerFactory(name="Kesbangpol Kota Depok", acronym="Kesbangpol")
    PartnerAlias.objects.create(partner=depok, name="Badan Kesatuan Bangsa Depok")
    PartnerFactory(name="Universitas Pakuan", acronym="Unpak")
    own = AgreementFactory(office=office_a, title="PKS pengawasan bersama Kesbangpol", number="001/PKS/HM.01/2025")
    ActivityFactory(office=office_a, title="Rapat koordinasi Kesbangpol", location="Aula Balai Kota Depok")
    other = AgreementFactory(office=office_b, title="PKS Kesbangpol Kabupaten Bogor", number="77/BGR/2025")
    EvidenceFactory(
        agreement=own, activity=None, office=office_a, original_name="notulen-kesbangpol.pdf", kind=EvidenceKind.MINUTES
    )
    EvidenceFactory(agreement=other, activity=None, office=office_b, original_name="kesbangpol-bogor.pdf")
    return own, other


def _titles(user, query, **kwargs):
    return [(hit.kind, hit.title) for hit in selectors.search(user, query, **kwargs)]


def test_staff_find_every_kind_within_their_office(staff_a, records):
    found = _titles(staff_a, "kesbangpol")
    assert set(found) == {
        ("partner", "Kesbangpol Kota Depok (Kesbangpol)"),
        ("agreement", "PKS pengawasan bersama Kesbangpol"),
        ("activity", "Rapat koordinasi Kesbangpol"),
        ("evidence", "notulen-kesbangpol.pdf"),
    }  # nothing of Kabupaten Bogor


def test_verifier_and_leader_find_every_office(verifier, leader, records):
    for user in (verifier, leader):
        found = _titles(user, "kesbangpol")
        assert ("agreement", "PKS Kesbangpol Kabupaten Bogor") in found
        assert ("evidence", "kesbangpol-bogor.pdf") in found


def test_numbers_places_aliases_and_abbreviations(staff_a, records):
    assert _titles(staff_a, "001/PKS") == [("agreement", "PKS pengawasan bersama Kesbangpol")]
    assert _titles(staff_a, "balai kota") == [("activity", "Rapat koordinasi Kesbangpol")]
    assert _titles(staff_a, "kesatuan bangsa") == [("partner", "Kesbangpol Kota Depok (Kesbangpol)")]
    assert _titles(staff_a, "unpak") == [("partner", "Universitas Pakuan (Unpak)")]


def test_every_word_must_match_and_the_best_comes_first(staff_a, records):
    assert _titles(staff_a, "rapat kesbangpol") == [("activity", "Rapat koordinasi Kesbangpol")]
    hits = selectors.search(staff_a, "Kesbangpol Kota Depok")
    assert (hits[0].kind, hits[0].title) == ("partner", "Kesbangpol Kota Depok (Kesbangpol)")


def test_short_or_empty_queries_find_nothing(staff_a, records):
    assert selectors.search(staff_a, "") == []
    assert selectors.search(staff_a, "k") == []


def test_similar_partners_on_this_database(staff_a):
    """The issue's case and its neighbours, whichever engine this database uses."""
    depok = PartnerFactory(name="Kesbangpol Kota Depok")
    PartnerFactory(name="Polres Bogor")
    assert [p.pk for p in selectors.similar_partners(staff_a, "Kesbangpol Kota Depk")] == [depok.pk]
    assert selectors.similar_partners(staff_a, "Polres Depok") == []  # another region, another institution
    assert selectors.similar_partners(staff_a, "Komisi Pemilihan Umum") == []
    alias_owner = PartnerFactory(name="Universitas Pakuan")
    PartnerAlias.objects.create(partner=alias_owner, name="Univ Pakuan Bogor Raya")
    assert alias_owner in selectors.similar_partners(staff_a, "Univ Pakuan Bogor Rayaa")
    print("trigram engine" if uses_trigrams() else "rapidfuzz engine")


SEARCH = {"anonymous": LOGIN, "own_office": 200, "other_office": 200, "verifier": 200, "leader": 200}


def test_matrix_search_page(role_clients, records):
    check_matrix(role_clients, "get", reverse("agencies:search") + "?q=kesbangpol", SEARCH)
    check_matrix(role_clients, "get", reverse("agencies:search") + "?q=kesbangpol&jenis=evidence", SEARCH)


def test_search_page_shows_the_kind_and_only_visible_records(client_b, records):
    page = client_b.get(reverse("agencies:search"), {"q": "kesbangpol"}).content.decode()
    assert "PKS Kesbangpol Kabupaten Bogor" in page and "PKS pengawasan bersama" not in page
    assert '<span class="search-kind search-kind-agreement">Kerja sama</span>' in page
    only = client_b.get(reverse("agencies:search"), {"q": "kesbangpol", "jenis": "evidence"}).context["hits"]
    assert [h.title for h in only] == ["kesbangpol-bogor.pdf"]


@pytest.mark.parametrize("rows", [2, 12])
def test_search_query_budget(client_verifier, office_a, rows, django_assert_num_queries):
    for n in range(rows):
        agreement = AgreementFactory(office=office_a, title=f"PKS Kesbangpol {n}")
        ActivityFactory(office=office_a, title=f"Rapat Kesbangpol {n}", agreement=agreement)
        EvidenceFactory(agreement=agreement, activity=None, office=office_a, original_name=f"kesbangpol-{n}.pdf")
        PartnerFactory(name=f"Kesbangpol Cabang {n}")
    client_verifier.get(reverse("agencies:search"), {"q": "kesbangpol"})
    # 1 session, 2 user, 3 partners (with region), 4 agreements (with office), 5 activities (with office),
    # 6 evidence (with its record and office), 7 unread count (header); the user's office comes with the user
    with django_assert_num_queries(7):
        response = client_verifier.get(reverse("agencies:search"), {"q": "kesbangpol"})
    assert len(response.context["hits"]) == 4 * min(rows, 10)
