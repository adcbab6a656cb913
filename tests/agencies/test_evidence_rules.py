import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.demo_files import DEMO_PDF, DEMO_PNG
from agencies.evidence import DOCX, PDF, PNG, safe_original_name, validate_evidence_file


def _upload(name, data):
    return SimpleUploadedFile(name, data)


def test_real_pdf_and_png_recognised_from_bytes():
    assert validate_evidence_file(_upload("dokumen.pdf", DEMO_PDF)).content_type == PDF
    assert validate_evidence_file(_upload("foto-tanpa-ekstensi", DEMO_PNG)).content_type == PNG


def test_html_renamed_pdf_refused():
    with pytest.raises(ValidationError, match="HTML/SVG"):
        validate_evidence_file(_upload("surat.pdf", b"<!DOCTYPE html><html><script>alert(1)</script>"))


def test_docx_recognised_and_zip_bomb_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert validate_evidence_file(_upload("a.docx", buffer.getvalue())).content_type == DOCX
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (120 * 1024 * 1024))
    with pytest.raises(ValidationError, match="zip bomb"):
        validate_evidence_file(_upload("bom.docx", bomb.getvalue()))


def test_oversize_refused(settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="terlalu besar"):
        validate_evidence_file(_upload("besar.pdf", DEMO_PDF + b"0" * 2000))


def test_names_are_neutralised():
    assert safe_original_name("../../etc/passwd") == "passwd"
    assert safe_original_name("..\\..\\boot.ini") == "boot.ini"
    assert safe_original_name("\x00.htaccess") == "htaccess"
