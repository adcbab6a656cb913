"""The one file check for every upload (evidence, proofs of manual values, spreadsheet imports).

The kind of a file is recognised from its bytes, never from its name. Office Open XML files (DOCX, XLSX) are
zip archives: before anything parses them, the archive's entry count, total uncompressed size and compression
ratio are checked (zip bombs), and an archive carrying a VBA project (macros) is refused. Each caller then
decides which kinds it accepts and how it words a refusal for its own page.
"""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"  # a safe zip archive that is neither DOCX nor XLSX
OLE2 = "application/x-ole-storage"  # legacy .xls/.doc, or a password-protected (encrypted) Office file

ZIP_MAX_ENTRIES = 2000
ZIP_MAX_UNCOMPRESSED = 100 * 1024 * 1024
ZIP_MAX_RATIO = 200

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MAGIC: dict[bytes, str] = {
    b"%PDF-": PDF,
    b"\x89PNG\r\n\x1a\n": PNG,
    b"\xff\xd8\xff": JPEG,
    OLE2_MAGIC: OLE2,
    b"GIF8": "image/gif",
    b"Rar!": "application/vnd.rar",
    b"7z\xbc\xaf": "application/x-7z-compressed",
    b"\x1f\x8b": "application/gzip",
    b"MZ": "application/x-msdownload",
    b"\x7fELF": "application/x-executable",
}
# How a refusal names a recognised kind to the user.
KIND_LABELS = {
    PDF: "dokumen PDF",
    PNG: "gambar PNG",
    JPEG: "gambar JPEG",
    DOCX: "dokumen Word (.docx)",
    "image/gif": "gambar GIF",
    "application/vnd.rar": "arsip RAR",
    "application/x-7z-compressed": "arsip 7-Zip",
    "application/gzip": "arsip gzip",
    "application/x-msdownload": "program Windows",
    "application/x-executable": "program",
}

MSG_ZIP_BAD = "Berkas Office rusak atau tidak dapat dibaca."
MSG_ZIP_BOMB = "Berkas ditolak: isi terkompresinya terlalu besar atau terlalu banyak (dugaan zip bomb)."
MSG_MACRO = "Berkas Office berisi makro (VBA) dan ditolak demi keamanan. Simpan ulang sebagai DOCX/XLSX biasa."


def sniff_type(fileobj) -> str | None:
    """The content type of a file judged from its bytes (zips are checked and opened to tell DOCX from XLSX),
    or None when the first bytes match no known kind (plain text such as CSV, or anything else).

    Raises ValidationError (codes `zip_bad`, `zip_bomb`, `macro`) for an unsafe or broken zip archive.
    The file is left at position 0.
    """
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    if head.startswith(ZIP_MAGIC):
        return zip_type(fileobj)
    return next((kind for magic, kind in MAGIC.items() if head.startswith(magic)), None)


def zip_type(fileobj) -> str:
    """DOCX, XLSX or ZIP for an archive that passes `check_zip`."""
    names = check_zip(fileobj)
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return XLSX
    return ZIP


def check_zip(fileobj) -> set[str]:
    """The entry names of a zip archive, read from its directory only (nothing is decompressed).

    Refused: an unreadable archive (`zip_bad`); more than ZIP_MAX_ENTRIES entries, more than ZIP_MAX_UNCOMPRESSED
    bytes once unpacked or a compression ratio above ZIP_MAX_RATIO (`zip_bomb`); a VBA project (`macro`).
    """
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
            if len(infos) > ZIP_MAX_ENTRIES:
                raise ValidationError(MSG_ZIP_BOMB, code="zip_bomb")
            total = sum(info.file_size for info in infos)
            packed = sum(info.compress_size for info in infos) or 1
            if total > ZIP_MAX_UNCOMPRESSED or total / packed > ZIP_MAX_RATIO:
                raise ValidationError(MSG_ZIP_BOMB, code="zip_bomb")
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise ValidationError(MSG_ZIP_BAD, code="zip_bad") from None
    finally:
        fileobj.seek(0)
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ValidationError(MSG_MACRO, code="macro")
    return names
