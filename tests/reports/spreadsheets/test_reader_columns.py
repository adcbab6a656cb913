"""The one tabular reader (`read_upload`): columns spec in, numbered rows out, file-level refusals in Indonesian;
and every import (records, IKP, targets) goes through it, so each refuses the same unsafe files."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.files import ZIP_MAX_ENTRIES
from agencies.tabular import Column, FileRejected, RowError, read_upload
from reports.ikp import importing as ikp
from reports.models import IkpScore, PerformanceTarget

COLUMNS = [
    Column("Nama", "name", required=True),
    Column("Kode wilayah", "code", required=True),
    Column("Catatan", "note"),
]


def xlsx_bytes(rows, title="Data") -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.title = title
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bomb(entries: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (entries or {"xl/worksheets/sheet1.xml": b"0" * 5_000_000}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_rows_keep_their_spreadsheet_numbers_and_headers_match_loosely():
    data = b"NAMA;kode_wilayah\nSatu;32.01\n;\nDua;32.76\n"
    rows = read_upload(io.BytesIO(data), COLUMNS)
    assert [(row.number, row.cells) for row in rows] == [
        (2, {"name": "Satu", "code": "32.01"}),
        (4, {"name": "Dua", "code": "32.76"}),
    ]
    assert str(RowError(4, "Nama", "wajib diisi.")) == "Baris 4: wajib diisi."


def test_an_xlsx_named_csv_is_read_as_xlsx():
    rows = read_upload(io.BytesIO(xlsx_bytes([["Nama", "Kode wilayah"], ["Satu", "32.01"]])), COLUMNS)
    assert rows[0].cells == {"name": "Satu", "code": "32.01"}


def test_header_problems_all_named_at_once():
    with pytest.raises(FileRejected) as refused:
        read_upload(io.BytesIO(b"Nama;Nama;Lain\nx;y;z\n"), COLUMNS)
    assert refused.value.message == (
        "Kolom wajib tidak ditemukan: Kode wilayah. Kolom tidak dikenal: Lain. Judul kolom ganda: Nama."
    )
    rows = read_upload(io.BytesIO(b"Nama;Kode wilayah;Lain\nx;y;z\n"), COLUMNS, strict=False)
    assert rows[0].cells == {"name": "x", "code": "y"}


def test_limits_are_per_import():
    with pytest.raises(FileRejected, match="terlalu besar"):
        read_upload(io.BytesIO(b"Nama;Kode wilayah\n" + b"x;y\n" * 100), COLUMNS, max_bytes=100)
    with pytest.raises(FileRejected, match="terlalu banyak baris"):
        read_upload(io.BytesIO(b"Nama;Kode wilayah\n" + b"x;y\n" * 4), COLUMNS, max_rows=3)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [bomb(), bomb({f"xl/e{i}.xml": b"x" for i in range(ZIP_MAX_ENTRIES + 1)})],
    ids=["ratio", "entry-count"],
)
def test_ikp_import_refuses_a_zip_bomb_whatever_its_name(client_verifier, content):
    response = client_verifier.post(reverse("reports:ikp-import"), {"file": SimpleUploadedFile("ikp.csv", content)})
    assert any("zip bomb" in error for error in response.context["form"].errors["file"])
    assert not IkpScore.objects.exists()


@pytest.mark.django_db
def test_ikp_xlsx_named_csv_is_read_by_content(client_verifier):
    rows = [ikp.REQUIRED_COLUMNS, ["32.76", 2024, 45, 52, 61, 38, "sedang", "sedang", "tinggi", "rendah"]]
    upload = SimpleUploadedFile("ikp.csv", xlsx_bytes(rows))
    response = client_verifier.post(reverse("reports:ikp-import"), {"file": upload})
    assert [row["office_code"] for row in response.context["preview"]] == ["32.76"]


@pytest.mark.django_db
def test_ikp_accepts_a_windows_csv_like_the_record_import(client_verifier):
    line = "32.76;2024;1;1;1;1;rendah;rendah;rendah;rendah;Kab. Ciamis – é"
    content = (";".join([*ikp.REQUIRED_COLUMNS, "sumber"]) + "\n" + line + "\n").encode("cp1252")
    response = client_verifier.post(reverse("reports:ikp-import"), {"file": SimpleUploadedFile("ikp.csv", content)})
    assert response.context["preview"][0]["source_note"] == "Kab. Ciamis – é"


@pytest.mark.django_db
def test_target_import_reads_an_xlsx_named_csv_and_refuses_bombs(client_verifier):
    rows = [["Kode Kantor", "Kode Indikator", "Target Tahunan"], ["32.76", "IK-03", 12]]
    url = reverse("reports:target-import")
    response = client_verifier.post(
        url, {"year": "2025", "file": SimpleUploadedFile("t.csv", xlsx_bytes(rows, "Target"))}
    )
    assert response.context["preview"].is_valid
    response = client_verifier.post(url, {"year": "2025", "file": SimpleUploadedFile("t.csv", bomb())})
    assert "zip bomb" in " ".join(response.context["form"].errors["file"])
    assert not PerformanceTarget.objects.exists()
