"""End to end in a real Chromium: a Kota Depok staff member records a partner, an agreement with a PDF and an
activity with a photo, submits both; the provincial verifier returns the activity with a note; staff fix and
resubmit; the verifier verifies; the staff home page shows the result."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from agencies.choices import Role
from agencies.choices import VerificationStatus as V
from agencies.models import Activity, Agreement, Evidence, Partner
from tests.accounts.otp import app_code, enrolled
from tests.factories import TEST_PASSWORD, UserFactory, office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PARTNER = "Universitas Gunadarma Kampus Depok"
AGREEMENT = "PKS pengawasan partisipatif bersama Universitas Gunadarma"
ACTIVITY = "Sosialisasi pengawasan partisipatif di kampus Gunadarma"
NOTE = "Daftar hadir belum dilampirkan; lengkapi jumlah peserta perempuan."

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n0\n%%EOF\n"
)


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (138, 21, 56)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def people(db):
    verifier = UserFactory(username="verifikator-uji", role=Role.VERIFIER, office=office("32"), email="v@x.org")
    return {
        "staff": UserFactory(username="staf-depok", role=Role.STAFF, office=office("32.76"), email="depok@example.org"),
        "verifier": verifier,
        "verifier_app": enrolled(verifier),  # the verifier role signs in with a second factor
    }


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


def flash(page) -> str:
    return page.locator(".messages").inner_text()


def save_form(page) -> None:
    page.locator("form.record-form button[type=submit]", has_text="Simpan").click()
    page.wait_for_load_state()


def register_partner(page, shots) -> None:
    page.goto(reverse("agencies:partner-create"))
    page.fill("#id_name", PARTNER)
    page.fill("#id_acronym", "UG Depok")
    page.select_option("#id_category", "university")
    shots.take(page, "staff-partner-form")
    save_form(page)
    assert page.locator("h1").inner_text().startswith(PARTNER)


def pick_partner(page) -> None:
    page.fill("#id_partners-search", "Gunadarma")
    page.locator("li[role=option]", has_text=PARTNER).click()
    assert PARTNER in page.locator(".picker-chips").inner_text()


def record_agreement(page, shots, tmp_path) -> int:
    today = timezone.localdate()
    pdf = tmp_path / "pks-gunadarma.pdf"
    pdf.write_bytes(MINIMAL_PDF)
    page.goto(reverse("agencies:agreement-create"))
    page.select_option("#id_kind", "pks")
    page.fill("#id_title", AGREEMENT)
    pick_partner(page)
    page.check("input[name=focus_areas][value=participatory]")
    page.fill("#id_start_date", (today - dt.timedelta(days=10)).isoformat())
    page.fill("#id_end_date", (today + dt.timedelta(days=365)).isoformat())
    page.set_input_files("input[name=files]", str(pdf))
    page.select_option("#id_evidence_kind", "signed_document")
    shots.take(page, "staff-agreement-form")
    save_form(page)
    assert page.locator("h1").inner_text() == AGREEMENT
    assert "pks-gunadarma.pdf" in page.content()
    shots.take(page, "staff-agreement-detail")
    return int(re.search(r"/kerja-sama/(\d+)/", page.url).group(1))


def record_activity(page, shots, tmp_path, agreement_pk: int) -> int:
    day = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
    photo = tmp_path / "foto-sosialisasi.png"
    photo.write_bytes(_photo())
    page.goto(reverse("agencies:activity-create") + f"?agreement={agreement_pk}")
    assert PARTNER in page.locator(".picker-chips").inner_text()  # partners pre-filled from the agreement
    page.fill("#id_title", ACTIVITY)
    page.select_option("#id_kind", "socialisation")
    page.fill("#id_start_date", day)
    page.fill("#id_end_date", day)
    page.select_option("#id_stage", "campaign")
    page.check("input[name=focus_areas][value=participatory]")
    page.fill("#id_participants_male", "40")
    page.fill("#id_participants_female", "0")
    page.set_input_files("input[name=files]", str(photo))
    page.select_option("#id_evidence_kind", "photo")
    shots.take(page, "staff-activity-form")
    save_form(page)
    assert page.locator("h1").inner_text() == ACTIVITY
    return int(re.search(r"/kegiatan/(\d+)/", page.url).group(1))


def submit_both(page, shots, agreement_pk: int, activity_pk: int) -> None:
    page.goto(reverse("agencies:agreement-detail", args=[agreement_pk]))
    page.get_by_role("button", name="Ajukan untuk verifikasi").click()
    assert "diajukan untuk diverifikasi" in flash(page)
    page.goto(reverse("agencies:activity-list"))  # the activity from the list, with the bulk action
    page.check(f"input[data-row-check][value='{activity_pk}']")
    shots.take(page, "staff-activity-list")
    page.get_by_role("button", name="Ajukan yang dipilih").click()
    assert "1 diajukan, 0 dilewati" in flash(page)


def queue_row(page, title: str):
    return page.locator("table.wf-queue tbody tr", has_text=title)


def return_activity(page, shots) -> None:
    page.get_by_role("link", name=re.compile("Buka antrean verifikasi")).click()
    assert queue_row(page, AGREEMENT).count() == 1 and queue_row(page, ACTIVITY).count() == 1
    shots.take(page, "verifier-queue")
    row = queue_row(page, ACTIVITY)
    row.locator("summary", has_text="Kembalikan").click()
    row.locator("textarea[name=note]").fill(NOTE)
    row.get_by_role("button", name="Kembalikan dengan catatan").click()
    assert "dikembalikan ke Bawaslu Kota Depok" in flash(page)
    assert queue_row(page, ACTIVITY).count() == 0


def fix_and_resubmit(page, shots, activity_pk: int) -> None:
    page.goto(reverse("home"))
    assert "1 data dikembalikan oleh verifikator." in page.content()
    assert NOTE in page.locator("section[aria-labelledby=tugas]").inner_text()
    shots.take(page, "staff-home-returned")
    page.locator("section[aria-labelledby=tugas]").get_by_role("link", name=ACTIVITY).first.click()
    assert NOTE in page.locator(".return-note-top").inner_text()  # the latest note on top of the record
    shots.take(page, "staff-activity-returned")
    page.goto(reverse("agencies:activity-edit", args=[activity_pk]))
    page.fill("#id_participants_female", "25")
    page.fill("#id_outcome", "Daftar hadir dilampirkan; 65 peserta.")
    save_form(page)
    page.get_by_role("button", name="Ajukan kembali").click()
    assert "diajukan untuk diverifikasi" in flash(page)


def verify_both(page, shots) -> None:
    page.goto(reverse("agencies:verification-queue"))
    queue_row(page, ACTIVITY).get_by_role("button", name="Verifikasi").click()
    assert "terverifikasi" in flash(page)
    queue_row(page, AGREEMENT).locator("input.wf-select").check()
    page.get_by_role("button", name="Kerja sama terpilih").click()  # confirm() is accepted by the fixture
    assert "1 diverifikasi, 0 dilewati" in flash(page)
    shots.take(page, "verifier-queue-empty")
    assert "0 data menunggu verifikasi" in page.locator("main").inner_text()


def test_staff_submit_verifier_return_fix_verify(new_page, people, shots, tmp_path):
    staff = new_page()
    login(staff, "staf-depok")
    shots.take(staff, "staff-home-start")
    register_partner(staff, shots)
    agreement_pk = record_agreement(staff, shots, tmp_path)
    activity_pk = record_activity(staff, shots, tmp_path, agreement_pk)
    assert Evidence.objects.filter(agreement_id=agreement_pk, content_type="application/pdf").count() == 1
    assert Evidence.objects.filter(activity_id=activity_pk, content_type="image/png").count() == 1
    submit_both(staff, shots, agreement_pk, activity_pk)

    verifier = new_page()
    login(verifier, "verifikator-uji", app=people["verifier_app"])
    return_activity(verifier, shots)

    fix_and_resubmit(staff, shots, activity_pk)
    verify_both(verifier, shots)

    staff.goto(reverse("home"))
    shots.take(staff, "staff-home-done")
    html = staff.content()
    assert "2 data kantor Anda diverifikasi" in html
    assert "dikembalikan oleh verifikator" not in html
    figures = staff.locator("table.table.compact tbody").inner_text()
    assert re.search(r"Kerja sama\s+0\s+0\s+0\s+1\s+1", figures)
    assert re.search(r"Kegiatan\s+0\s+0\s+0\s+1\s+1", figures)

    assert Partner.objects.filter(name=PARTNER).exists()
    assert Agreement.objects.get(pk=agreement_pk).verification_status == V.VERIFIED
    activity = Activity.objects.get(pk=activity_pk)
    assert (activity.verification_status, activity.participants_female) == (V.VERIFIED, 25)
    subjects = [m.subject for m in mail.outbox if m.to == ["depok@example.org"]]
    assert f"[Hubal Jabar] Kegiatan dikembalikan: {ACTIVITY}" in subjects
    assert f"[Hubal Jabar] Kegiatan terverifikasi: {ACTIVITY}" in subjects
    assert any(s.startswith("[Hubal Jabar] Kerja sama terverifikasi") for s in subjects)
