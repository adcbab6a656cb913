"""List exports: exactly the list's rows (scope, filters, order), Indonesian headers, real dates, names."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from agencies.choices import VerificationStatus
from reports.spreadsheets import exports as spreadsheets
from tests.factories import ActivityFactory, AgreementFactory, EvidenceFactory, PartnerFactory, office

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def export(client, what, fmt="xlsx", **params):
    response = client.get(reverse("reports:list-export", args=[what]), {"format": fmt, **params})
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def sheet_rows(data: bytes, index=0) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return list(workbook.worksheets[index].iter_rows(values_only=True))


@pytest.fixture
def activity(office_a):
    polres = PartnerFactory(name="Polres Depok")
    unpad = PartnerFactory(name="Universitas Padjadjaran")
    agreement = AgreementFactory(office=office_a, number="001/PKS/2026", partners=[polres])
    activity = ActivityFactory(
        office=office_a,
        title="Rapat koordinasi netralitas",
        start_date=dt.date(2026, 3, 9),
        end_date=dt.date(2026, 3, 10),
        location="Aula Bawaslu",
        partners=[unpad, polres],
        agreement=agreement,
        focus_areas=["prevention", "participatory"],
        stage="campaign",
        ikp_dimensions=["contestation"],
        participants_male=12,
        participants_female=9,
        reports_received=2,
        verification_status=VerificationStatus.VERIFIED,
        budget_ceiling=Decimal("15000000"),
        budget_spent=Decimal("12450000.50"),
        budget_line="5227.QDC.001.052.A.521211",
    )
    EvidenceFactory(activity=activity)
    return activity


def test_activity_xlsx_headers_and_values(client_a, activity):
    response, data = export(client_a, "activities")
    assert response["Content-Disposition"] == 'attachment; filename="kegiatan-bawaslu-kota-depok-2026-11-28.xlsx"'
    header, row = sheet_rows(data)
    assert list(header) == [
        "Kantor", "Nama kegiatan", "Jenis kegiatan", "Tanggal mulai", "Tanggal selesai", "Tempat", "Lembaga mitra",
        "Kerja sama terkait", "Ruang lingkup", "Tahapan", "Dimensi IKP", "Peserta laki-laki", "Peserta perempuan",
        "Jumlah peserta", "Laporan dari mitra", "Jumlah bukti", "Status verifikasi", "Uraian kegiatan",
        "Hasil kegiatan", "Tindak lanjut", "Pagu anggaran (Rp)", "Realisasi anggaran (Rp)", "Kode akun/kegiatan DIPA",
    ]  # fmt: skip
    assert list(row) == [
        "Bawaslu Kota Depok", "Rapat koordinasi netralitas", "Rapat koordinasi", dt.datetime(2026, 3, 9),
        dt.datetime(2026, 3, 10), "Aula Bawaslu", "Polres Depok; Universitas Padjadjaran", "001/PKS/2026",
        "Pencegahan pelanggaran; Pengawasan partisipatif", "Kampanye", "Kontestasi", 12, 9, 21, 2, 1,
        "Terverifikasi", None, None, None, 15000000, 12450000.5, "5227.QDC.001.052.A.521211",
    ]  # fmt: skip
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.worksheets[0]["D2"].number_format == "dd/mm/yyyy"
    assert workbook.worksheets[0].freeze_panes == "C2"  # the header row, the office and the name of the activity


def test_activity_csv_is_utf8_bom_semicolon_with_dd_mm_yyyy(client_a, activity):
    response, data = export(client_a, "activities", "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="kegiatan-bawaslu-kota-depok-2026-11-28.csv"'
    assert data.startswith(b"\xef\xbb\xbf")
    header, row = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert header == spreadsheets.headers("activities")
    assert row[:5] == [
        "Bawaslu Kota Depok",
        "Rapat koordinasi netralitas",
        "Rapat koordinasi",
        "09/03/2026",
        "10/03/2026",
    ]
    assert row[6] == "Polres Depok; Universitas Padjadjaran"
    assert row[11:17] == ["12", "9", "21", "2", "1", "Terverifikasi"]
    assert row[-3:] == ["15000000", "12450000.5", "5227.QDC.001.052.A.521211"]


def test_filters_and_order_are_the_lists(client_verifier, activity, office_b):
    ActivityFactory(
        office=office_b,
        title="Audiensi Bogor",
        kind="audience",
        start_date=dt.date(2026, 2, 1),
        end_date=dt.date(2026, 2, 1),
    )
    ActivityFactory(
        office=office_b,
        title="Bimtek Bogor",
        kind="training",
        start_date=dt.date(2025, 5, 1),
        end_date=dt.date(2025, 5, 1),
    )
    titles = [r[1] for r in sheet_rows(export(client_verifier, "activities", sort="title")[1])[1:]]
    assert titles == ["Audiensi Bogor", "Bimtek Bogor", "Rapat koordinasi netralitas"]
    titles = [r[1] for r in sheet_rows(export(client_verifier, "activities", year="2026", office="32.01")[1])[1:]]
    assert titles == ["Audiensi Bogor"]
    titles = [r[1] for r in sheet_rows(export(client_verifier, "activities", verification="verified")[1])[1:]]
    assert titles == ["Rapat koordinasi netralitas"]


def test_notes_sheet_says_what_was_exported(client_verifier, activity, verifier):
    verifier.first_name, verifier.last_name = "Rina", "Verifikator"
    verifier.save()
    response, data = export(client_verifier, "activities", office="32.76", kind="coordination", q="netralitas")
    assert response["Content-Disposition"].endswith('"kegiatan-bawaslu-kota-depok-2026-11-28.xlsx"')
    notes = dict(sheet_rows(data, index=1))
    assert notes["Cakupan"] == "Bawaslu Kota Depok"
    assert notes["Diekspor oleh"] == "Rina Verifikator (Bawaslu Provinsi Jawa Barat)"
    assert notes["Waktu ekspor"] == "28/11/2026 17:00 WIB"
    assert notes["Filter"] == "Cari: netralitas; Kantor: Bawaslu Kota Depok; Jenis kegiatan: Rapat koordinasi"
    assert notes["Jumlah baris"] == "1"


def test_province_wide_file_name(client_verifier, activity):
    response, _ = export(client_verifier, "agreements", "csv")
    assert response["Content-Disposition"] == 'attachment; filename="kerja-sama-se-jawa-barat-2026-11-28.csv"'


def test_agreement_columns(client_a, office_a, province):
    parent = AgreementFactory(office=province, number="NK/01/2025", title="MoU nasional")
    AgreementFactory(
        office=office_a,
        kind="pks",
        title="PKS pengawasan",
        number="002/PKS",
        partners=[PartnerFactory(name="KPU Kota Depok")],
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2027, 6, 30),
        parent=parent,
        is_public=True,
    )
    header, row = sheet_rows(export(client_a, "agreements")[1])
    values = dict(zip(header, row, strict=True))
    assert values["Jenis kerja sama"] == "Perjanjian Kerja Sama (PKS)"
    assert values["Lembaga mitra"] == "KPU Kota Depok"
    assert values["Mulai berlaku"] == dt.datetime(2026, 1, 1)
    assert values["Status"] == "Aktif"
    assert values["Kerja sama induk"] == "NK/01/2025"
    assert values["Dapat dipublikasikan"] == "Ya"
    assert values["Diakhiri pada"] is None
    assert values["Status verifikasi"] == "Draf"


def test_partner_columns_and_counts_scope(client_a, office_a, office_b):
    partner = PartnerFactory(name="Universitas Indonesia", acronym="UI", home_office=office_a, category="university")
    ActivityFactory(office=office_a, partners=[partner])
    ActivityFactory(office=office_b, partners=[partner])
    header, row = sheet_rows(export(client_a, "partners", q="Universitas Indonesia")[1])
    values = dict(zip(header, row, strict=True))
    assert values["Nama lembaga"] == "Universitas Indonesia"
    assert values["Kategori"] == "Perguruan tinggi"
    assert values["Wilayah"] == "Kota Depok"
    assert values["Didaftarkan oleh"] == "Bawaslu Kota Depok"
    # Office A sees only its own activity with this partner.
    assert values["Jumlah kegiatan"] == 1


def test_partner_names_are_right_across_chunks(client_verifier, monkeypatch, office_a):
    monkeypatch.setattr(spreadsheets, "CHUNK", 2)
    for i in range(5):
        ActivityFactory(office=office_a, title=f"Kegiatan {i}", partners=[PartnerFactory(name=f"Mitra {i}")])
    rows = sheet_rows(export(client_verifier, "activities", sort="title")[1])[1:]
    assert [(r[1], r[6]) for r in rows] == [(f"Kegiatan {i}", f"Mitra {i}") for i in range(5)]


def test_empty_export_has_headers_only(client_b, activity):
    rows = sheet_rows(export(client_b, "activities")[1])
    assert rows == [tuple(spreadsheets.headers("activities"))]
    assert office("32.01").name == "Bawaslu Kabupaten Bogor"
