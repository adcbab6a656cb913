"""The LAKIP workbook read back with openpyxl: sheets, headers, values equal to the selector's, formats, print
setup, annexes, formula injection, and the export_lakip command."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.core.management import CommandError, call_command

from agencies.choices import PartnerCategory
from agencies.choices import VerificationStatus as V
from reports.lakip import rules
from reports.lakip import selectors as lakip
from reports.lakip.workbook import MEASURE_COLUMNS, build_lakip_workbook
from reports.models import PerformanceIndicator, PerformanceTarget
from tests.factories import ActivityFactory, AgreementFactory, PartnerFactory, office
from tests.reports.lakip.test_lakip import AFTER_2025, build_dataset

pytestmark = pytest.mark.django_db

HEADER_ROW = 5  # title, unit, source note, blank, then the header (1-based rows)


def workbook_for(code: str, year: int = 2025, today=AFTER_2025) -> openpyxl.Workbook:
    output = io.BytesIO()
    build_lakip_workbook(output, year=year, office=office(code), today=today)
    return openpyxl.load_workbook(io.BytesIO(output.getvalue()))


def header(ws, row: int = HEADER_ROW) -> list:
    return [cell.value for cell in ws[row]]


def data_rows(ws, first: int = HEADER_ROW + 1) -> list[list]:
    return [[cell.value for cell in row] for row in ws.iter_rows(min_row=first)]


@pytest.fixture
def dataset(db):
    return build_dataset()


def test_office_workbook_sheets_and_titles(dataset):
    wb = workbook_for("32.76")
    assert wb.sheetnames == [
        "Perjanjian Kinerja",
        "Pengukuran Kinerja",
        "Perbandingan Antar Tahun",
        "Lampiran Kegiatan",
        "Lampiran Kerja Sama",
    ]
    ws = wb["Pengukuran Kinerja"]
    assert ws["A1"].value == "PENGUKURAN KINERJA TAHUN 2025"
    assert ws["A2"].value == "Bawaslu Kota Depok"
    assert "s.d. 31/12/2025" in ws["A3"].value
    assert header(ws) == [label for label, _width in MEASURE_COLUMNS]
    assert header(wb["Perjanjian Kinerja"])[:5] == [
        "No",
        "Sasaran Strategis",
        "Indikator Kinerja",
        "Satuan",
        "Target Tahunan",
    ]


def test_measurement_values_equal_the_selector(dataset):
    ws = workbook_for("32.76")["Pengukuran Kinerja"]
    report = lakip.unit_report(2025, office("32.76"), today=AFTER_2025)
    rows = data_rows(ws)
    assert len(rows) == len(report.results) == 8
    for row, result in zip(rows, report.results, strict=True):
        assert row[2] == f"{result.indicator.code} {result.indicator.name}"
        expected = [*result.quarters, result.year_value]
        for cell, value in zip(row[5:10], expected, strict=True):
            assert cell == ("–" if value is None else pytest.approx(float(rules.round2(value))))
        assert row[10] == ("–" if result.capaian is None else pytest.approx(float(rules.round2(result.capaian)) / 100))
    # A sample worked out by hand in test_lakip: IK-03 target 4, TW 1/3/0/1, year 5, capaian 125 %.
    ik03 = rows[2]
    assert ik03[4:11] == [4, 1, 3, 0, 1, 5, 1.25]
    # IK-07: TW II 33.33 %, TW III "–" (no activities), year 60, capaian 75 %.
    assert rows[6][5:11] == [100, 33.33, "–", 100, 60, 0.75]
    # IK-02 target 0: capaian "–"; IK-04 without target: target and capaian "–".
    assert rows[1][10] == "–" and rows[3][4] == "–" and rows[3][10] == "–"


def test_number_formats_freeze_and_print_setup(dataset):
    ws = workbook_for("32.76")["Pengukuran Kinerja"]
    ik03 = HEADER_ROW + 3
    assert ws.cell(ik03, 6).number_format == "#,##0"
    assert ws.cell(ik03, 11).number_format == "0.00%"
    assert ws.cell(HEADER_ROW + 7, 7).number_format == "#,##0.00"  # IK-07 TW II, 33.33
    assert ws.cell(HEADER_ROW, 1).font.b and ws.cell(HEADER_ROW, 1).border.left.style == "thin"
    assert ws.freeze_panes == "A6"
    assert ws.print_title_rows == "$5:$5"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.column_dimensions["C"].width > 30


def test_perjanjian_kinerja_targets(dataset):
    rows = data_rows(workbook_for("32.76")["Perjanjian Kinerja"])
    ik03 = rows[2]
    assert ik03[1] == "Meningkatnya keterlibatan lembaga mitra dalam pencegahan pelanggaran pemilu"
    assert ik03[3] == "kegiatan" and ik03[4:9] == [4, 1, 1, 1, 1]
    assert rows[3][4] == "–"  # IK-04 has no target


def test_activity_annex(dataset):
    ws = workbook_for("32.76")["Lampiran Kegiatan"]
    assert header(ws)[:7] == [
        "No",
        "Kantor",
        "Tanggal Mulai",
        "Tanggal Selesai",
        "Nama Kegiatan",
        "Jenis Kegiatan",
        "Lembaga Mitra",
    ]
    rows = data_rows(ws)
    # Verified activities of Kota Depok ended in 2025, by end date: a1 31/03, a2 01/04, a9 02/04, a3 15/04, a4
    # 20/11 (a5 and a6 are not verified, a8 ended in 2024).
    titles = [row[4] for row in rows]
    assert titles == [dataset[k].title for k in ("a1", "a2", "a9", "a3", "a4")]
    first = rows[0]
    assert first[1] == "Bawaslu Kota Depok"
    assert first[2] == dt.datetime(2025, 3, 31) and ws.cell(HEADER_ROW + 1, 3).number_format == "dd/mm/yyyy"
    assert first[6] == "Pemantau Dua; Universitas Satu"  # partners, sorted by name
    assert first[10:15] == [0, 0, 0, 2, 1]  # participants m/f/total, reports, evidence count
    assert ws.auto_filter.ref == "A5:O10"
    assert ws.freeze_panes == "A6"


def test_agreement_annex(dataset):
    rows = data_rows(workbook_for("32.76")["Lampiran Kerja Sama"])
    # In force during 2025 and verified: g3 (from 2024, terminated 30/09/2025), g1, g2; not g4 (submitted).
    assert [row[5] for row in rows] == [dataset[k].title for k in ("g3", "g1", "g2")]
    g3 = rows[0]
    assert g3[10] == "Tanpa batas waktu" and g3[11] == "Diakhiri"
    assert rows[1][8] == dt.datetime(2025, 3, 31)  # g1 signed on


def test_province_workbook_has_recap_with_totals(dataset):
    wb = workbook_for("32")
    assert wb.sheetnames == [
        "Perjanjian Kinerja",
        "Pengukuran Kinerja",
        "Perbandingan Antar Tahun",
        "Rekap Kab-Kota",
        "Lampiran Kegiatan",
        "Lampiran Kerja Sama",
    ]
    ws = wb["Rekap Kab-Kota"]
    assert ws["C5"].value.startswith("IK-01 ") and ws["C6"].value == "Realisasi" and ws["D6"].value == "Capaian (%)"
    assert ws.freeze_panes == "C7" and ws.print_title_rows == "$5:$6"
    rows = {row[1]: row for row in data_rows(ws, first=7)}
    assert len(rows) == 29  # 27 offices, the province office's own records, the total
    ik03 = 2 + 2 * 2  # columns of IK-03 (0-based): realisation, then capaian
    assert rows["Bawaslu Kota Depok"][ik03 : ik03 + 2] == [5, 1.25]
    assert rows["Bawaslu Provinsi Jawa Barat (data kantor provinsi)"][ik03 : ik03 + 2] == [1, "–"]
    assert rows["Jawa Barat (seluruh kantor)"][ik03 : ik03 + 2] == [7, 0.7]
    # The province's Pengukuran Kinerja sheet shows the same total.
    measure = data_rows(wb["Pengukuran Kinerja"])
    assert measure[2][4:11] == [10, 2, 3, 1, 1, 7, 0.7]
    assert len(data_rows(wb["Lampiran Kegiatan"])) == 7  # a1, a2, a3, a4, a9, b1, p1


INJECTION_CORPUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x", '=HYPERLINK("http://evil.example","klik")']


def test_formula_injection_corpus_is_inert(db):
    depok = office("32.76")
    day = dt.date(2025, 6, 2)
    for index, payload in enumerate(INJECTION_CORPUS):
        partner = PartnerFactory(name=f"{payload} mitra {index}", category=PartnerCategory.NGO)
        agreement = AgreementFactory(
            office=depok,
            title=payload,
            number=payload,
            verification_status=V.VERIFIED,
            partners=[partner],
            start_date=day,
            end_date=None,
        )
        ActivityFactory(
            office=depok,
            title=payload,
            location=payload,
            verification_status=V.VERIFIED,
            partners=[partner],
            agreement=agreement,
            start_date=day,
            end_date=day,
        )
    PerformanceIndicator.objects.filter(code="IK-01").update(strategic_goal="=1+1", unit="-2+3")
    wb = workbook_for("32.76")
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    for value in texts:
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert "'=1+1" in texts and "'-2+3" in texts and "'@cmd" in texts and "'+SUM(A1)" in texts
    assert "'\t=x" in texts
    assert '\'=HYPERLINK("http://evil.example","klik")' in texts
    assert any(value.startswith("'") and value.endswith("=x") and "\t" not in value for value in texts)  # "\r=x"
    assert any(value.startswith("'=") and " mitra " in value for value in texts)  # partner names cell


def test_export_lakip_command_writes_the_same_workbook(dataset, tmp_path):
    target = tmp_path / "lakip-depok.xlsx"
    with time_machine.travel(dt.datetime(2026, 1, 15, 9, 0), tick=False):
        call_command("export_lakip", year=2025, office="3276", output=str(target), stdout=io.StringIO())
    wb = openpyxl.load_workbook(target)
    assert wb["Pengukuran Kinerja"]["A2"].value == "Bawaslu Kota Depok"
    assert data_rows(wb["Pengukuran Kinerja"])[2][4:11] == [4, 1, 3, 0, 1, 5, 1.25]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"office": "99.99"}, "Kode kantor tidak dikenal"),
        ({"output": "laporan.pdf"}, ".xlsx"),
        ({"year": 1990}, "Tahun"),
        ({"output": "/tidak/ada/folder/x.xlsx"}, "Folder tidak ada"),
    ],
)
def test_export_lakip_command_refuses_bad_arguments(db, tmp_path, options, message):
    arguments = {"year": 2025, "office": "32", "output": str(tmp_path / "x.xlsx"), **options}
    with pytest.raises(CommandError, match=message):
        call_command("export_lakip", **arguments)


def test_decimal_targets_are_written_as_numbers(db):
    PerformanceTarget.objects.create(
        indicator=PerformanceIndicator.objects.get(code="IK-07"),
        office=office("32.76"),
        year=2025,
        yearly=Decimal("82.5"),
    )
    rows = data_rows(workbook_for("32.76")["Perjanjian Kinerja"])
    assert rows[6][4] == 82.5


def test_nothing_after_today_in_the_annexes(dataset):
    # 2025 not begun yet (today 20/12/2024): the header says so and both annexes are empty, although g1, g2, g5
    # and the 2025 activities exist.
    wb = workbook_for("32.76", today=dt.date(2024, 12, 20))
    assert any(
        "(tahun belum dimulai)" in str(cell.value) for row in wb["Pengukuran Kinerja"].iter_rows() for cell in row
    )
    assert data_rows(wb["Lampiran Kerja Sama"]) == []
    assert data_rows(wb["Lampiran Kegiatan"]) == []
    # Measured on 31/03/2025: only what happened up to that day (a1 ended that day; g3 in force; g1 and g2 start
    # on 1 April).
    wb = workbook_for("32.76", today=dt.date(2025, 3, 31))
    assert [row[4] for row in data_rows(wb["Lampiran Kegiatan"])] == [dataset["a1"].title]
    assert [row[5] for row in data_rows(wb["Lampiran Kerja Sama"])] == [dataset["g3"].title]


def test_agreement_annex_leaves_out_an_agreement_terminated_on_its_start_day(dataset):
    from tests.factories import AgreementFactory

    AgreementFactory(
        office=office("32.76"),
        start_date=dt.date(2025, 6, 10),
        end_date=None,
        terminated_on=dt.date(2025, 6, 10),
        termination_reason="Batal",
        verification_status="verified",
    )
    rows = data_rows(workbook_for("32.76")["Lampiran Kerja Sama"])
    assert [row[5] for row in rows] == [dataset[k].title for k in ("g3", "g1", "g2")]
