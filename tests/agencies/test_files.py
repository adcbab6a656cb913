"""The one file check (`agencies.files`) shared by evidence uploads and every spreadsheet import."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies import files
from agencies.evidence import validate_evidence_file
from agencies.tabular import FileRejected, sniff_format


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


OOXML_WORD = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n", files.PDF),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 8, files.PNG),
        (b"\xff\xd8\xff\xe0", files.JPEG),
        (files.OLE2_MAGIC + b"\x00" * 8, files.OLE2),
        (zip_bytes(OOXML_WORD), files.DOCX),
        ("xlsx", files.XLSX),
        (zip_bytes({"a.txt": b"hello"}), files.ZIP),
        (b"kode;nama\n1;a\n", None),
    ],
)
def test_kind_comes_from_the_bytes(data, kind):
    data = xlsx_bytes() if data == "xlsx" else data
    handle = io.BytesIO(data)
    assert files.sniff_type(handle) == kind
    assert handle.tell() == 0


@pytest.mark.parametrize(
    ("entries", "code"),
    [
        ({"xl/worksheets/sheet1.xml": b"0" * 5_000_000}, "zip_bomb"),  # ratio ~1000 > 200
        ({f"e{i}.xml": b"x" for i in range(files.ZIP_MAX_ENTRIES + 1)}, "zip_bomb"),
        ({**OOXML_WORD, "word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 64}, "macro"),
    ],
)
def test_unsafe_archives_are_refused_before_parsing(entries, code):
    with pytest.raises(ValidationError) as refused:
        files.check_zip(io.BytesIO(zip_bytes(entries)))
    assert refused.value.code == code


def test_a_truncated_zip_is_unreadable():
    with pytest.raises(ValidationError) as refused:
        files.sniff_type(io.BytesIO(xlsx_bytes()[:200]))
    assert refused.value.code == "zip_bad"


def test_total_size_limit(monkeypatch):
    monkeypatch.setattr(files, "ZIP_MAX_UNCOMPRESSED", 1000)
    with pytest.raises(ValidationError, match="zip bomb"):
        files.check_zip(io.BytesIO(zip_bytes({"a.txt": bytes(range(256)) * 8})))


def test_evidence_and_imports_share_the_check(settings):
    settings.EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
    macro = zip_bytes({**OOXML_WORD, "word/vbaProject.bin": b"\x00" * 64})
    with pytest.raises(ValidationError, match="makro"):
        validate_evidence_file(SimpleUploadedFile("surat.docx", macro))
    macro_workbook = zip_bytes(
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>", "xl/vbaProject.bin": b""}
    )
    with pytest.raises(FileRejected, match="makro"):
        sniff_format(io.BytesIO(macro_workbook))
