"""Bad files get a clear Indonesian message and write nothing (the reader of `agencies/tabular.py` through the
record import)."""

import io
import zipfile

import openpyxl
import pytest

from agencies import tabular as files
from agencies.files import MSG_ZIP_BOMB, OLE2_MAGIC, ZIP_MAX_ENTRIES
from agencies.models import Activity
from reports.spreadsheets import imports
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

HEADERS = ["Nama kegiatan", "Jenis kegiatan", "Tanggal mulai", "Tanggal selesai", "Lembaga mitra", "Tahapan"]


def upload(data: bytes, name: str):
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer


def xlsx_bytes(rows, title="Kegiatan") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def cfb(stream_names: list[str]) -> bytes:
    """A minimal OLE2 compound file: the magic, a header, and a directory sector naming the streams."""
    header = OLE2_MAGIC + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00" + b"\x00" * 480
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64 for name in stream_names)
    return header + directory.ljust(512, b"\x00")


def rejected(data: bytes, name: str, office_a, kind="activities") -> str:
    with pytest.raises(imports.FileRejected) as caught:
        imports.inspect_upload(upload(data, name), kind, office=office_a)
    assert not Activity.objects.exists()
    return caught.value.message


def test_not_a_spreadsheet(office_a):
    assert "terdeteksi dokumen PDF" in rejected(b"%PDF-1.7\n1 0 obj\n", "laporan.xlsx", office_a)
    assert "terdeteksi gambar PNG" in rejected(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "data.csv", office_a)
    assert rejected(b"\x01\x02\x00\x00binary", "data.csv", office_a) == files.MSG_UNREADABLE


def test_word_document_is_not_a_workbook(office_a):
    data = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    assert rejected(data, "data.xlsx", office_a) == files.MSG_NOT_SPREADSHEET_ZIP


def test_corrupted_workbook(office_a):
    good = xlsx_bytes([HEADERS, ["a"] * 6])
    assert rejected(good[: len(good) // 2], "data.xlsx", office_a) == files.MSG_CORRUPT
    broken = zip_bytes({"[Content_Types].xml": b"<Types", "xl/workbook.xml": b"not xml at all"})
    assert rejected(broken, "data.xlsx", office_a) == files.MSG_CORRUPT


def test_password_protected_and_legacy_xls(office_a):
    encrypted = cfb(["Root Entry", "EncryptionInfo", "EncryptedPackage"])
    assert rejected(encrypted, "rahasia.xlsx", office_a) == files.MSG_ENCRYPTED
    assert "kata sandi" in files.MSG_ENCRYPTED
    legacy = cfb(["Root Entry", "Workbook"])
    assert rejected(legacy, "lama.xls", office_a) == files.MSG_LEGACY_XLS


def test_zip_bomb_refused_before_parsing(office_a, monkeypatch):
    def must_not_open(*args, **kwargs):
        raise AssertionError("openpyxl must not see a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_open)
    # 5 MB of zeros deflate to about 5 KB: a ratio of ~1000, over the limit of 200.
    bomb = zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"\x00" * 5_000_000,
        }
    )
    assert rejected(bomb, "bom.xlsx", office_a) == MSG_ZIP_BOMB
    many = zip_bytes({f"xl/media/{i}.xml": b"x" for i in range(ZIP_MAX_ENTRIES + 1)} | {"xl/workbook.xml": b"<w/>"})
    assert rejected(many, "banyak.xlsx", office_a) == MSG_ZIP_BOMB


def test_over_ten_megabytes(office_a):
    data = (";".join(HEADERS) + "\n").encode() + b"x" * (10 * 1024 * 1024)
    message = rejected(data, "besar.csv", office_a)
    assert message.startswith("Berkas terlalu besar (10,0 MB): maksimal 10 MB")  # decimal comma (Django "id")


def test_empty_files(office_a):
    assert rejected(b"", "kosong.csv", office_a) == files.MSG_EMPTY_FILE
    assert rejected((";".join(HEADERS) + "\n").encode(), "judul.csv", office_a) == files.MSG_NO_ROWS
    assert rejected(xlsx_bytes([]), "kosong.xlsx", office_a) == files.MSG_NO_ROWS
    assert rejected(xlsx_bytes([HEADERS, [None] * 6, ["", " "]]), "judul.xlsx", office_a) == files.MSG_NO_ROWS


def test_missing_and_unknown_headers_are_named(office_a):
    rows = [["Nama kegiatan", "Jenis", "Tanggal mulai", "Tanggal selesai", "Tahapan"], ["a", "b", "c", "d", "e"]]
    message = rejected(xlsx_bytes(rows), "data.xlsx", office_a)
    assert "Kolom wajib tidak ditemukan: Jenis kegiatan, Lembaga mitra." in message
    assert "Kolom tidak dikenal: Jenis." in message
    assert "templat impor Kegiatan" in message


def test_file_of_another_kind_gets_a_hint(office_a):
    rows = [["Nama lembaga", "Kategori"], ["Universitas Indonesia", "Perguruan tinggi"]]
    message = rejected(xlsx_bytes(rows, title="Lembaga mitra"), "mitra.xlsx", office_a)
    assert message.startswith("Berkas ini tampaknya berisi data Lembaga mitra, bukan Kegiatan")


def test_fifty_thousand_rows_refused(office_a):
    line = "Rapat;Rapat koordinasi;01/03/2026;01/03/2026;Polres Depok;Kampanye\n"
    data = (";".join(HEADERS) + "\n" + line * 50_000).encode()
    assert len(data) < files.MAX_BYTES
    message = rejected(data, "besar.csv", office_a)
    assert message == files.MSG_TOO_MANY_ROWS.format(limit="20.000")


def test_row_limit_applies_to_xlsx_too(office_a, monkeypatch):
    monkeypatch.setattr(files, "MAX_ROWS", 3)
    rows = [HEADERS] + [["a"] * 6 for _ in range(4)]
    assert rejected(xlsx_bytes(rows), "data.xlsx", office_a) == files.MSG_TOO_MANY_ROWS.format(limit="3")
    rows.pop()
    assert imports.inspect_upload(upload(xlsx_bytes(rows), "data.xlsx"), "activities", office=office_a) == "xlsx"


def test_header_row_after_blank_rows_and_data_sheet_by_name(office_a):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Petunjuk"
    workbook.active.append(["Baca petunjuk ini"])
    sheet = workbook.create_sheet("Kegiatan")
    sheet.append([])
    sheet.append(HEADERS)
    sheet.append(["Rapat", "Rapat koordinasi", "01/03/2026", "01/03/2026", "X", "Kampanye"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = files.read_table(io.BytesIO(buffer.getvalue()), "xlsx", sheet="Kegiatan")
    assert table.headers == HEADERS
    assert [number for number, _ in table.rows] == [3]


@pytest.mark.parametrize("value", ["28-11-2025", "2025/11/28", "28 Nov 2025", "2025.11.28", "11/28/2025", "28/11/25"])
def test_odd_date_formats_are_row_errors(staff_a, office_a, value):
    PartnerFactory(name="Polres Depok")
    data = xlsx_bytes([HEADERS, ["Rapat", "Rapat koordinasi", value, "28/11/2025", "Polres Depok", "Kampanye"]])
    state = imports.stash_upload(upload(data, "d.xlsx"), "activities", "xlsx", user=staff_a, office=office_a)
    plan = imports.preview_import(state, user=staff_a, office=office_a)
    [error] = plan.errors
    assert (error.row, error.column) == (2, "Tanggal mulai")
    assert value in error.message
