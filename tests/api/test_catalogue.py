"""The public agreement catalogue (/katalog-kerja-sama/): public only, searchable, paginated, the same for
every role, constant queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import PartnerFactory, office
from tests.matrix import check_matrix

from .public_data import hidden_agreements, public_agreement

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
LIST = reverse("agencies:catalogue")


def _titles(response) -> set[str]:
    return {agreement.title for agreement in response.context["page"]}


def test_lists_public_agreements_only(client):
    shown = public_agreement(title="PKS Pengawasan Partisipatif Depok")
    hidden_agreements()
    response = client.get(LIST)
    assert response.status_code == 200
    assert _titles(response) == {shown.title}
    assert "Rahasia" not in response.content.decode()
    assert reverse("agencies:catalogue-document", args=[shown.pk]) in response.content.decode()


def test_search_by_title_number_partner_office_and_year(client):
    unpad = PartnerFactory(name="Universitas Padjadjaran", acronym="UNPAD")
    first = public_agreement(title="MoU Pendidikan Pemilih", number="07/HK/2025", partners=[unpad])
    second = public_agreement(title="PKS Media Massa", number="99/PKS/2025", office=office("32.01"))
    assert _titles(client.get(LIST, {"q": "pendidikan"})) == {first.title}
    assert _titles(client.get(LIST, {"q": "99/PKS"})) == {second.title}
    assert _titles(client.get(LIST, {"q": "padjadjaran"})) == {first.title}
    assert _titles(client.get(LIST, {"q": "unpad"})) == {first.title}
    assert _titles(client.get(LIST, {"office": "32.01"})) == {second.title}
    assert _titles(client.get(LIST, {"year": "2025"})) == {first.title, second.title}
    assert _titles(client.get(LIST, {"year": "2024"})) == set()
    invalid = client.get(LIST, {"year": "abad"})
    assert invalid.status_code == 200 and _titles(invalid) == set()


def test_paginates_twenty_per_page(client):
    for _ in range(21):
        public_agreement()
    first, second = client.get(LIST), client.get(LIST, {"page": 2})
    assert len(first.context["page"]) == 20 and len(second.context["page"]) == 1
    assert "Halaman 1 dari 2" in first.content.decode()


def test_permission_matrix(role_clients):
    shown = public_agreement()
    hidden = hidden_agreements()["not_publishable"]  # office A's own agreement, verified but not publishable
    everyone = dict.fromkeys(role_clients, 200)
    nobody = dict.fromkeys(role_clients, 404)
    check_matrix(role_clients, "get", LIST, everyone)
    check_matrix(role_clients, "get", reverse("agencies:catalogue-detail", args=[shown.pk]), everyone)
    check_matrix(role_clients, "get", reverse("agencies:catalogue-document", args=[shown.pk]), everyone)
    check_matrix(role_clients, "get", reverse("agencies:catalogue-detail", args=[hidden.pk]), nobody)
    check_matrix(role_clients, "get", reverse("agencies:catalogue-document", args=[hidden.pk]), nobody)
    check_matrix(role_clients, "post", LIST, dict.fromkeys(role_clients, 405))


def test_detail_shows_the_document_and_focus(client):
    agreement = public_agreement(title="PKS Pengawasan")
    page = client.get(reverse("agencies:catalogue-detail", args=[agreement.pk])).content.decode()
    assert "PKS Pengawasan" in page and "pks-ditandatangani.pdf" in page and "Pengawasan partisipatif" in page


@pytest.mark.parametrize("rows", [3, 12])
def test_query_budget(client, django_assert_num_queries, rows):
    for _ in range(rows):
        public_agreement()
    # 1 count (pager), 2 agreements with office and status, 3 partners, 4 signed documents.
    with django_assert_num_queries(4):
        assert client.get(LIST).status_code == 200
