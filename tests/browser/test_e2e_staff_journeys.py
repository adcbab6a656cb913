"""Staff journeys in a real Chromium, at a desktop (1366×768) and a phone (390×844) width: a file kept across a
failed submit; an import that lands on its rows, submitted in one step; renewing an expiring agreement."""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.choices import Role
from agencies.choices import VerificationStatus as V
from agencies.models import Activity, Agreement, Evidence, ImportBatch
from tests.browser.test_e2e_verification import MINIMAL_PDF, flash, login
from tests.factories import AgreementFactory, PartnerFactory, UserFactory, office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
PARTNER = "Universitas Gunadarma Kampus Depok"


@pytest.fixture(params=list(WIDTHS))
def staff_page(request, browser, live_server, db):
    """A signed-in Kota Depok staff member at one of the two widths."""
    UserFactory(username="staf-depok", role=Role.STAFF, office=office("32.76"))
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", timezone_id="Asia/Jakarta", viewport=WIDTHS[request.param]
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, "staf-depok")
    page.width_name = request.param
    yield page
    context.close()


def no_sideways_scroll(page) -> None:
    """Nothing on the page is wider than the screen (tables scroll inside their own box)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{overflow}px wider than the screen"


def pick_partner(page, name: str) -> None:
    page.fill("#id_partners-search", name.split()[1])
    page.locator("li[role=option]", has_text=name).click()


def test_a_file_is_kept_across_a_failed_submit(staff_page, shots, tmp_path):
    page = staff_page
    PartnerFactory(name=PARTNER)
    pdf = tmp_path / "pks-gunadarma.pdf"
    pdf.write_bytes(MINIMAL_PDF)
    page.goto(reverse("agencies:agreement-create"))
    page.select_option("#id_kind", "pks")
    pick_partner(page, PARTNER)
    page.check("input[name=focus_areas][value=participatory]")
    page.fill("#id_start_date", (timezone.localdate() - dt.timedelta(days=10)).isoformat())
    page.set_input_files("input[name=files]", str(pdf))
    page.locator("form.record-form button[type=submit]", has_text="Simpan").click()  # no title: refused
    page.wait_for_load_state()
    assert "Data belum tersimpan" in page.locator("#form-errors").inner_text()
    kept = page.locator("[data-kept-item]")
    assert kept.count() == 1 and "pks-gunadarma.pdf" in kept.inner_text()
    assert kept.get_by_role("button", name=re.compile("Hapus")).is_visible()
    kept.scroll_into_view_if_needed()
    shots.take(page, f"staff-kept-file-{page.width_name}")
    no_sideways_scroll(page)
    page.fill("#id_title", "PKS pengawasan partisipatif bersama Universitas Gunadarma")
    page.locator("form.record-form button[type=submit]", has_text="Simpan").click()
    page.wait_for_url(re.compile(r"/kerja-sama/\d+/$"))
    agreement = Agreement.objects.get()
    assert list(Evidence.objects.filter(agreement=agreement).values_list("original_name", flat=True)) == [
        "pks-gunadarma.pdf"
    ]
    assert "pks-gunadarma.pdf" in page.locator("main").inner_text()


def activity_workbook(path, count: int) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Kegiatan"
    sheet.append(["Nama kegiatan", "Jenis kegiatan", "Tanggal mulai", "Tanggal selesai", "Lembaga mitra", "Tahapan"])
    day = (timezone.localdate() - dt.timedelta(days=5)).strftime("%d/%m/%Y")
    for n in range(1, count + 1):
        sheet.append([f"Rapat koordinasi impor {n}", "Rapat koordinasi", day, day, "Polres Depok", "Kampanye"])
    workbook.save(path)


def test_an_import_lands_on_its_rows_and_is_submitted_in_one_step(staff_page, shots, tmp_path):
    page = staff_page
    PartnerFactory(name="Polres Depok")
    sheet = tmp_path / "kegiatan-triwulan.xlsx"
    activity_workbook(sheet, 3)
    page.goto(reverse("reports:import-start"))
    page.set_input_files("input[name=file]", str(sheet))  # the data type is left to be recognised
    page.get_by_role("button", name="Periksa berkas").click()
    page.wait_for_url(re.compile(r"/impor/pratinjau/"))
    assert "dikenali otomatis dari judul kolom" in page.locator("main").inner_text()
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_url(re.compile(r"/kegiatan/\?batch=\d+$"))
    rows = page.locator("table.records-table tbody tr")
    assert rows.count() == 3
    submit_all = page.get_by_role("button", name="Ajukan semua (3)")
    assert submit_all.is_visible()
    shots.take(page, f"staff-import-landing-{page.width_name}")
    no_sideways_scroll(page)
    submit_all.click()
    page.wait_for_load_state()
    assert "3 diajukan, 0 dilewati" in flash(page)
    batch = ImportBatch.objects.get()
    assert set(Activity.objects.filter(import_batch=batch).values_list("verification_status", flat=True)) == {
        V.SUBMITTED
    }
    assert "Tidak ada lagi kegiatan berstatus draf" in page.locator("main").inner_text()
    shots.take(page, f"staff-import-submitted-{page.width_name}")


def test_renewing_an_expiring_agreement(staff_page, shots):
    page = staff_page
    today = timezone.localdate()
    old = AgreementFactory(
        office=office("32.76"),
        kind="pks",
        title="PKS pengawasan bersama Universitas Indonesia",
        number="001/PKS/2024",
        start_date=today - dt.timedelta(days=700),
        end_date=today + dt.timedelta(days=30),
        partners=[PartnerFactory(name="Universitas Indonesia")],
    )
    page.goto(reverse("agencies:agreement-detail", args=[old.pk]))
    shots.take(page, f"staff-renew-offer-{page.width_name}")
    page.locator(".page-actions").get_by_role("link", name="Perpanjang").click()
    page.wait_for_url(re.compile(r"/perpanjang/$"))
    assert page.input_value("#id_title") == old.title
    assert page.input_value("#id_start_date") == (old.end_date + dt.timedelta(days=1)).isoformat()
    assert "Universitas Indonesia" in page.locator(".picker-chips").inner_text()
    page.fill("#id_number", "002/PKS/2026")
    shots.take(page, f"staff-renew-form-{page.width_name}")
    no_sideways_scroll(page)
    page.locator("form.record-form button[type=submit]", has_text="Simpan").click()
    page.wait_for_url(re.compile(r"/kerja-sama/\d+/$"))
    new = Agreement.objects.get(renewal_of=old)
    assert new.number == "002/PKS/2026"
    assert "Perpanjangan dari" in page.locator("main").inner_text()
    shots.take(page, f"staff-renewal-detail-{page.width_name}")
    page.goto(reverse("agencies:agreement-detail", args=[old.pk]))
    assert "Sudah diperpanjang" in page.locator("main").inner_text()
    assert page.locator(".page-actions").get_by_role("link", name="Perpanjang").count() == 0
