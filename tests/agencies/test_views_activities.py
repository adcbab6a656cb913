"""Activity pages: list (every contract filter, sorting, pagination, count), detail, create (also from an
agreement), edit with optimistic locking, delete with history, and the rules of no bad data."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.choices import PartnerCategory
from agencies.models import Activity, Evidence
from agencies.services import MSG_STALE
from tests.agencies import corpus
from tests.factories import ActivityFactory, AgreementFactory, EvidenceFactory, PartnerFactory
from tests.matrix import LOGIN, check_matrix

pytestmark = pytest.mark.django_db


OWNED_READ = {"anonymous": LOGIN, "own_office": 200, "other_office": 404, "verifier": 200, "leader": 200}
OWNED_CHANGE = {"anonymous": LOGIN, "own_office": 200, "other_office": 404, "verifier": 403, "leader": 403}


def test_matrix_pages(role_clients, office_a):
    activity = ActivityFactory(office=office_a)
    check_matrix(role_clients, "get", reverse("agencies:activity-list"), {**OWNED_READ, "other_office": 200})
    check_matrix(role_clients, "get", reverse("agencies:activity-detail", args=[activity.pk]), OWNED_READ)
    check_matrix(
        role_clients,
        "get",
        reverse("agencies:activity-create"),
        {"anonymous": LOGIN, "own_office": 200, "other_office": 200, "verifier": 200, "leader": 403},
    )
    check_matrix(role_clients, "get", reverse("agencies:activity-edit", args=[activity.pk]), OWNED_CHANGE)
    check_matrix(role_clients, "get", reverse("agencies:activity-delete", args=[activity.pk]), OWNED_CHANGE)


def test_matrix_posts_refused_change_nothing(role_clients, office_a):
    activity = ActivityFactory(office=office_a, title="Tetap")
    refused = {"anonymous": LOGIN, "other_office": 404, "verifier": 403, "leader": 403}
    for name in ("activity-edit", "activity-delete"):
        url = reverse(f"agencies:{name}", args=[activity.pk])
        check_matrix(role_clients, "post", url, refused, {"title": "Diubah", "version": 1})
    check_matrix(role_clients, "post", reverse("agencies:activity-create"), {"anonymous": LOGIN, "leader": 403})
    activity.refresh_from_db()
    assert activity.title == "Tetap"
    assert Activity.objects.count() == 1


def test_unknown_ids_are_404(client_a):
    for name in ("activity-detail", "activity-edit", "activity-delete"):
        assert client_a.get(reverse(f"agencies:{name}", args=[424242])).status_code == 404


@pytest.fixture
def spread(clock, office_a, office_b):
    """Activities of two offices, each different in one filtered property."""
    monitor = PartnerFactory(name="Jaringan Pendidikan Pemilih untuk Rakyat", category=PartnerCategory.MONITORING_ORG)
    campus = PartnerFactory(name="Universitas Gunadarma", category=PartnerCategory.UNIVERSITY)
    agreement = AgreementFactory(office=office_a)
    rows = {
        "rakor": ActivityFactory(
            office=office_a,
            title="Rakor netralitas ASN",
            start_date=dt.date(2025, 3, 3),
            end_date=dt.date(2025, 3, 3),
            kind="coordination",
            stage="candidacy",
            focus_areas=["prevention"],
            partners=[campus],
            ikp_dimensions=["contestation"],
            verification_status="verified",
            agreement=agreement,
        ),
        "fgd": ActivityFactory(
            office=office_a,
            title="FGD pemantau pemilu",
            start_date=dt.date(2024, 11, 1),
            end_date=dt.date(2024, 11, 2),
            kind="fgd",
            stage="campaign",
            focus_areas=["participatory"],
            partners=[monitor],
            ikp_dimensions=["participation"],
            verification_status="submitted",
            location="Aula Kampus",
        ),
        "bogor": ActivityFactory(
            office=office_b,
            title="Sosialisasi Bogor",
            start_date=dt.date(2025, 5, 20),
            end_date=dt.date(2025, 5, 20),
            kind="socialisation",
            stage="campaign",
            focus_areas=["socialisation"],
            partners=[monitor],
            verification_status="draft",
        ),
    }
    return {"monitor": monitor, "campus": campus, "agreement": agreement, **rows}


def _titles(client, **params) -> list[str]:
    response = client.get(reverse("agencies:activity-list"), params)
    return [row["title"] for row in response.context["rows"]]


def test_every_contract_filter(spread, client_verifier):
    def ids(**params):
        return sorted(_titles(client_verifier, **params))

    assert ids(year="2024") == ["FGD pemantau pemilu"]
    assert ids(office="32.01") == ["Sosialisasi Bogor"]
    assert ids(kind="fgd") == ["FGD pemantau pemilu"]
    assert ids(stage="campaign") == ["FGD pemantau pemilu", "Sosialisasi Bogor"]
    assert ids(focus="prevention") == ["Rakor netralitas ASN"]
    assert ids(ikp="participation") == ["FGD pemantau pemilu"]
    assert ids(verification="submitted") == ["FGD pemantau pemilu"]
    assert ids(end_from="2025-03-03", end_to="2025-05-20") == ["Rakor netralitas ASN", "Sosialisasi Bogor"]
    assert ids(end_to="2025-03-02") == ["FGD pemantau pemilu"]
    assert ids(monitoring="1") == ["FGD pemantau pemilu", "Sosialisasi Bogor"]
    assert ids(partner_category="university") == ["Rakor netralitas ASN"]
    assert ids(partner=str(spread["campus"].pk)) == ["Rakor netralitas ASN"]
    assert ids(agreement=str(spread["agreement"].pk)) == ["Rakor netralitas ASN"]
    assert ids(q="aula kampus") == ["FGD pemantau pemilu"]  # the location
    assert ids(q="gunadarma") == ["Rakor netralitas ASN"]  # a partner's name
    assert ids(q="NETRALITAS") == ["Rakor netralitas ASN"]


def test_staff_see_only_their_office_and_cannot_ask_for_another(spread, client_a):
    assert sorted(_titles(client_a)) == ["FGD pemantau pemilu", "Rakor netralitas ASN"]
    assert sorted(_titles(client_a, office="32.01")) == ["FGD pemantau pemilu", "Rakor netralitas ASN"]


def test_invalid_filter_values_are_ignored_and_flagged(spread, client_a):
    response = client_a.get(reverse("agencies:activity-list"), {"year": "abad", "end_from": "kemarin"})
    assert len(response.context["page"]) == 2
    assert response.context["filterset"].form.errors.keys() == {"year", "end_from"}


def test_sorting_by_headers(spread, client_verifier):
    assert _titles(client_verifier) == ["Sosialisasi Bogor", "Rakor netralitas ASN", "FGD pemantau pemilu"]
    assert _titles(client_verifier, sort="title") == [
        "FGD pemantau pemilu",
        "Rakor netralitas ASN",
        "Sosialisasi Bogor",
    ]
    # 32.76 after 32.01, ties newest record first
    assert _titles(client_verifier, sort="-office") == [
        "FGD pemantau pemilu",
        "Rakor netralitas ASN",
        "Sosialisasi Bogor",
    ]
    assert _titles(client_verifier, sort="end")[0] == "FGD pemantau pemilu"
    response = client_verifier.get(reverse("agencies:activity-list"), {"sort": "title", "kind": "fgd"})
    headers = {h.key: h for h in response.context["headers"]}
    assert headers["title"].state == "asc" and headers["title"].next_sort == "-title"
    page = response.content.decode()
    assert 'href="?sort=-title&amp;kind=fgd"' in page  # the other filters stay; the page number does not
    assert 'aria-sort="ascending"' in page


def test_pagination_and_count_text(clock, client_a, office_a):
    partner = PartnerFactory()
    for day in range(30):
        ActivityFactory(
            office=office_a,
            partners=[partner],
            start_date=dt.date(2025, 1, 1) + dt.timedelta(days=day),
            end_date=dt.date(2025, 1, 1) + dt.timedelta(days=day),
        )
    first = client_a.get(reverse("agencies:activity-list")).content.decode()
    assert "Menampilkan 1–25 dari <strong>30</strong> kegiatan" in first
    second = client_a.get(reverse("agencies:activity-list"), {"page": "2"})
    assert "Menampilkan 26–30 dari <strong>30</strong> kegiatan" in second.content.decode()
    assert len(second.context["page"]) == 5
    beyond = client_a.get(reverse("agencies:activity-list"), {"page": "99"})
    assert beyond.context["page"].number == 2


def test_thousands_are_grouped_the_indonesian_way():
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    page = Paginator(list(range(1234)), 1000).get_page(1)
    html = render_to_string("agencies/includes/list_count.html", {"page": page, "noun": "kegiatan"})
    assert "Menampilkan 1–1.000 dari <strong>1.234</strong> kegiatan" in html


def test_list_offers_bulk_submit_and_export_with_current_filters(spread, client_a):
    page = client_a.get(reverse("agencies:activity-list"), {"kind": "fgd"}).content.decode()
    bulk = reverse("agencies:bulk-submit")
    assert f'action="{bulk}"' in page
    assert f'name="ids" value="{spread["fgd"].pk}"' not in page  # submitted: nothing to submit again
    export = reverse("reports:list-export", args=["activities"])
    assert f"{export}?kind=fgd&amp;format=xlsx" in page


def _post_data(partners, **overrides):
    data = {
        "title": "Rapat koordinasi pengawasan kampanye",
        "kind": "coordination",
        "start_date": "2025-06-10",
        "end_date": "2025-06-10",
        "location": "Aula Bawaslu",
        "partners": [p.pk for p in partners],
        "focus_areas": ["prevention"],
        "stage": "campaign",
        "participants_male": "12",
        "participants_female": "9",
        "reports_received": "1",
        "evidence_kind": "photo",
    }
    data.update(overrides)
    return data


def test_create_with_a_photo(clock, client_a, office_a, staff_a):
    partner = PartnerFactory()
    name, data = corpus.real_jpeg("foto-rakor.jpg")
    client_a.post(reverse("agencies:activity-create"), _post_data([partner], files=[SimpleUploadedFile(name, data)]))
    activity = Activity.objects.get()
    assert (activity.office, activity.created_by, activity.participants_total) == (office_a, staff_a, 21)
    assert list(activity.evidence.values_list("original_name", "content_type")) == [("foto-rakor.jpg", "image/jpeg")]


def test_create_from_an_agreement_prefills_agreement_and_partners(clock, client_a, office_a):
    partners = [PartnerFactory(name="Polres Depok"), PartnerFactory(name="Kodim Depok")]
    agreement = AgreementFactory(office=office_a, partners=partners, focus_areas=["handling"])
    response = client_a.get(reverse("agencies:activity-create"), {"agreement": agreement.pk})
    form = response.context["form"]
    assert form["agreement"].value() == agreement.pk
    assert sorted(form["partners"].value()) == sorted(p.pk for p in partners)
    assert form["focus_areas"].value() == ["handling"]
    assert "Dicatat dari kerja sama" in response.content.decode()


def test_prefill_ignores_an_agreement_the_office_may_not_cite(clock, client_a, office_b):
    foreign = AgreementFactory(office=office_b)
    form = client_a.get(reverse("agencies:activity-create"), {"agreement": foreign.pk}).context["form"]
    assert form["agreement"].value() is None


def test_future_and_reversed_dates_refused(clock, client_a):
    partner = PartnerFactory()
    future = client_a.post(
        reverse("agencies:activity-create"), _post_data([partner], start_date="2025-06-17", end_date="2025-06-17")
    )
    errors = future.context["form"].errors
    assert errors["start_date"] == [
        "Kegiatan yang dilaporkan harus sudah terlaksana: tanggal tidak boleh di masa depan."
    ]
    assert errors["end_date"] == ["Kegiatan yang dilaporkan harus sudah terlaksana: tanggal tidak boleh di masa depan."]
    reversed_ = client_a.post(
        reverse("agencies:activity-create"), _post_data([partner], start_date="2025-06-10", end_date="2025-06-09")
    )
    assert reversed_.context["form"].errors["end_date"] == ["Tanggal selesai tidak boleh sebelum tanggal mulai."]
    today = client_a.post(
        reverse("agencies:activity-create"), _post_data([partner], start_date="2025-06-16", end_date="2025-06-16")
    )
    assert today.status_code == 302
    assert Activity.objects.count() == 1


def test_foreign_agreement_and_partners_from_nowhere_refused(clock, client_a, office_b):
    foreign = AgreementFactory(office=office_b)
    payload = {**_post_data([]), "partners": ["555555"], "agreement": foreign.pk}
    errors = client_a.post(reverse("agencies:activity-create"), payload).context["form"].errors
    assert errors["agreement"] == ["Kerja sama yang dipilih tidak tersedia untuk kantor ini."]
    assert errors["partners"] == ["Lembaga mitra nomor 555555 tidak ada di direktori."]
    assert not Activity.objects.exists()


def test_a_published_national_mou_can_be_cited(clock, client_a, province):
    mou = AgreementFactory(office=province, verification_status="verified", title="MoU nasional")
    client_a.post(reverse("agencies:activity-create"), _post_data([PartnerFactory()], agreement=mou.pk))
    activity = Activity.objects.get()
    assert activity.agreement == mou
    page = client_a.get(reverse("agencies:activity-detail", args=[activity.pk])).content.decode()
    assert "MoU nasional" in page
    assert reverse("agencies:agreement-detail", args=[mou.pk]) not in page  # staff cannot open it: no link


def test_negative_and_huge_numbers_refused(clock, client_a):
    payload = _post_data([PartnerFactory()], participants_male="-1", participants_female="1000001")
    errors = client_a.post(reverse("agencies:activity-create"), payload).context["form"].errors
    assert errors["participants_male"] == ["Pastikan nilai ini lebih besar dari atau sama dengan 0."]
    assert "participants_female" in errors


def test_stale_edit_keeps_what_the_user_typed(clock, client_a, office_a):
    partner = PartnerFactory()
    activity = ActivityFactory(office=office_a, partners=[partner], title="Asli")
    url = reverse("agencies:activity-edit", args=[activity.pk])
    assert client_a.post(url, _post_data([partner], title="Disimpan rekan", version=1)).status_code == 302
    response = client_a.post(url, _post_data([partner], title="Ketikan saya", outcome="Hasil panjang saya", version=1))
    page = response.content.decode()
    assert MSG_STALE in page
    assert 'value="Ketikan saya"' in page and "Hasil panjang saya" in page
    activity.refresh_from_db()
    assert (activity.title, activity.version, activity.outcome) == ("Disimpan rekan", 2, "")


def test_stale_edit_with_files_stores_no_file(clock, client_a, office_a):
    partner = PartnerFactory()
    activity = ActivityFactory(office=office_a, partners=[partner])
    url = reverse("agencies:activity-edit", args=[activity.pk])
    client_a.post(url, _post_data([partner], version=1))
    name, data = corpus.real_png()
    client_a.post(url, _post_data([partner], version=1, files=[SimpleUploadedFile(name, data)]))
    assert not Evidence.objects.exists()


def test_detail_shows_every_field_with_labels(clock, client_a, office_a, staff_a):
    activity = ActivityFactory(
        office=office_a,
        title="Bimtek saksi",
        kind="training",
        stage="voting",
        focus_areas=["capacity", "dispute"],
        ikp_dimensions=["administration"],
        participants_male=30,
        participants_female=25,
        location="Hotel Depok",
        description="Uraian\nbaris kedua",
        reports_received=4,
        created_by=staff_a,
    )
    page = client_a.get(reverse("agencies:activity-detail", args=[activity.pk])).content.decode()
    for text in (
        "Bimtek/pelatihan",
        "Pemungutan dan penghitungan suara",
        "Peningkatan kapasitas",
        "Penyelesaian sengketa",
        "Penyelenggaraan Pemilu",
        "55 orang (30 laki-laki, 25 perempuan)",
        "Hotel Depok",
        "Uraian\nbaris kedua",
        "Bawaslu Kota Depok",
    ):
        assert text in page, text


def test_detail_history_shows_changes_in_indonesian(clock, client_a, office_a):
    partner = PartnerFactory()
    client_a.post(reverse("agencies:activity-create"), _post_data([partner], stage="campaign"))
    activity = Activity.objects.get()
    client_a.post(
        reverse("agencies:activity-edit", args=[activity.pk]),
        _post_data([partner], stage="quiet_period", ikp_dimensions=["contestation"], version=1),
    )
    page = client_a.get(reverse("agencies:activity-detail", args=[activity.pk])).content.decode()
    assert "Riwayat perubahan" in page
    assert '<td class="old">Kampanye</td><td class="new">Masa tenang</td>' in page
    assert '<td class="old">(kosong)</td><td class="new">Kontestasi</td>' in page


def test_delete_with_confirmation_keeps_history(clock, client_a, office_a, staff_a):
    activity = ActivityFactory(office=office_a, verification_status="verified")
    EvidenceFactory(activity=activity)
    page = client_a.get(reverse("agencies:activity-delete", args=[activity.pk])).content.decode()
    assert "sudah terverifikasi" in page and "1 berkas bukti ikut terhapus" in page
    client_a.post(reverse("agencies:activity-delete", args=[activity.pk]))
    assert not Activity.objects.exists()
    gone = Activity.history.get(id=activity.pk, history_type="-")
    assert (gone.title, gone.history_user) == (activity.title, staff_a)


def test_hostile_input_is_stored_as_text_and_escaped(clock, client_a):
    hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    client_a.post(
        reverse("agencies:activity-create"),
        _post_data([PartnerFactory()], title=hostile[:300], location=hostile, description=hostile),
    )
    activity = Activity.objects.get()
    assert activity.description == hostile
    for url in (reverse("agencies:activity-detail", args=[activity.pk]), reverse("agencies:activity-list")):
        page = client_a.get(url).content.decode()
        assert "<img src=x" not in page and "<script>alert(2)" not in page
        assert "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_overlong_text_refused(clock, client_a):
    payload = _post_data([PartnerFactory()], description="x" * 5001)
    errors = client_a.post(reverse("agencies:activity-create"), payload).context["form"].errors
    assert errors["description"] == [
        "Pastikan nilai ini mengandung paling banyak 5000 karakter (sekarang 5001 karakter)."
    ]
    assert not Activity.objects.exists()


def test_pk_url_is_reverse_for_every_key():
    from agencies.views.rows import pk_url

    for name in ("agencies:activity-detail", "agencies:partner-detail", "agencies:activity-edit"):
        url = pk_url(name)
        for pk in (1, 7, 42, 10_000_000):
            assert url(pk) == reverse(name, args=[pk])
