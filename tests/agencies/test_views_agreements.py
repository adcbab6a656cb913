"""Agreement pages: list (filters, derived status), detail, create/edit (locking, evidence in the same
transaction), delete with history."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.choices import PartnerCategory, VerificationStatus
from agencies.models import Activity, Agreement, Evidence, VerificationEvent
from agencies.services import MSG_STALE
from tests.agencies import corpus
from tests.factories import ActivityFactory, AgreementFactory, EvidenceFactory, PartnerFactory
from tests.matrix import LOGIN, check_matrix

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 16)


OWNED_READ = {"anonymous": LOGIN, "own_office": 200, "other_office": 404, "verifier": 200, "leader": 200}
OWNED_CHANGE = {"anonymous": LOGIN, "own_office": 200, "other_office": 404, "verifier": 403, "leader": 403}
CREATE = {"anonymous": LOGIN, "own_office": 200, "other_office": 200, "verifier": 200, "leader": 403}


def test_matrix_pages(role_clients, office_a):
    agreement = AgreementFactory(office=office_a)
    check_matrix(role_clients, "get", reverse("agencies:agreement-list"), {**OWNED_READ, "other_office": 200})
    check_matrix(role_clients, "get", reverse("agencies:agreement-detail", args=[agreement.pk]), OWNED_READ)
    check_matrix(role_clients, "get", reverse("agencies:agreement-create"), CREATE)
    check_matrix(role_clients, "get", reverse("agencies:agreement-edit", args=[agreement.pk]), OWNED_CHANGE)
    check_matrix(role_clients, "get", reverse("agencies:agreement-delete", args=[agreement.pk]), OWNED_CHANGE)


def test_matrix_posts_refused_change_nothing(role_clients, office_a):
    agreement = AgreementFactory(office=office_a, title="Tetap")
    refused = {"anonymous": LOGIN, "other_office": 404, "verifier": 403, "leader": 403}
    for name in ("agreement-edit", "agreement-delete"):
        url = reverse(f"agencies:{name}", args=[agreement.pk])
        check_matrix(role_clients, "post", url, refused, {"title": "Diubah", "version": 1})
    check_matrix(role_clients, "post", reverse("agencies:agreement-create"), {"anonymous": LOGIN, "leader": 403})
    agreement.refresh_from_db()
    assert agreement.title == "Tetap"
    assert Agreement.objects.count() == 1


def test_province_record_is_the_verifiers_to_change(client_verifier, client_a, province):
    agreement = AgreementFactory(office=province)
    assert client_verifier.get(reverse("agencies:agreement-edit", args=[agreement.pk])).status_code == 200
    assert client_a.get(reverse("agencies:agreement-edit", args=[agreement.pk])).status_code == 404


def test_list_is_scoped_and_shows_derived_status(clock, client_a, office_a, office_b):
    AgreementFactory(office=office_a, title="Aktif", start_date=dt.date(2025, 1, 1), end_date=dt.date(2026, 12, 31))
    AgreementFactory(office=office_a, title="Segera", start_date=dt.date(2024, 1, 1), end_date=dt.date(2025, 9, 14))
    AgreementFactory(office=office_a, title="Lewat", start_date=dt.date(2023, 1, 1), end_date=dt.date(2025, 6, 15))
    AgreementFactory(office=office_a, title="Nanti", start_date=dt.date(2025, 7, 1), end_date=None)
    AgreementFactory(office=office_b, title="Milik Bogor")
    response = client_a.get(reverse("agencies:agreement-list"), {"sort": "title"})
    rows = {a.title: a.computed_status for a in response.context["page"]}
    # 14 Sep 2025 is exactly 90 days after 16 Jun 2025: still "akan berakhir"; 15 Jun ended yesterday.
    assert rows == {"Aktif": "active", "Lewat": "expired", "Nanti": "not_yet_valid", "Segera": "expiring"}
    page = response.content.decode()
    assert '<span class="badge badge-expiring" title="Status masa berlaku' in page and ">Akan berakhir<" in page
    assert 'class="badge badge-not_yet_valid" title="Status masa berlaku' in page and ">Belum berlaku<" in page
    status = client_a.get(reverse("agencies:agreement-list"), {"status": "expiring"}).context["page"]
    assert [a.title for a in status] == ["Segera"]


def test_list_filters(clock, client_verifier, office_a, office_b, province):
    monitor = PartnerFactory(name="JPPR", category=PartnerCategory.MONITORING_ORG)
    mou = AgreementFactory(office=province, title="MoU nasional", start_date=dt.date(2022, 1, 1), end_date=None)
    AgreementFactory(office=office_a, title="PKS 2023", start_date=dt.date(2023, 1, 1), end_date=dt.date(2023, 12, 31))
    AgreementFactory(
        office=office_b,
        title="PKS Bogor",
        parent=mou,
        partners=[monitor],
        start_date=dt.date(2024, 5, 1),
        end_date=None,
    )

    def titles(**params):
        response = client_verifier.get(reverse("agencies:agreement-list"), params)
        return sorted(a.title for a in response.context["page"])

    assert titles(year="2023") == ["MoU nasional", "PKS 2023"]
    assert titles(office="32.01") == ["PKS Bogor"]
    assert titles(monitoring="1") == ["PKS Bogor"]
    assert titles(partner_category="monitoring_org") == ["PKS Bogor"]
    assert titles(partner=str(monitor.pk)) == ["PKS Bogor"]
    assert titles(parent=str(mou.pk)) == ["PKS Bogor"]
    assert titles(active_from="2024-01-01", active_to="2024-03-01") == ["MoU nasional"]
    assert titles(active_to="2022-06-01") == ["MoU nasional"]
    assert titles(q="bogor") == ["PKS Bogor"]
    assert titles(q="jppr") == ["PKS Bogor"]  # partner names are searched too
    assert titles(kind="mou") == []
    assert titles(verification="draft") == ["MoU nasional", "PKS 2023", "PKS Bogor"]


def test_staff_cannot_widen_the_list_with_office(client_a, office_b):
    AgreementFactory(office=office_b)
    response = client_a.get(reverse("agencies:agreement-list"), {"office": "32.01"})
    assert list(response.context["page"]) == []
    assert "office" not in response.context["filterset"].form.fields


def test_detail_shows_links_evidence_panel_and_history(clock, client_a, office_a, province, staff_a):
    mou = AgreementFactory(office=province, title="MoU Bawaslu RI dan Polri", verification_status="verified")
    agreement = AgreementFactory(
        office=office_a, title="PKS Polres Depok", parent=mou, focus_areas=["prevention", "handling"]
    )
    child = AgreementFactory(office=office_a, title="Adendum PKS", parent=agreement)
    ActivityFactory(office=office_a, agreement=agreement, title="Rapat pelaksanaan PKS")
    EvidenceFactory(
        activity=None, agreement=agreement, original_name="pks-bertanda-tangan.pdf", content_type="application/pdf"
    )
    response = client_a.get(reverse("agencies:agreement-detail", args=[agreement.pk]))
    page = response.content.decode()
    assert "MoU Bawaslu RI dan Polri" in page
    assert reverse("agencies:agreement-detail", args=[mou.pk]) not in page  # the province's record: title only
    assert reverse("agencies:agreement-detail", args=[child.pk]) in page
    assert "Rapat pelaksanaan PKS" in page
    assert "Pencegahan pelanggaran" in page and "Penanganan pelanggaran" in page
    assert "pks-bertanda-tangan.pdf" in page
    assert "belum terverifikasi" in page  # the verification panel's banner
    assert response.context["kind"] == "agreement" and response.context["can_edit"] is True
    assert reverse("agencies:activity-create") + f"?agreement={agreement.pk}" in page


def _post_data(partners, **overrides):
    data = {
        "kind": "pks",
        "title": "PKS pengawasan partisipatif",
        "number": "001/HM.01/2025",
        "partners": [p.pk for p in partners],
        "focus_areas": ["prevention"],
        "start_date": "2025-01-10",
        "end_date": "2027-01-09",
        "evidence_kind": "signed_document",
    }
    data.update(overrides)
    return data


def test_create_with_a_pdf_in_one_go(clock, client_a, office_a, staff_a):
    partner = PartnerFactory()
    name, data = corpus.real_pdf("pks.pdf")
    payload = _post_data([partner], files=[SimpleUploadedFile(name, data)])
    response = client_a.post(reverse("agencies:agreement-create"), payload)
    agreement = Agreement.objects.get()
    assert response["Location"] == reverse("agencies:agreement-detail", args=[agreement.pk])
    assert (agreement.office, agreement.created_by, agreement.verification_status) == (office_a, staff_a, "draft")
    assert list(agreement.partners.all()) == [partner]
    assert list(agreement.evidence.values_list("original_name", "kind")) == [("pks.pdf", "signed_document")]


def test_a_refused_file_saves_nothing_and_keeps_the_form(clock, client_a):
    partner = PartnerFactory()
    name, data = corpus.html_renamed_pdf()
    payload = _post_data([partner], title="Judul yang saya ketik", files=[SimpleUploadedFile(name, data)])
    response = client_a.post(reverse("agencies:agreement-create"), payload)
    assert response.status_code == 200
    assert not Agreement.objects.exists() and not Evidence.objects.exists()
    page = response.content.decode()
    assert 'value="Judul yang saya ketik"' in page
    assert "surat-undangan.pdf: Berkas berisi kode HTML/SVG" in page
    assert "Berkas yang ditolak tidak disimpan" in page


def test_end_before_start_refused(clock, client_a):
    payload = _post_data([PartnerFactory()], start_date="2025-05-01", end_date="2025-04-30")
    response = client_a.post(reverse("agencies:agreement-create"), payload)
    assert response.context["form"].errors["end_date"] == [
        "Tanggal berakhir tidak boleh sebelum tanggal mulai berlaku."
    ]
    assert not Agreement.objects.exists()


def test_partners_from_nowhere_refused(clock, client_a):
    response = client_a.post(reverse("agencies:agreement-create"), {**_post_data([]), "partners": ["987654"]})
    assert response.context["form"].errors["partners"] == ["Lembaga mitra nomor 987654 tidak ada di direktori."]
    response = client_a.post(reverse("agencies:agreement-create"), {**_post_data([]), "partners": ["abc"]})
    assert response.context["form"].errors["partners"] == ["“abc” bukan nomor lembaga mitra yang sah."]
    response = client_a.post(reverse("agencies:agreement-create"), _post_data([]))
    assert response.context["form"].errors["partners"] == ["Pilih minimal satu lembaga mitra."]
    assert not Agreement.objects.exists()


def test_parent_must_be_own_or_published_province_agreement(clock, client_a, office_b, province):
    foreign = AgreementFactory(office=office_b)
    unpublished = AgreementFactory(office=province, verification_status="draft")
    published = AgreementFactory(office=province, verification_status="verified")
    partner = PartnerFactory()
    for parent in (foreign, unpublished):
        response = client_a.post(reverse("agencies:agreement-create"), _post_data([partner], parent=parent.pk))
        assert response.context["form"].errors["parent"] == [
            "Kerja sama induk yang dipilih tidak tersedia untuk kantor ini."
        ]
    client_a.post(reverse("agencies:agreement-create"), _post_data([partner], parent=published.pk))
    assert Agreement.objects.get(office__code="32.76").parent == published


def test_verifier_creates_in_the_province_office(clock, client_verifier, province):
    client_verifier.post(reverse("agencies:agreement-create"), _post_data([PartnerFactory()]))
    assert Agreement.objects.get().office == province


def test_edit_takes_a_verified_record_back_to_draft(clock, client_a, office_a, staff_a):
    partner = PartnerFactory()
    agreement = AgreementFactory(office=office_a, partners=[partner], verification_status="verified")
    page = client_a.get(reverse("agencies:agreement-edit", args=[agreement.pk])).content.decode()
    assert "akan mengembalikannya ke <strong>draf</strong>" in page
    client_a.post(reverse("agencies:agreement-edit", args=[agreement.pk]), _post_data([partner], version=1))
    agreement.refresh_from_db()
    assert agreement.verification_status == VerificationStatus.DRAFT
    assert VerificationEvent.objects.get(agreement=agreement).action == "reopen"


def test_stale_edit_refused_and_nothing_overwritten(clock, client_a, office_a):
    partner = PartnerFactory()
    agreement = AgreementFactory(office=office_a, partners=[partner], title="Asli")
    url = reverse("agencies:agreement-edit", args=[agreement.pk])
    assert client_a.post(url, _post_data([partner], title="Versi rekan", version=1)).status_code == 302
    response = client_a.post(url, _post_data([partner], title="Versi saya", version=1))
    assert MSG_STALE in response.content.decode()
    assert 'value="Versi saya"' in response.content.decode()
    agreement.refresh_from_db()
    assert (agreement.title, agreement.version) == ("Versi rekan", 2)


def test_history_lists_who_changed_which_field(clock, client_a, office_a, staff_a):
    partner, other = PartnerFactory(name="Mitra Lama"), PartnerFactory(name="Mitra Baru")
    client_a.post(reverse("agencies:agreement-create"), _post_data([partner], title="Judul awal"))
    agreement = Agreement.objects.get()
    url = reverse("agencies:agreement-edit", args=[agreement.pk])
    client_a.post(url, _post_data([other], title="Judul baru", kind="mou", version=1))
    history = client_a.get(reverse("agencies:agreement-detail", args=[agreement.pk])).context["history"]
    assert [e.action for e in history] == ["Diubah", "Dibuat"]  # the partners' second save is folded in
    changes = {label: (old, new) for label, old, new in history[0].changes}
    assert changes == {
        "Judul": ("Judul awal", "Judul baru"),
        "Jenis": ("Perjanjian Kerja Sama (PKS)", "Nota Kesepahaman (MoU)"),
        "Lembaga mitra": ("Mitra Lama", "Mitra Baru"),
    }
    assert history[0].who == staff_a.username


def test_delete_keeps_history_and_unlinks_activities(clock, client_a, office_a, staff_a):
    agreement = AgreementFactory(office=office_a)
    activity = ActivityFactory(office=office_a, agreement=agreement)
    name, data = corpus.real_pdf()
    client_a.post(
        reverse("agencies:evidence-upload", args=["agreement", agreement.pk]),
        {"files": [SimpleUploadedFile(name, data)], "evidence_kind": "signed_document"},
    )
    evidence = Evidence.objects.get()
    page = client_a.get(reverse("agencies:agreement-delete", args=[agreement.pk])).content.decode()
    assert "1 berkas bukti ikut terhapus" in page and "1 kegiatan tetap ada" in page
    response = client_a.post(reverse("agencies:agreement-delete", args=[agreement.pk]))
    assert response["Location"] == reverse("agencies:agreement-list")
    assert not Agreement.objects.filter(pk=agreement.pk).exists()
    assert Agreement.history.get(id=agreement.pk, history_type="-").history_user == staff_a
    assert Evidence.history.filter(id=evidence.pk, history_type="-").exists()
    activity.refresh_from_db()
    assert activity.agreement is None
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_hostile_input_is_stored_as_text_and_escaped(clock, client_a):
    hostile = '"><script>alert(1)</script>'
    client_a.post(
        reverse("agencies:agreement-create"), _post_data([PartnerFactory()], title=hostile, signatories=hostile)
    )
    agreement = Agreement.objects.get()
    assert agreement.title == hostile
    for url in (reverse("agencies:agreement-detail", args=[agreement.pk]), reverse("agencies:agreement-list")):
        page = client_a.get(url).content.decode()
        assert "<script>alert(1)" not in page
        assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_overlong_title_refused(clock, client_a):
    response = client_a.post(reverse("agencies:agreement-create"), _post_data([PartnerFactory()], title="a" * 301))
    assert "paling banyak 300 karakter" in response.context["form"].errors["title"][0]
    assert not Agreement.objects.exists()
