"""Print-ready list exports and LAKIP recap, checked on paper: each workbook is printed to PDF by LibreOffice
headless, then its pages are counted and read back (A4 landscape fitted to the width, the header row repeated,
title, filters and date in the page header, page numbers, header words never split, nothing clipped)."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from agencies.choices import VerificationStatus as V
from reports.lakip.workbook import REKAP_SHEET, build_lakip_workbook
from reports.models import PerformanceIndicator
from reports.spreadsheets import exports
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory, office
from tests.reports.spreadsheets.printing import page_count, page_text, to_pdf, word_boxes, words

pytestmark = pytest.mark.django_db

LONG = "Perjanjian Kerja Sama dengan Komisi Pemilihan Umum Provinsi Jawa Barat tentang pengawasan partisipatif"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def _download(client, kind: str, **params) -> bytes:
    response = client.get(reverse("reports:list-export", args=[kind]), {"format": "xlsx", **params})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _agreements(count: int, **extra):
    partner = PartnerFactory(name="Komisi Pemilihan Umum Provinsi Jawa Barat")
    for number in range(count):
        AgreementFactory(
            office=office("32.76"),
            title=f"{LONG} nomor {number + 1}",
            number=f"00{number}/HM.01/K.JB-76/2026",
            partner_number=f"41{number}/KPU Jabar/2026",
            partners=[partner],
            signatories="Ketua Bawaslu Kota Depok; Ketua KPU Provinsi Jawa Barat",
            start_date=dt.date(2026, 1, 1) + dt.timedelta(days=number),
            **extra,
        )


def test_print_setup_of_a_list_export(client_a):
    _agreements(2)
    sheet = openpyxl.load_workbook(io.BytesIO(_download(client_a, "agreements"))).worksheets[0]
    setup = sheet.page_setup
    width = setup.fitToWidth or 1  # 1 is the default, left out of the file
    assert (setup.orientation, setup.paperSize, width, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.freeze_panes == "C2"  # the header row, the office and the title
    assert "Halaman &P dari &N" in sheet.oddFooter.right.text
    assert sheet.row_dimensions[1].height >= 2 * 13  # "Nomor dokumen Bawaslu" takes two lines
    assert sheet.row_dimensions[2].height >= 3 * 13  # the long title wraps over three lines


def test_nine_agreements_print_on_one_landscape_page(client_a, tmp_path):
    _agreements(9)
    pdf = to_pdf(_download(client_a, "agreements", q="Komisi"), tmp_path)
    assert page_count(pdf) == 2  # the list on one page, the notes sheet ("Keterangan") on the next
    first = page_text(pdf, 1)
    assert all(f"nomor {n}" in first for n in range(1, 10))
    assert "Kerja sama · Bawaslu Kota Depok" in first
    assert "Filter: Cari: Komisi" in first and "Diekspor 28/11/2026 17:00 WIB" in first
    assert "Halaman 1 dari 2" in first
    printed = words(first)
    for header in exports.headers("agreements"):
        assert set(header.split()) <= printed, header  # every header word whole: never broken mid-word


@pytest.mark.parametrize("kind", ["activities", "partners"])
def test_nine_rows_of_the_other_lists_print_on_one_page(client_a, office_a, tmp_path, kind):
    for number in range(9):
        partner = PartnerFactory(name=f"Universitas Negeri Jakarta Kampus {number + 1}")
        ActivityFactory(
            office=office_a,
            title=f"Sosialisasi pengawasan partisipatif di kampus {number + 1}",
            location="Aula Universitas",
            partners=[partner],
            description="Sosialisasi kepada mahasiswa tentang pengawasan partisipatif dan pelaporan pelanggaran.",
        )
    pdf = to_pdf(_download(client_a, kind), tmp_path)
    assert page_count(pdf) == 2
    first = page_text(pdf, 1)
    for header in exports.headers(kind):
        assert set(header.split()) <= words(first), header


def test_a_long_list_repeats_its_header_on_every_page(client_verifier, tmp_path):
    _agreements(60, verification_status=V.VERIFIED)
    pdf = to_pdf(_download(client_verifier, "agreements", verification="verified"), tmp_path)
    pages = page_count(pdf)
    assert pages >= 3  # several pages of the list and the notes
    for page in range(1, pages):
        text = page_text(pdf, page)
        assert {"Nomor", "dokumen", "Bawaslu", "Penanda", "tangan"} <= words(text)  # the header row, repeated
        assert f"Halaman {page} dari {pages}" in text
        assert "Filter: Status verifikasi: Terverifikasi" in text


def test_lakip_recap_header_shows_every_indicator_name(tmp_path, province):
    output = io.BytesIO()
    build_lakip_workbook(output, year=2025, office=province, today=dt.date(2026, 1, 15))
    sheet = openpyxl.load_workbook(io.BytesIO(output.getvalue()))[REKAP_SHEET]
    assert sheet.row_dimensions[5].height > 45  # the fixed 45 points clipped IK-05, IK-06 and IK-08
    pdf = to_pdf(output.getvalue(), tmp_path, "lakip")
    page = next(p for p in range(1, page_count(pdf) + 1) if "REKAPITULASI" in page_text(pdf, p))
    boxes = word_boxes(pdf, page)
    # The header cell lies between the source note above it and the "Realisasi / Capaian" row below it; a clipped
    # label is still in the PDF, but its lines run past those rows (the cell centres it vertically).
    note_bottom = max(bottom for text, _top, bottom in boxes if text == "Sumber:")
    subheader_top = min(top for text, top, _bottom in boxes if text == "Realisasi")
    label_words = {word for indicator in PerformanceIndicator.objects.filter(code__in=["IK-05", "IK-06", "IK-08"])
                   for word in f"{indicator.name} ({indicator.unit})".split()}  # fmt: skip
    inside = {text for text, top, bottom in boxes if note_bottom < top and bottom < subheader_top}
    assert label_words <= inside, sorted(label_words - inside)
