"""The evidence upload corpus, built in code: real files that must be accepted and hostile ones that must not.

Every builder returns `(name, bytes)`. Real files come from the libraries that make them in real life
(Pillow for PNG/JPEG/PDF, openpyxl for XLSX, a minimal WordprocessingML package for DOCX).
"""

from __future__ import annotations

import io
import zipfile
from functools import cache

import openpyxl
from PIL import Image


def real_png(name: str = "foto-rapat.png", size=(64, 48)) -> tuple[str, bytes]:
    buffer = io.BytesIO()
    Image.new("RGBA", size, (138, 21, 56, 200)).save(buffer, "PNG")
    return name, buffer.getvalue()


def real_jpeg(name: str = "dokumentasi.jpg", size=(800, 600)) -> tuple[str, bytes]:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (40, 90, 160))
    for x in range(0, size[0], 40):
        image.paste((250, 250, 250), (x, 0, x + 10, size[1]))
    image.save(buffer, "JPEG", quality=85)
    return name, buffer.getvalue()


def real_pdf(name: str = "notulen.pdf") -> tuple[str, bytes]:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(buffer, "PDF")
    return name, buffer.getvalue()


def real_xlsx(name: str = "daftar-hadir.xlsx") -> tuple[str, bytes]:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["No", "Nama", "Lembaga"])
    sheet.append([1, "Siti Rahmawati", "KIPP Kota Depok"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return name, buffer.getvalue()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Notulen rapat koordinasi</w:t></w:r></w:p></w:body></w:document>"
)


def real_docx(name: str = "laporan.docx", extra: dict[str, bytes] | None = None) -> tuple[str, bytes]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", DOCUMENT)
        for entry, data in (extra or {}).items():
            archive.writestr(entry, data)
    return name, buffer.getvalue()


def html_renamed_pdf() -> tuple[str, bytes]:
    return "surat-undangan.pdf", b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def svg_renamed_png() -> tuple[str, bytes]:
    return "logo.png", (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
        b"<script>alert(document.domain)</script></svg>"
    )


def polyglot_png() -> tuple[str, bytes]:
    """A real PNG with an HTML payload appended: valid header, hostile body."""
    name, data = real_png("foto.png")
    return name, data + b"<html><script>fetch('/admin/')</script></html>"


def polyglot_pdf() -> tuple[str, bytes]:
    """A PDF header whose body is an HTML page (renders as a page if a browser ever sniffs it)."""
    return "laporan.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n<html><body onload=alert(1)>hai</body></html>\n%%EOF"


def oversize_pdf(limit: int) -> tuple[str, bytes]:
    name, data = real_pdf("besar.pdf")
    return name, data + b"%" + b"0" * (limit + 1 - len(data))


@cache
def zip_bomb_docx() -> tuple[str, bytes]:
    """A 'DOCX' whose one entry inflates from ~100 KB to 120 MB."""
    return real_docx("bom.docx", extra={"word/media/padding.bin": b"\0" * (120 * 1024 * 1024)})


def many_entries_xlsx(count: int = 2500) -> tuple[str, bytes]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for index in range(count):
            archive.writestr(f"xl/junk/{index}.xml", "")
    return "banyak.xlsx", buffer.getvalue()


def macro_docx() -> tuple[str, bytes]:
    return real_docx("makro.docx", extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 64})


def truncated_png() -> tuple[str, bytes]:
    return "rusak.png", real_png()[1][:40]


def traversal_name() -> tuple[str, bytes]:
    return "../../../etc/cron.d/foto.png", real_png()[1]


def executable_renamed_pdf() -> tuple[str, bytes]:
    return "dokumen.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 200


ACCEPTED = {
    "pdf": real_pdf,
    "png": real_png,
    "jpeg": real_jpeg,
    "docx": real_docx,
    "xlsx": real_xlsx,
}

REFUSED = {
    "html renamed .pdf": html_renamed_pdf,
    "svg with script renamed .png": svg_renamed_png,
    "png polyglot with html": polyglot_png,
    "pdf header with html body": polyglot_pdf,
    "zip bomb docx": zip_bomb_docx,
    "xlsx with too many entries": many_entries_xlsx,
    "docx with macros": macro_docx,
    "truncated png": truncated_png,
    "executable renamed .pdf": executable_renamed_pdf,
}
