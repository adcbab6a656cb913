"""The verification queue used on a phone (390×844) in a real Chromium: cards instead of a wide table, every
action reachable without scrolling sideways, search and order, a return note box sized for writing, verify and
undo with the trail showing both, and the confirmation before a bulk action (also at 1366×768)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.choices import Role
from agencies.choices import VerificationStatus as V
from agencies.models import Activity
from tests.browser.screens import SIZES, fits_the_width, sign_in
from tests.factories import ActivityFactory, PartnerFactory, UserFactory, office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

QUEUE = reverse("agencies:verification-queue")


@pytest.fixture
def queue_data(db, settings):
    settings.HUBAL_MFA_REQUIRED_ROLES = []  # the two-step sign-in has its own browser tests
    UserFactory(username="verifikator-uji", role=Role.VERIFIER, office=office("32"))
    now = timezone.now()
    ugm = PartnerFactory(name="Universitas Gadjah Mada")
    rows = [
        ("32.76", "Rapat koordinasi pengawasan kampanye Depok", 50, []),
        ("32.76", "Sosialisasi pengawasan partisipatif di kampus", 40, [ugm]),
        ("32.01", "Audiensi dengan Polres Bogor", 30, []),
    ]
    for code, title, minutes, partners in rows:
        ActivityFactory(
            office=office(code),
            title=title,
            verification_status=V.SUBMITTED,
            submitted_at=now - dt.timedelta(minutes=minutes),
            **({"partners": partners} if partners else {}),
        )


def card(page, title: str):
    return page.locator("table.wf-queue tbody tr", has_text=title)


def within_width(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


def test_queue_on_a_phone_verify_undo_return(new_page, queue_data, shots):
    page = new_page(*SIZES["phone"])
    sign_in(page, "verifikator-uji")
    page.goto(QUEUE)
    shots.take(page, "verifier-queue-phone")
    assert fits_the_width(page)
    assert page.locator("table.wf-queue thead").is_hidden()  # cards, not columns
    first = card(page, "Rapat koordinasi pengawasan kampanye Depok")
    assert within_width(page, first)
    assert within_width(page, first.get_by_role("button", name="Verifikasi"))
    office_cell = first.locator("td[data-label=Kantor]")
    assert office_cell.inner_text() == "Kota Depok"
    assert office_cell.evaluate("td => getComputedStyle(td, '::before').content") == '"Kantor: "'  # labelled

    first.get_by_role("button", name="Verifikasi").click()
    assert "terverifikasi" in page.locator(".messages").inner_text()
    recent = page.locator("details.wf-recent")
    assert recent.get_attribute("open") is not None
    shots.take(page, "verifier-queue-phone-verified")
    recent.get_by_role("button", name="Batalkan verifikasi").click()
    assert "dibatalkan" in page.locator(".messages").inner_text()
    assert card(page, "Rapat koordinasi pengawasan kampanye Depok").count() == 1
    record = Activity.objects.get(title="Rapat koordinasi pengawasan kampanye Depok")
    assert record.verification_status == V.SUBMITTED
    page.goto(record.detail_url())
    trail = page.locator("ol.trail").inner_text()
    assert "Diverifikasi" in trail and "Verifikasi dibatalkan" in trail

    page.goto(QUEUE)
    second = card(page, "Audiensi dengan Polres Bogor")
    second.locator("summary", has_text="Kembalikan").click()
    note = second.locator("textarea[name=note]")
    box = note.bounding_box()
    assert box["width"] >= 300 and box["height"] >= 120, box  # sized for writing a note
    assert within_width(page, note)
    shots.take(page, "verifier-queue-phone-return")
    note.fill("Lampirkan daftar hadir dan notulen.")
    second.get_by_role("button", name="Kembalikan dengan catatan").click()
    assert "dikembalikan" in page.locator(".messages").inner_text()


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_queue_search_order_and_bulk_confirmation(new_page, queue_data, shots, size):
    page = new_page(*SIZES[size])
    asked = []
    page.on("dialog", lambda dialog: asked.append(dialog.message))
    sign_in(page, "verifikator-uji")
    page.goto(QUEUE)
    page.get_by_label("Cari judul, kantor, atau mitra").fill("gadjah mada")  # the queue's own search, not the header's
    page.get_by_role("button", name="Terapkan").click()
    titles = page.locator("table.wf-queue tbody tr a strong").all_inner_texts()
    assert titles == ["Sosialisasi pengawasan partisipatif di kampus"]
    page.goto(QUEUE)
    page.select_option("select[name=order]", "newest")
    page.get_by_role("button", name="Terapkan").click()
    titles = page.locator("table.wf-queue tbody tr a strong").all_inner_texts()
    assert titles[0] == "Audiensi dengan Polres Bogor"
    shots.take(page, f"verifier-queue-sorted-{size}")
    for title in ("Audiensi dengan Polres Bogor", "Sosialisasi pengawasan partisipatif di kampus"):
        card(page, title).locator("input.wf-select").check()
    page.get_by_role("button", name="Kegiatan terpilih").click()
    assert asked == ["Verifikasi semua kegiatan yang dipilih? (2 data)"]
    assert "2 diverifikasi, 0 dilewati" in page.locator(".messages").inner_text()
    assert page.locator("details.wf-recent summary").inner_text().startswith("Baru saja Anda verifikasi (2)")
