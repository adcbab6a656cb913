"""Partner directory pages: list, detail, create, edit, delete, type-ahead search and quick create."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agencies import pending_partners
from agencies.choices import PartnerCategory
from agencies.models import Partner
from agencies.services import MSG_STALE
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory
from tests.matrix import LOGIN, check_matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner_a(office_a):
    return PartnerFactory(name="Universitas Indonesia", acronym="UI", registered_by=office_a, home_office=office_a)


READ_ALL = {"anonymous": LOGIN, "own_office": 200, "other_office": 200, "verifier": 200, "leader": 200}
CHANGE = {"anonymous": LOGIN, "own_office": 200, "other_office": 403, "verifier": 200, "leader": 403}
REGISTER = {"anonymous": LOGIN, "own_office": 200, "other_office": 200, "verifier": 200, "leader": 403}


def test_matrix_reading_pages(role_clients, partner_a):
    check_matrix(role_clients, "get", reverse("agencies:partner-list"), READ_ALL)
    check_matrix(role_clients, "get", reverse("agencies:partner-detail", args=[partner_a.pk]), READ_ALL)
    check_matrix(role_clients, "get", reverse("agencies:partner-search") + "?q=univ", READ_ALL)


def test_matrix_forms(role_clients, partner_a):
    check_matrix(role_clients, "get", reverse("agencies:partner-create"), REGISTER)
    check_matrix(role_clients, "get", reverse("agencies:partner-edit", args=[partner_a.pk]), CHANGE)
    check_matrix(role_clients, "get", reverse("agencies:partner-delete", args=[partner_a.pk]), CHANGE)


def test_matrix_changes_by_post(role_clients, office_a):
    """POSTs by those who may not: nothing changes. (Who may is tested below, one by one.)"""
    partner = PartnerFactory(registered_by=office_a, name="Lembaga Tetap")
    refused = {"anonymous": LOGIN, "other_office": 403, "leader": 403}
    for name in ("partner-edit", "partner-delete"):
        check_matrix(role_clients, "post", reverse(f"agencies:{name}", args=[partner.pk]), refused, {"name": "X"})
    check_matrix(role_clients, "post", reverse("agencies:partner-create"), {"anonymous": LOGIN, "leader": 403})
    check_matrix(role_clients, "post", reverse("agencies:partner-quick-create"), {"anonymous": LOGIN, "leader": 403})
    partner.refresh_from_db()
    assert partner.name == "Lembaga Tetap"
    assert Partner.objects.count() == 1


def test_unknown_partner_is_404(client_a):
    assert client_a.get(reverse("agencies:partner-detail", args=[999999])).status_code == 404
    assert client_a.get(reverse("agencies:partner-edit", args=[999999])).status_code == 404


def test_list_searches_filters_and_sorts(client_a, office_a, office_b):
    PartnerFactory(name="Universitas Padjadjaran", acronym="Unpad", category=PartnerCategory.UNIVERSITY)
    PartnerFactory(name="Komite Independen Pemantau Pemilu", acronym="KIPP", category=PartnerCategory.MONITORING_ORG)
    PartnerFactory(name="Polres Bogor", category=PartnerCategory.SECURITY, home_office=office_b)
    response = client_a.get(reverse("agencies:partner-list"), {"q": "unpad"})
    assert [p.name for p in response.context["page"]] == ["Universitas Padjadjaran"]
    response = client_a.get(reverse("agencies:partner-list"), {"category": "monitoring_org"})
    assert [p.acronym for p in response.context["page"]] == ["KIPP"]
    response = client_a.get(reverse("agencies:partner-list"), {"home_office": "32.01"})
    assert [p.name for p in response.context["page"]] == ["Polres Bogor"]
    response = client_a.get(reverse("agencies:partner-list"), {"sort": "-name"})
    assert [p.name for p in response.context["page"]][0] == "Universitas Padjadjaran"
    assert "Menampilkan 1–3 dari <strong>3</strong> lembaga mitra" in response.content.decode()


def test_list_counts_only_records_the_user_can_see(client_a, client_b, office_a, office_b):
    partner = PartnerFactory(name="Polda Jabar")
    AgreementFactory(office=office_a, partners=[partner])
    ActivityFactory(office=office_b, partners=[partner])
    ActivityFactory(office=office_b, partners=[partner])
    row_a = client_a.get(reverse("agencies:partner-list")).context["page"][0]
    row_b = client_b.get(reverse("agencies:partner-list")).context["page"][0]
    assert (row_a.agreement_count, row_a.activity_count) == (1, 0)
    assert (row_b.agreement_count, row_b.activity_count) == (0, 2)


def test_detail_shows_fields_records_and_history(client_a, client_b, office_a, office_b, partner_a):
    AgreementFactory(office=office_a, partners=[partner_a], title="PKS dengan UI")
    ActivityFactory(office=office_b, partners=[partner_a], title="Rapat rahasia Bogor")
    page_a = client_a.get(reverse("agencies:partner-detail", args=[partner_a.pk])).content.decode()
    assert "PKS dengan UI" in page_a and "Rapat rahasia Bogor" not in page_a
    assert "Kota Depok" in page_a  # wilayah with its kind
    assert "Riwayat perubahan" in page_a and "Dibuat" in page_a
    page_b = client_b.get(reverse("agencies:partner-detail", args=[partner_a.pk])).content.decode()
    assert "Rapat rahasia Bogor" in page_b and "PKS dengan UI" not in page_b
    assert reverse("agencies:partner-edit", args=[partner_a.pk]) not in page_b


def _partner_post(**overrides):
    data = {"name": "Lembaga Bantuan Hukum Depok", "acronym": "LBH", "category": "ngo", "level": "local"}
    data.update(overrides)
    return data


def test_create_registers_for_the_users_office(client_a, office_a, staff_a):
    response = client_a.post(reverse("agencies:partner-create"), _partner_post(home_office=office_a.pk))
    partner = Partner.objects.get()
    assert response["Location"] == reverse("agencies:partner-detail", args=[partner.pk])
    assert partner.registered_by == office_a
    assert partner.history.first().history_user == staff_a


def test_create_refuses_the_same_name_and_names_the_existing_one(client_a, partner_a):
    response = client_a.post(reverse("agencies:partner-create"), _partner_post(name="  universitas   INDONESIA. "))
    assert response.status_code == 200
    assert "Lembaga ini sudah terdaftar sebagai “Universitas Indonesia”" in response.content.decode()
    assert Partner.objects.count() == 1


def test_create_offers_a_similar_name_before_saving_and_saves_on_confirmation(client_a, partner_a):
    url = reverse("agencies:partner-create")
    offered = client_a.post(url, _partner_post(name="Universitas Indonesia Depok"))
    assert offered.status_code == 200
    assert [p.pk for p in offered.context["similar"]] == [partner_a.pk]
    assert "Tetap daftarkan sebagai lembaga baru" in offered.content.decode()
    assert not Partner.objects.filter(name="Universitas Indonesia Depok").exists()
    confirmed = client_a.post(url, _partner_post(name="Universitas Indonesia Depok", confirm_new="on"))
    assert confirmed.status_code == 302
    assert Partner.objects.filter(name="Universitas Indonesia Depok").exists()


def test_create_offers_the_misspelt_kesbangpol(client_a, office_a):
    """The case of the issue: a typo of an existing name is offered, not saved beside it."""
    kept = PartnerFactory(name="Kesbangpol Kota Depok", acronym="Kesbangpol")
    response = client_a.post(reverse("agencies:partner-create"), _partner_post(name="Kesbangpol Kota Depk", acronym=""))
    assert [p.pk for p in response.context["similar"]] == [kept.pk]
    assert Partner.objects.count() == 1


def test_create_offers_a_partner_with_the_same_abbreviation(client_a, partner_a):
    PartnerFactory(name="Komisi Pemilihan Umum Kota Depok", acronym="KPU Depok")
    response = client_a.post(
        reverse("agencies:partner-create"),
        _partner_post(name="Komisi Pemilihan Umum Depok Jawa Barat", acronym="kpu depok"),
    )
    assert [p.name for p in response.context["similar"]] == ["Komisi Pemilihan Umum Kota Depok"]


def test_create_returns_to_next_only_on_this_site(client_a):
    url = reverse("agencies:partner-create")
    response = client_a.post(url, _partner_post(next="/kegiatan/baru/"))
    assert response["Location"] == "/kegiatan/baru/"
    response = client_a.post(url, _partner_post(name="Lain", acronym="", next="https://jahat.example/"))
    assert response["Location"] == reverse("agencies:partner-detail", args=[Partner.objects.get(name="Lain").pk])


def test_field_validation_messages_in_indonesian(client_a):
    response = client_a.post(
        reverse("agencies:partner-create"),
        _partner_post(name="", email="bukan-email", accreditation_number="12/PP", category="ngo"),
    )
    errors = response.context["form"].errors
    assert errors["name"] == ["Bidang ini tidak boleh kosong."]
    assert errors["email"] == ["Masukkan alamat email yang valid."]


def test_accreditation_only_for_monitoring_orgs(client_a):
    response = client_a.post(reverse("agencies:partner-create"), _partner_post(accreditation_number="12/PP"))
    assert response.context["form"].errors["accreditation_number"] == [
        "Nomor akreditasi hanya untuk lembaga pemantau pemilu."
    ]


def test_edit_with_optimistic_locking(client_a, partner_a):
    url = reverse("agencies:partner-edit", args=[partner_a.pk])
    form = client_a.get(url).context["form"]
    assert form["version"].value() == 1
    first = client_a.post(url, _partner_post(name="Universitas Indonesia", phone="021-1", version=1))
    assert first.status_code == 302
    stale = client_a.post(url, _partner_post(name="Universitas Indonesia", phone="021-2", version=1))
    assert stale.status_code == 200
    assert MSG_STALE in stale.content.decode()
    assert 'value="021-2"' in stale.content.decode()  # what the user typed is kept
    partner_a.refresh_from_db()
    assert (partner_a.phone, partner_a.version) == ("021-1", 2)


def test_edit_without_version_is_refused(client_a, partner_a):
    response = client_a.post(reverse("agencies:partner-edit", args=[partner_a.pk]), _partner_post())
    assert "versi data hilang" in response.content.decode()
    partner_a.refresh_from_db()
    assert partner_a.name == "Universitas Indonesia"


def test_verifier_edits_any_partner(client_verifier, partner_a):
    url = reverse("agencies:partner-edit", args=[partner_a.pk])
    client_verifier.post(url, _partner_post(name="Universitas Indonesia", acronym="U.I.", version=1))
    partner_a.refresh_from_db()
    assert partner_a.acronym == "U.I."


def test_delete_unused_partner_keeps_history(client_a, partner_a, staff_a):
    pk = partner_a.pk
    response = client_a.post(reverse("agencies:partner-delete", args=[pk]))
    assert response["Location"] == reverse("agencies:partner-list")
    assert not Partner.objects.filter(pk=pk).exists()
    deleted = Partner.history.get(id=pk, history_type="-")
    assert (deleted.name, deleted.history_user) == ("Universitas Indonesia", staff_a)


def test_delete_refused_while_in_use(client_a, office_b, partner_a):
    ActivityFactory(office=office_b, partners=[partner_a])
    page = client_a.get(reverse("agencies:partner-delete", args=[partner_a.pk])).content.decode()
    assert "masih tercatat pada kerja sama atau kegiatan" in page
    response = client_a.post(reverse("agencies:partner-delete", args=[partner_a.pk]), follow=True)
    assert Partner.objects.filter(pk=partner_a.pk).exists()
    assert "tidak dapat dihapus" in response.content.decode()


def test_search_json(client_a, partner_a, office_a):
    PartnerFactory(name="Universitas Gunadarma", acronym="UG")
    PartnerFactory(name="Kepolisian Resor Kota Depok", acronym="Polres Depok")
    data = client_a.get(reverse("agencies:partner-search"), {"q": "univ"}).json()
    # partner_a is in the user's own region (Kota Depok): first.
    assert [r["name"] for r in data["results"]] == ["Universitas Indonesia", "Universitas Gunadarma"]
    first = data["results"][0]
    assert first == {
        "id": partner_a.pk,
        "name": "Universitas Indonesia",
        "acronym": "UI",
        "label": "Universitas Indonesia (UI)",
        "category": "university",
        "category_label": "Perguruan tinggi",
        "home_office": "Kota Depok",
    }
    by_acronym = client_a.get(reverse("agencies:partner-search"), {"q": "polres"}).json()
    assert [r["acronym"] for r in by_acronym["results"]] == ["Polres Depok"]


def test_search_ranks_own_region_then_province_then_elsewhere(client_a, office_a, office_b, province):
    PartnerFactory(name="Komisi Pemilihan Umum Kabupaten Bogor", acronym="KPU Bogor", home_office=office_b)
    PartnerFactory(name="Komisi Pemilihan Umum Provinsi Jawa Barat", acronym="KPU Jabar", home_office=province)
    PartnerFactory(name="Komisi Pemilihan Umum Kota Depok", acronym="KPU Depok", home_office=office_a)
    PartnerFactory(name="Sekretariat Komisi Pemilihan Umum Kota Depok", home_office=office_a)
    data = client_a.get(reverse("agencies:partner-search"), {"q": "komisi pemilihan"}).json()
    assert [r["name"] for r in data["results"]] == [
        "Komisi Pemilihan Umum Kota Depok",  # own region, name starts with the text
        "Sekretariat Komisi Pemilihan Umum Kota Depok",  # own region, a later word starts with it
        "Komisi Pemilihan Umum Provinsi Jawa Barat",  # the province's
        "Komisi Pemilihan Umum Kabupaten Bogor",  # another region
    ]
    by_acronym = client_a.get(reverse("agencies:partner-search"), {"q": "kpu"}).json()
    assert [r["acronym"] for r in by_acronym["results"]] == ["KPU Depok", "KPU Jabar", "KPU Bogor"]


def test_search_offers_similar_names(client_a, partner_a):
    data = client_a.get(reverse("agencies:partner-search"), {"q": "Universitas Indonesa"}).json()
    assert data["results"] == []
    assert [s["name"] for s in data["similar"]] == ["Universitas Indonesia"]


def test_search_escapes_nothing_and_trusts_nothing(client_a):
    PartnerFactory(name='<img src=x onerror="alert(1)">')
    response = client_a.get(reverse("agencies:partner-search"), {"q": "<img"})
    assert response["Content-Type"] == "application/json"
    assert response.json()["results"][0]["name"] == '<img src=x onerror="alert(1)">'


def _quick(client, **data):
    return client.post(reverse("agencies:partner-quick-create"), {"category": "ngo", "level": "local", **data})


def test_quick_create_writes_nothing_and_returns_a_token_for_the_record(client_a, staff_a, office_a):
    response = _quick(client_a, name="Pusat Studi Pemilu UIN", acronym="PSP")
    assert response.status_code == 200
    payload = response.json()
    assert payload["ok"] is True and payload["pending"] is True
    assert payload["partner"]["label"] == "Pusat Studi Pemilu UIN (PSP)"
    assert not Partner.objects.exists()  # an abandoned record form leaves nothing in the directory
    data = pending_partners.unsign(staff_a, payload["partner"]["token"])
    assert (data["name"], data["home_office_id"]) == ("Pusat Studi Pemilu UIN", office_a.pk)


def test_quick_create_token_is_bound_to_its_user(client_a, staff_b):
    token = _quick(client_a, name="Pusat Studi Pemilu UIN").json()["partner"]["token"]
    with pytest.raises(ValidationError):
        pending_partners.unsign(staff_b, token)


def test_quick_create_offers_the_existing_partner_for_the_same_name(client_a, partner_a):
    response = _quick(client_a, name="UNIVERSITAS indonesia", confirm_new="1")
    assert response.status_code == 409
    assert response.json()["existing"]["id"] == partner_a.pk
    assert Partner.objects.count() == 1


def test_quick_create_offers_the_misspelt_kesbangpol(client_a):
    kept = PartnerFactory(name="Kesbangpol Kota Depok")
    body = _quick(client_a, name="Kesbangpol Kota Depk").json()
    assert body["ok"] is False and [s["id"] for s in body["similar"]] == [kept.pk]


def test_quick_create_warns_about_similar_and_accepts_on_confirmation(client_a, partner_a):
    first = _quick(client_a, name="Universitas Indonesia Kampus Depok")
    assert first.status_code == 200
    body = first.json()
    assert body["ok"] is False and [s["id"] for s in body["similar"]] == [partner_a.pk]
    confirmed = _quick(client_a, name="Universitas Indonesia Kampus Depok", confirm_new="1")
    assert confirmed.json()["ok"] is True
    assert Partner.objects.count() == 1


def test_quick_create_reports_field_errors(client_a):
    response = _quick(client_a, name="", category="tidak-ada")
    assert response.status_code == 400
    errors = json.loads(response.content)["errors"]
    assert set(errors) == {"name", "category"}


def test_hostile_partner_fields_are_stored_as_text_and_escaped(client_a):
    hostile = '<script>alert("x")</script>'
    client_a.post(reverse("agencies:partner-create"), _partner_post(name=hostile, address=hostile))
    partner = Partner.objects.get()
    assert partner.name == hostile
    for url in (reverse("agencies:partner-detail", args=[partner.pk]), reverse("agencies:partner-list")):
        page = client_a.get(url).content.decode()
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_overlong_name_refused(client_a):
    response = client_a.post(reverse("agencies:partner-create"), _partner_post(name="x" * 201))
    assert response.context["form"].errors["name"] == [
        "Pastikan nilai ini mengandung paling banyak 200 karakter (sekarang 201 karakter)."
    ]
    assert not Partner.objects.exists()


def test_accreditation_fields_on_the_form(client_a):
    data = _partner_post(category="monitoring_org", accreditation_number="12/PP.02/K1/2023")
    response = client_a.post(
        reverse("agencies:partner-create"), {**data, "accredited_from": "2024-01-02", "accredited_until": "2024-01-01"}
    )
    assert response.context["form"].errors["accredited_until"] == [
        "Tanggal akhir akreditasi tidak boleh sebelum tanggal mulainya."
    ]
    response = client_a.post(reverse("agencies:partner-create"), data)
    assert "accredited_from" in response.context["form"].errors
    response = client_a.post(
        reverse("agencies:partner-create"), {**data, "accredited_from": "2023-01-01", "accredited_until": "2030-12-31"}
    )
    assert response.status_code == 302
    assert Partner.objects.get().accredited_until.isoformat() == "2030-12-31"


def test_monitoring_org_without_valid_accreditation_is_flagged(client_a, office_a):
    missing = PartnerFactory(
        name="Pemantau Tanpa Akreditasi",
        category=PartnerCategory.MONITORING_ORG,
        accreditation_number="",
        accredited_from=None,
        accredited_until=None,
    )
    valid = PartnerFactory(name="Pemantau Terakreditasi", category=PartnerCategory.MONITORING_ORG)
    detail = client_a.get(reverse("agencies:partner-detail", args=[missing.pk])).content.decode()
    assert "Akreditasi lembaga pemantau belum valid" in detail and "Data akreditasi belum lengkap" in detail
    assert (
        "Akreditasi lembaga pemantau belum valid"
        not in client_a.get(reverse("agencies:partner-detail", args=[valid.pk])).content.decode()
    )
    listing = client_a.get(reverse("agencies:partner-list") + "?category=monitoring_org").content.decode()
    assert listing.count("akreditasi belum valid") == 1 and listing.count(">terakreditasi<") == 1
