"""Targets grid, target import (template, preview, confirm, bad files) and manual realisation pages."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from agencies import tabular_stash
from reports.lakip.services import MSG_QUARTER_SUM
from reports.models import ManualRealisation, PerformanceIndicator, PerformanceTarget
from tests.factories import office

pytestmark = pytest.mark.django_db

TARGETS = reverse("reports:targets")
IMPORT = reverse("reports:target-import")
CONFIRM = reverse("reports:target-import-confirm")
MANUAL = reverse("reports:manual-realisation")


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()


pytestmark = [pytestmark, pytest.mark.clock(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC))]


def ids(code_office: str, code_indicator: str) -> tuple[int, int]:
    return office(code_office).pk, PerformanceIndicator.objects.get(code=code_indicator).pk


def cell(code_office: str, code_indicator: str, part: str = "yearly") -> str:
    office_id, indicator_id = ids(code_office, code_indicator)
    return f"t-{office_id}-{indicator_id}-{part}"


def statuses(role_clients, url, method="get", data=None) -> dict:
    return {role: getattr(client, method)(url, data or {}).status_code for role, client in role_clients.items()}


# Targets grid -------------------------------------------------------------------------------------------


def test_targets_grid_permission_matrix(role_clients):
    assert statuses(role_clients, TARGETS + "?year=2025") == {
        "anonymous": 302,
        "own_office": 403,
        "other_office": 403,
        "verifier": 200,
        "leader": 200,
    }
    leader_page = role_clients["leader"].get(TARGETS + "?year=2025").content.decode()
    assert "target-input" not in leader_page and "Simpan semua target" not in leader_page
    data = {"year": "2025", cell("32.76", "IK-03"): "12"}
    for role in ("own_office", "leader"):
        assert role_clients[role].post(TARGETS, data).status_code == 403
    assert not PerformanceTarget.objects.exists()


def test_targets_grid_saves_in_one_go(client_verifier, verifier):
    data = {"year": "2025", cell("32.76", "IK-03"): "12", cell("32.76", "IK-07"): "82,5", cell("32", "IK-03"): "1.200"}
    response = client_verifier.post(TARGETS, data)
    assert response.status_code == 302
    saved = {(t.office.code, t.indicator.code): t.yearly for t in PerformanceTarget.objects.select_related()}
    # "82,5" is 82.5 and "1.200" is twelve hundred, whatever language the browser uses.
    assert saved == {("32.76", "IK-03"): 12, ("32.76", "IK-07"): Decimal("82.5"), ("32", "IK-03"): 1200}
    target = PerformanceTarget.objects.get(indicator__code="IK-07")
    assert target.updated_by == verifier and target.history.get().history_user == verifier
    # Clearing a cell removes that target; the others stay.
    data[cell("32.76", "IK-07")] = ""
    client_verifier.post(TARGETS, data)
    assert PerformanceTarget.objects.count() == 2


def test_targets_grid_invalid_cell_saves_nothing(client_verifier):
    data = {"year": "2025", cell("32.76", "IK-03"): "12", cell("32.01", "IK-03"): "-1", cell("32.01", "IK-07"): "120"}
    response = client_verifier.post(TARGETS, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Target tidak boleh negatif." in html and "Target persentase tidak boleh lebih dari 100." in html
    assert 'class="num has-error"' in html
    assert not PerformanceTarget.objects.exists()


def test_quarterly_targets_must_add_up_for_flows(client_verifier):
    base = {"year": "2025", "indicator": "IK-03"}
    bad = {**base, cell("32.76", "IK-03"): "12"}
    bad.update({cell("32.76", "IK-03", q): "2" for q in ("q1", "q2", "q3", "q4")})
    response = client_verifier.post(TARGETS, bad)
    assert response.status_code == 200
    assert MSG_QUARTER_SUM.format(total="8", yearly="12") in response.content.decode()
    assert not PerformanceTarget.objects.exists()
    good = {**bad, cell("32.76", "IK-03", "q4"): "6"}
    response = client_verifier.post(TARGETS, good)
    assert response.status_code == 302 and response.url.endswith("indicator=IK-03")
    target = PerformanceTarget.objects.get()
    assert (target.yearly, target.q1, target.q4) == (12, 2, 6)
    # The yearly grid keeps the quarterly targets it does not show.
    client_verifier.post(TARGETS, {"year": "2025", cell("32.76", "IK-03"): "12"})
    target.refresh_from_db()
    assert target.q4 == 6


def test_stock_indicator_q4_equals_the_year(client_verifier):
    data = {"year": "2025", "indicator": "IK-02", cell("32.76", "IK-02"): "5", cell("32.76", "IK-02", "q4"): "4"}
    response = client_verifier.post(TARGETS, data)
    assert "Target TW IV harus sama dengan target tahunan" in response.content.decode()


# Target import -------------------------------------------------------------------------------------------


def xlsx_upload(rows, headers=None, name="target.xlsx") -> SimpleUploadedFile:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Target"
    ws.append(headers or ["Kode Kantor", "Kantor", "Kode Indikator", "Indikator", "Satuan", "Target Tahunan",
                          "Target TW I", "Target TW II", "Target TW III", "Target TW IV"])  # fmt: skip
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_template_download(role_clients):
    url = reverse("reports:target-template") + "?year=2025"
    assert statuses(role_clients, url) == {
        "anonymous": 302,
        "own_office": 403,
        "other_office": 403,
        "verifier": 200,
        "leader": 403,
    }
    PerformanceTarget.objects.create(
        indicator=PerformanceIndicator.objects.get(code="IK-03"), office=office("32.76"), year=2025, yearly=12
    )
    response = role_clients["verifier"].get(url)
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert wb.sheetnames == ["Target", "Petunjuk"]
    rows = list(wb["Target"].iter_rows(values_only=True))
    assert rows[0][:6] == ("Kode Kantor", "Kantor", "Kode Indikator", "Indikator", "Satuan", "Target Tahunan")
    assert len(rows) == 1 + 28 * 8
    depok = next(r for r in rows if r[0] == "32.76" and r[2] == "IK-03")
    assert depok[1] == "Bawaslu Kota Depok" and depok[5] == 12


def test_import_preview_writes_nothing_then_confirm_writes(client_verifier):
    upload = xlsx_upload(
        [
            ["32.76", "", "IK-03", "", "", 12, 3, 3, 3, 3],
            ["3201", "", "ik-07", "", "", "82,5", None, None, None, None],
        ]
    )
    response = client_verifier.post(IMPORT, {"year": "2025", "file": upload})
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.is_valid and [row.status for row in preview.rows] == ["created", "created"]
    assert not PerformanceTarget.objects.exists()
    assert client_verifier.post(CONFIRM, {"year": "2025"}).status_code == 302
    saved = {(t.office.code, t.indicator.code): (t.yearly, t.q4) for t in PerformanceTarget.objects.select_related()}
    assert saved == {("32.76", "IK-03"): (12, 3), ("32.01", "IK-07"): (Decimal("82.5"), None)}
    # The same file again changes nothing and creates no duplicates.
    again = client_verifier.post(IMPORT, {"year": "2025", "file": xlsx_upload(
        [["32.76", "", "IK-03", "", "", 12, 3, 3, 3, 3], ["3201", "", "ik-07", "", "", "82,5"]])})  # fmt: skip
    assert [row.status for row in again.context["preview"].rows] == ["unchanged", "unchanged"]
    client_verifier.post(CONFIRM, {"year": "2025"})
    assert PerformanceTarget.objects.count() == 2


def test_import_with_a_bad_last_row_writes_nothing(client_verifier):
    rows = [["32.76", "", "IK-03", "", "", 12], ["32.01", "", "IK-03", "", "", 10], ["32.01", "", "IK-99", "", "", 5]]
    response = client_verifier.post(IMPORT, {"year": "2025", "file": xlsx_upload(rows)})
    preview = response.context["preview"]
    assert not preview.is_valid
    bad = preview.rows[-1]
    assert bad.number == 4 and bad.errors[0][0] == "Kode Indikator"
    assert "Tidak ada impor target yang menunggu konfirmasi" not in response.content.decode()
    response = client_verifier.post(CONFIRM, {"year": "2025"}, follow=True)
    assert "Tidak ada impor target yang menunggu konfirmasi" in response.content.decode()
    assert not PerformanceTarget.objects.exists()


@pytest.mark.parametrize(
    ("rows", "column", "message"),
    [
        ([["99.99", "", "IK-03", "", "", 1]], "Kode Kantor", "Kode kantor tidak dikenal."),
        ([["32.76", "", "IK-03", "", "", "dua belas"]], "Target Tahunan", "Bukan angka yang sah."),
        ([["32.76", "", "IK-03", "", "", 1.234]], "Target Tahunan", "Maksimal 2 angka"),
        ([["32.76", "", "IK-03", "", "", -3]], "Target", "Target tidak boleh negatif."),
        ([["32.76", "", "IK-03", "", "", None, 1]], "Target", "Isi target tahunan"),
        (
            [["32.76", "", "IK-03", "", "", 1], ["32.76", "", "IK-03", "", "", 2]],
            "Kode Indikator",
            "sudah ada di baris 2",
        ),
    ],
)
def test_import_row_errors_name_row_and_column(client_verifier, rows, column, message):
    preview = client_verifier.post(IMPORT, {"year": "2025", "file": xlsx_upload(rows)}).context["preview"]
    errors = [error for row in preview.rows for error in row.errors]
    assert any(col == column and message in text for col, text in errors), errors


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("target.xlsx", PNG, "bukan spreadsheet (terdeteksi gambar PNG)"),
        ("target.xlsx", b"PK\x03\x04" + b"rusak" * 100, "rusak atau tidak dapat dibaca"),
        ("target.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Format Excel lama (.xls)"),
        ("target.xlsx", "bomb", "zip bomb"),
        ("target.csv", b"", "kosong"),
        ("target.csv", b"\n;;\n", "Berkas tidak berisi baris data"),
        ("target.csv", b"Kantor;Indikator;Nilai\n32.76;IK-03;5\n", "Kolom wajib tidak ditemukan"),
        ("target.csv", b"Kode Kantor;Kode Indikator;Target Tahunan\n", "Berkas tidak berisi baris data"),
        ("target.csv", "Kode Kantor;Kode Indikator;Target Tahunan\n32.76;IK-03;5\n".encode("utf-16"), "UTF-8"),
        ("target.csv", b"x" * (2 * 1024 * 1024 + 1), "terlalu besar"),
        (
            "target.csv",
            ("Kode Kantor;Kode Indikator;Target Tahunan\n" + "32.76;IK-03;5\n" * 5001).encode(),
            "terlalu banyak",
        ),
    ],
)
def test_bad_files_get_a_clear_message(client_verifier, name, content, message):
    content = _zip_bomb() if content == "bomb" else content
    response = client_verifier.post(IMPORT, {"year": "2025", "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert response.context["preview"] is None and not PerformanceTarget.objects.exists()


def test_csv_import_with_semicolons_and_decimal_commas(client_verifier):
    content = "Kode Kantor;Kode Indikator;Target Tahunan;Target TW IV\n32.76;IK-07;82,5;\n32;IK-03;1.988;\n"
    response = client_verifier.post(IMPORT, {"year": "2025", "file": SimpleUploadedFile("t.csv", content.encode())})
    assert response.context["preview"].is_valid
    client_verifier.post(CONFIRM, {"year": "2025"})
    saved = {t.indicator.code: t.yearly for t in PerformanceTarget.objects.select_related()}
    assert saved == {"IK-07": Decimal("82.5"), "IK-03": 1988}


def test_only_the_verifier_imports(role_clients):
    upload = {"year": "2025"}
    assert statuses(role_clients, IMPORT, "post", upload) == {
        "anonymous": 302,
        "own_office": 403,
        "other_office": 403,
        "verifier": 200,
        "leader": 403,
    }
    assert statuses(role_clients, CONFIRM, "post", upload)["leader"] == 403


# Manual realisation ------------------------------------------------------------------------------------------


def manual_data(**extra) -> dict:
    indicator = PerformanceIndicator.objects.get(code="IK-08")
    return {"year": "2025", "office": "32.76", "indicator": indicator.pk, "quarter": "2", "value": "3",
            "note": "Rekap keluhan TW II", **extra}  # fmt: skip


def test_manual_page_permission_matrix(role_clients):
    url = MANUAL + "?year=2025&office=32.76"
    assert statuses(role_clients, url) == {
        "anonymous": 302,
        "own_office": 200,
        "other_office": 404,
        "verifier": 200,
        "leader": 200,
    }
    assert role_clients["own_office"].get(url).context["can_enter"] is True
    assert "Isi atau perbaiki nilai" not in role_clients["leader"].get(url).content.decode()
    assert role_clients["verifier"].get(url).context["can_enter"] is False


def test_manual_entry_by_the_owner_office(role_clients, staff_a):
    posts = {role: role_clients[role].post(MANUAL, manual_data()).status_code for role in role_clients}
    assert posts == {"anonymous": 302, "own_office": 302, "other_office": 404, "verifier": 403, "leader": 403}
    entry = ManualRealisation.objects.get()
    assert (entry.office.code, entry.quarter, entry.value, entry.entered_by) == ("32.76", 2, 3, staff_a)
    # Correcting the same quarter replaces the value; history keeps both.
    role_clients["own_office"].post(MANUAL, manual_data(value="2,5"))
    entry.refresh_from_db()
    assert entry.value == Decimal("2.5") and entry.history.count() == 2


def test_verifier_enters_the_province_office_values(client_verifier):
    response = client_verifier.post(MANUAL, manual_data(office="32"))
    assert response.status_code == 302
    assert ManualRealisation.objects.get().office.code == "32"


def test_manual_entry_rules(client_a):
    assert client_a.post(MANUAL, manual_data(note="")).context["form"].errors["note"]
    assert client_a.post(MANUAL, manual_data(value="-1")).context["form"].errors["value"]
    not_started = client_a.post(MANUAL, manual_data(year="2026", quarter="2"))
    assert "Triwulan ini belum dimulai" in not_started.content.decode()
    computed = PerformanceIndicator.objects.get(code="IK-03").pk
    assert client_a.post(MANUAL, manual_data(indicator=computed)).context["form"].errors["indicator"]
    assert not ManualRealisation.objects.exists()


def test_manual_evidence_upload_and_download(role_clients):
    upload = SimpleUploadedFile("rekap keluhan.png", PNG)
    assert role_clients["own_office"].post(MANUAL, manual_data(evidence=upload)).status_code == 302
    entry = ManualRealisation.objects.get()
    assert entry.evidence_name == "rekap keluhan.png" and "rekap" not in entry.evidence.name
    url = reverse("reports:manual-evidence", args=[entry.pk])
    assert statuses(role_clients, url) == {
        "anonymous": 302,
        "own_office": 200,
        "other_office": 404,
        "verifier": 200,
        "leader": 200,
    }
    response = role_clients["own_office"].get(url)
    assert response["Content-Disposition"].startswith("inline")  # an image (re-encoded), see agencies/downloads.py
    assert response["Content-Type"] == "image/png" and response["Cache-Control"] == "private, no-store"
    served = Image.open(io.BytesIO(b"".join(response.streaming_content)))  # the re-encoding: same pixels
    assert served.tobytes() == Image.open(io.BytesIO(PNG)).tobytes()


def test_manual_evidence_with_markup_is_refused(client_a):
    upload = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 <script>alert(1)</script>")
    response = client_a.post(MANUAL, manual_data(evidence=upload))
    assert response.status_code == 200 and "HTML/SVG" in response.content.decode()
    assert not ManualRealisation.objects.exists()


def test_manual_values_reach_the_performance_page(client_a):
    client_a.post(MANUAL, manual_data(quarter="1", value="1"))
    client_a.post(MANUAL, manual_data(quarter="4", value="2"))
    rows = client_a.get(reverse("reports:performance") + "?year=2025").context["rows"]
    (complaints,) = [row for row in rows if row["result"].indicator.code == "IK-08"]
    assert [q["value"] for q in complaints["quarters"]] == ["1", "–", "–", "2"] and complaints["year"] == "3"


# Preview → confirm through the one stash (agencies.tabular_stash) ------------------------------------------

TWO_TARGETS = [["32.76", "", "IK-03", "", "", 12], ["32.01", "", "IK-07", "", "", 5]]


def test_target_session_keeps_only_the_token(client_verifier):
    client_verifier.post(IMPORT, {"year": "2025", "file": xlsx_upload(TWO_TARGETS)})
    assert set(client_verifier.session["lakip_target_import"]) == {"token", "year"}


def test_target_confirm_after_the_stash_expired_writes_nothing(client_verifier):
    client_verifier.post(IMPORT, {"year": "2025", "file": xlsx_upload(TWO_TARGETS)})
    with time_machine.travel(timezone.now() + tabular_stash.MAX_AGE + dt.timedelta(minutes=1)):
        response = client_verifier.post(CONFIRM, {"year": "2025"}, follow=True)
    assert tabular_stash.MSG_EXPIRED in response.content.decode()
    assert not PerformanceTarget.objects.exists()


def test_target_confirm_revalidates_an_indicator_retired_since_the_preview(client_verifier):
    client_verifier.post(IMPORT, {"year": "2025", "file": xlsx_upload(TWO_TARGETS)})
    PerformanceIndicator.objects.filter(code="IK-07").update(is_active=False)
    response = client_verifier.post(CONFIRM, {"year": "2025"}, follow=True)
    assert "Impor dibatalkan: data berubah sejak pratinjau" in response.content.decode()
    assert not PerformanceTarget.objects.exists()  # not even the valid IK-03 row
