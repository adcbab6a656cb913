"""The LKjIP chapter as .docx: tables read back with python-docx, the text of the PDF (LibreOffice), downloads,
the command, permissions and query budget."""

import datetime as dt
import io
import os
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from agencies.choices import VerificationStatus as V
from reports.lakip import analysis, renstra
from reports.lakip.document.builder import build_lkjip
from reports.lakip.models import RenstraTarget
from reports.lakip.publishing import lakip_publish
from reports.lakip.snapshot import build_snapshot
from reports.models import PerformanceIndicator, PerformanceTarget
from tests.factories import ActivityFactory, office
from tests.matrix import LOGIN, check_matrix

pytestmark = [pytest.mark.django_db, pytest.mark.clock(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC))]

D = dt.date
M = Decimal(1_000_000)
REQUIRE_OFFICE = os.environ.get("HUBAL_REQUIRE_OFFICE") == "1"


@pytest.fixture
def depok(staff_a, verifier):
    """Kota Depok 2025 (measured 15/01/2026). IK-03: 2024 = 4 activities, 2025 = 9 against a target of 10 →
    90,00 % Baik; change +5 (+125,00 %). Renstra 2025–2029: 2025 = 8, end target 50 → 9 of 50 = 18,00 %.
    Activities 2025 carry pagu 30 jt (3 × 10 jt) and spent 24 jt (3 × 8 jt): 80,00 % absorbed.
    The goal of IK-03 holds IK-04 (distinct partners: no target) and IK-05 (no target): mean capaian 90 → Baik;
    efficiency 90 ÷ 80 = 1,13 (1,125 rounded)."""
    depok = office("32.76")
    ik03 = PerformanceIndicator.objects.get(code="IK-03")
    PerformanceTarget.objects.create(indicator=ik03, office=depok, year=2025, yearly=10)
    period = renstra.renstra_period_create(user=verifier, start_year=2025)
    RenstraTarget.objects.create(period=period, indicator=ik03, office=depok, y1=8, y5=12, end_target=50)
    for day in range(1, 5):
        ActivityFactory(
            office=depok, start_date=D(2024, 3, day), end_date=D(2024, 3, day), verification_status=V.VERIFIED
        )
    for day in range(1, 10):
        money = {"budget_ceiling": 10 * M, "budget_spent": 8 * M} if day <= 3 else {}
        ActivityFactory(office=depok, start_date=D(2025, 5, day), end_date=D(2025, 5, day), partners=[],
                        verification_status=V.VERIFIED, **money)  # fmt: skip
    texts = {
        "reason": "Rapat koordinasi rutin bulanan dengan mitra.",
        "obstacles": "Keterbatasan anggaran perjalanan.",
        "solutions": "Rapat daring.",
        "follow_up": "Menambah FGD dengan perguruan tinggi.",
    }
    item = analysis.analysis_save(user=staff_a, office=depok, indicator=ik03, year=2025, texts=texts)
    analysis.analysis_submit(user=staff_a, analysis=item)
    analysis.analysis_verify(user=verifier, analysis=item)
    return depok


def docx_bytes(depok) -> bytes:
    output = io.BytesIO()
    build_lkjip(output, build_snapshot(2025, depok))
    return output.getvalue()


def tables(data: bytes) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in Document(io.BytesIO(data)).tables]


def row_of(grid: list[list[str]], start: str) -> list[str]:
    return next(row for row in grid if any(cell.startswith(start) for cell in row[:3]))


def test_document_tables_read_back(depok):
    data = docx_bytes(depok)
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    footer_xml = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml and "LKjIP 2025 · Bawaslu Kota Depok" in footer_xml
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BAWASLU KOTA DEPOK" in text and "TAHUN 2025" in text and "PRATINJAU" in text
    assert "Rapat koordinasi rutin bulanan dengan mitra." in text and "Menambah FGD" in text
    pk, measure, goals, comparison = tables(data)[:4]
    assert pk[0] == ["No", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Target"]
    assert row_of(pk, "IK-03")[4] == "10"
    assert row_of(measure, "IK-03")[3:] == ["10", "9", "90,00%", "Baik"]
    assert row_of(goals, PerformanceIndicator.objects.get(code="IK-03").strategic_goal)[2:] == ["90,00%", "Baik"]
    assert row_of(comparison, "IK-03")[1:] == [
        "– (tidak ada data)", "4", "9", "+5 (+125,00%)", "8", "50", "9 (kumulatif)", "18,00%",
    ]  # fmt: skip
    budget = tables(data)[-1]
    goal = row_of(budget, PerformanceIndicator.objects.get(code="IK-03").strategic_goal)
    assert goal[1:] == ["30.000.000", "24.000.000", "80,00%", "90,00%", "1,13"]
    assert budget[-1][:3] == ["Seluruh unit (setiap data sekali)", "30.000.000", "24.000.000"]
    assert len(document.inline_shapes) == len(PerformanceIndicator.objects.filter(is_active=True))


def _office_tools() -> str | None:
    missing = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
    return f"missing {', '.join(missing)}" if missing else None


def test_pdf_text_through_libreoffice(depok, tmp_path):
    if reason := _office_tools():
        if REQUIRE_OFFICE:
            pytest.fail(f"HUBAL_REQUIRE_OFFICE=1 but {reason}")
        pytest.skip(reason)
    source = tmp_path / "lkjip.docx"
    source.write_bytes(docx_bytes(depok))
    profile = f"-env:UserInstallation=file://{tmp_path}/lo-profile"
    subprocess.run(
        ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "lkjip.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "LAPORAN KINERJA INSTANSI PEMERINTAH" in text and "BAWASLU KOTA DEPOK" in text
    assert "90,00%" in text and "18,00%" in text and "30.000.000" in text and "1,13" in text
    assert "Halaman 2 dari" in text  # the PAGE and NUMPAGES fields are filled in


def test_downloads_and_permissions(role_clients, depok, verifier):
    live = reverse("reports:lkjip") + "?year=2025&office=32.76"
    expected = {"anonymous": LOGIN, "own_office": 200, "other_office": 404, "verifier": 200, "leader": 200}
    check_matrix(role_clients, "get", live, expected)
    response = role_clients["own_office"].get(live)
    assert response["Content-Disposition"] == 'attachment; filename="LKjIP-2025-Kota-Depok.docx"'
    published = lakip_publish(user=verifier, year=2025, office=depok)
    check_matrix(role_clients, "get", reverse("reports:lkjip-published", args=[published.pk]), expected)
    content = b"".join(role_clients["leader"].get(reverse("reports:lkjip-published", args=[published.pk])))
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "Diterbitkan 15/01/2026" in text and "PRATINJAU" not in text


def test_command_writes_the_live_and_the_published_chapter(depok, verifier, tmp_path):
    path = tmp_path / "lkjip.docx"
    call_command("export_lkjip", "--year", "2025", "--office", "32.76", "--output", str(path))
    assert row_of(tables(path.read_bytes())[1], "IK-03")[3:] == ["10", "9", "90,00%", "Baik"]
    lakip_publish(user=verifier, year=2025, office=depok)
    PerformanceTarget.objects.filter(office=depok).update(yearly=18)
    call_command("export_lkjip", "--year", "2025", "--office", "3276", "--published", "--output", str(path))
    assert row_of(tables(path.read_bytes())[1], "IK-03")[3:] == ["10", "9", "90,00%", "Baik"]
    call_command("export_lkjip", "--year", "2025", "--output", str(tmp_path / "jabar.docx"))
    province = "\n".join(p.text for p in Document(str(tmp_path / "jabar.docx")).paragraphs)
    assert "BAWASLU PROVINSI JAWA BARAT" in province and "seluruh Jawa Barat" in province
    recap = tables((tmp_path / "jabar.docx").read_bytes())[-1]
    assert recap[0][:4] == ["Kantor", "IK-01", "IK-02", "IK-03"] and len(recap) == 1 + 28
    assert row_of(recap, "Kota Depok")[3] == "9\n50,00%"  # IK-03 live: 9 activities of the new target of 18
    assert row_of(recap, "Provinsi Jawa Barat (data sendiri)")[3] == "0"


def test_live_download_query_budget(client_a, depok, django_assert_num_queries):
    # session, user (with their office, the default unit), the requested office, the chapter read live: Renstra
    # period, indicators, the five measurements of 2023–2025 at once, targets, predicate scale, agreements' budget
    # (the activities' comes with the measurement), Renstra targets; the analyses, session save (savepoint,
    # update, release)
    with django_assert_num_queries(18):
        assert client_a.get(reverse("reports:lkjip") + "?year=2025").status_code == 200


def test_published_download_query_budget(client_a, depok, verifier, django_assert_num_queries):
    published = lakip_publish(user=verifier, year=2025, office=depok)
    url = reverse("reports:lkjip-published", args=[published.pk])
    # session, user, the publication with its office and author (through the permission boundary: the user's
    # offices in a subquery), session save (savepoint, update, release); nothing is measured again
    with django_assert_num_queries(6):
        assert client_a.get(url).status_code == 200
