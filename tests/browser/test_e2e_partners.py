"""In a real Chromium, at 1366×768 and 390×844: the verifier merges a duplicate partner; staff search from the
header box; staff read the inbox (unread count in the header, open an entry, mark all read)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from agencies.choices import NotificationTopic, Role
from agencies.models import Notification, Partner
from tests.accounts.otp import app_code, enrolled
from tests.factories import TEST_PASSWORD, ActivityFactory, AgreementFactory, PartnerFactory, UserFactory, office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


def login(page, username: str, app=None) -> None:
    page.goto(reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main button[type=submit]")
    if app is not None:
        page.wait_for_url(re.compile(r"/akun/dua-langkah/kode/"))
        page.fill("input[name=code]", app_code(app))
        page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def depok(db):
    staff = UserFactory(username="staf-depok", role=Role.STAFF, office=office("32.76"), email="d@example.org")
    kept = PartnerFactory(name="Kesbangpol Kota Depok", acronym="Kesbangpol")
    duplicate = PartnerFactory(name="Kesbangpol Kota Depk", phone="021-7777", registered_by=staff.office)
    AgreementFactory(office=staff.office, partners=[duplicate], title="PKS pengawasan bersama Kesbangpol")
    ActivityFactory(office=staff.office, partners=[duplicate, kept], title="Rapat koordinasi Kesbangpol")
    return staff, kept, duplicate


@pytest.mark.parametrize("size", SIZES)
def test_verifier_merges_two_partners(new_page, depok, shots, size):
    _staff, kept, duplicate = depok
    verifier = UserFactory(username="verifikator-uji", role=Role.VERIFIER, office=office("32"))
    app = enrolled(verifier)
    page = new_page()
    page.set_viewport_size(SIZES[size])
    login(page, verifier.username, app)
    page.goto(reverse("agencies:partner-detail", args=[duplicate.pk]))
    page.get_by_role("link", name="Gabungkan duplikat").click()
    page.get_by_role("link", name="Pertahankan ini").first.click()
    page.wait_for_url(re.compile(rf"keep={kept.pk}"))
    assert "Kerja sama yang dipindahkan (1)" in page.inner_text("main")
    assert "Kegiatan yang dipindahkan (1)" in page.inner_text("main")
    no_sideways_scroll(page)
    shots.take(page, f"verifier-merge-preview-{size}")
    page.get_by_role("button", name="Gabungkan").click()
    page.wait_for_url(re.compile(rf"/mitra/{kept.pk}/$"))
    assert "“Kesbangpol Kota Depk” digabung ke “Kesbangpol Kota Depok”" in page.inner_text(".messages")
    assert "Kesbangpol Kota Depk" in page.inner_text("main")  # kept as "Nama lain"
    no_sideways_scroll(page)
    shots.take(page, f"verifier-merged-{size}")
    assert not Partner.objects.filter(pk=duplicate.pk).exists()
    assert kept.agreements.count() == 1 and kept.activities.count() == 1


@pytest.mark.parametrize("size", SIZES)
def test_staff_search_from_the_header(new_page, depok, shots, size):
    staff, _kept, _duplicate = depok
    page = new_page()
    page.set_viewport_size(SIZES[size])
    login(page, staff.username)
    if page.locator("#header-q").is_visible():
        page.fill("#header-q", "kesbangpol")
        page.press("#header-q", "Enter")
    else:  # a phone: the header keeps only the button, which opens the search page with its own field
        page.locator(".header-search-btn").click()
        page.wait_for_url(re.compile(r"/cari/"))
        page.fill("#search-q", "kesbangpol")
        page.press("#search-q", "Enter")
    page.wait_for_url(re.compile(r"/cari/\?q=kesbangpol"))
    kinds = page.locator(".search-hit .search-kind").all_inner_texts()
    assert {k.strip().casefold() for k in kinds} >= {"lembaga mitra", "kerja sama", "kegiatan"}
    no_sideways_scroll(page)
    shots.take(page, f"staff-search-{size}")
    page.get_by_role("link", name="PKS pengawasan bersama Kesbangpol").click()
    page.wait_for_url(re.compile(r"/kerja-sama/\d+/$"))


@pytest.mark.parametrize("size", SIZES)
def test_staff_reads_the_inbox(new_page, depok, shots, size):
    staff, _kept, _duplicate = depok
    activity = staff.office.activities.get()
    Notification.objects.create(
        recipient=staff,
        topic=NotificationTopic.RETURNED,
        message="Kegiatan “Rapat koordinasi Kesbangpol” dikembalikan: Lengkapi daftar hadir.",
        url=activity.detail_url(),
    )
    Notification.objects.create(
        recipient=staff, topic=NotificationTopic.VERIFIED, message="Kerja sama “X” diverifikasi."
    )
    page = new_page()
    page.set_viewport_size(SIZES[size])
    login(page, staff.username)
    assert page.inner_text("[data-inbox-unread]") == "2"
    page.locator(".inbox-link").click()
    page.wait_for_url(re.compile(r"/kotak-masuk/$"))
    no_sideways_scroll(page)
    shots.take(page, f"staff-inbox-{size}")
    page.locator(".inbox-entry", has_text="dikembalikan").get_by_role("button", name="Buka").click()
    page.wait_for_url(re.compile(rf"/kegiatan/{activity.pk}/$"))
    assert page.inner_text("[data-inbox-unread]") == "1"
    page.locator(".inbox-link").click()
    page.get_by_role("button", name="Tandai semua dibaca").click()
    page.wait_for_url(re.compile(r"/kotak-masuk/$"))
    assert page.locator("[data-inbox-unread]").count() == 0
    assert not Notification.objects.filter(read_at__isnull=True).exists()


@pytest.mark.parametrize("size", SIZES)
def test_quick_create_offers_the_similar_partner_and_saves_the_new_one_with_the_record(new_page, depok, shots, size):
    import datetime as dt

    from django.utils import timezone

    staff, kept, _duplicate = depok
    page = new_page()
    page.set_viewport_size(SIZES[size])
    login(page, staff.username)
    page.goto(reverse("agencies:agreement-create"))
    page.fill("#id_partners-search", "Kesbangpol Kota Depk Baru")
    page.locator("[data-quick-open]").click()
    page.fill("#quick-name", "Kesbangpol Kota Depook")
    page.select_option("#quick-category", "local_gov")
    page.locator("[data-quick-submit]").click()
    offer = page.locator("[data-quick-feedback]")
    offer.get_by_text("Kesbangpol Kota Depok").first.wait_for()
    shots.take(page, f"staff-quick-similar-{size}")
    no_sideways_scroll(page)
    page.fill("#quick-name", "Pusat Studi Pemilu Depok")
    page.locator("[data-quick-submit]").click()
    page.locator(".chip-new", has_text="Pusat Studi Pemilu Depok (baru)").wait_for()
    assert not Partner.objects.filter(name="Pusat Studi Pemilu Depok").exists()  # nothing until the record saves
    page.locator("form.record-form button[type=submit]", has_text="Simpan").click()  # title missing: errors
    page.wait_for_load_state()
    page.locator(".chip-new", has_text="Pusat Studi Pemilu Depok (baru)").wait_for()  # kept across the error
    shots.take(page, f"staff-agreement-pending-partner-{size}")
    assert not Partner.objects.filter(name="Pusat Studi Pemilu Depok").exists()
    page.select_option("#id_kind", "pks")
    page.fill("#id_title", "PKS pusat studi pemilu")
    page.check("input[name=focus_areas][value=participatory]")
    page.fill("#id_start_date", (timezone.localdate() - dt.timedelta(days=3)).isoformat())
    page.locator("form.record-form button[type=submit]", has_text="Simpan").click()
    page.wait_for_url(re.compile(r"/kerja-sama/\d+/$"))
    created = Partner.objects.get(name="Pusat Studi Pemilu Depok")
    assert created.agreements.get().title == "PKS pusat studi pemilu"
    assert created.registered_by == staff.office
