"""The one file check for every upload (evidence, proofs of manual values, spreadsheet imports).

The kind of a file is recognised from its bytes, never from its name. Office Open XML files (DOCX, XLSX) are
zip archives: before anything parses them, the archive's entry count, total uncompressed size and compression
ratio are checked (zip bombs), and an archive carrying a VBA project (macros) is refused. A PDF that is to be
stored goes through `check_pdf`, which refuses active content (scripts, launch actions, embedded files, rich
media, XFA forms) even when it hides in a compressed object stream. Each caller then decides which kinds it
accepts and how it words a refusal for its own page.
"""

from __future__ import annotations

import base64
import re
import zipfile
import zlib

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


# PDF active content ----------------------------------------------------------------------------------------

PDF_MAX_INFLATED = 64 * 1024 * 1024  # bytes of object streams inflated per file before giving up (a PDF bomb)
_NAME_END = rb"(?=[\s/\[\]<>(){}%]|\Z)"
_ESCAPED_NAME = re.compile(rb"/[^\s/\[\]<>(){}%]*#[0-9A-Fa-f]{2}[^\s/\[\]<>(){}%]*")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# /JS alone is only a key: it counts when a string, hex string or reference follows (3 letters also occur by
# chance in compressed binary data, /JavaScript does not; every script action names /JavaScript anyway).
PDF_ACTIVE = (
    ("JavaScript", re.compile(rb"/JavaScript" + _NAME_END + rb"|/JS\s*(?:\(|<|\d+\s+\d+\s+R)")),
    ("perintah menjalankan program (/Launch)", re.compile(rb"/Launch" + _NAME_END)),
    ("berkas lain yang disisipkan (/EmbeddedFile)", re.compile(rb"/EmbeddedFiles?" + _NAME_END)),
    ("media interaktif (/RichMedia)", re.compile(rb"/RichMedia" + _NAME_END)),
    ("formulir XFA", re.compile(rb"/XFA" + _NAME_END)),
)
_AUTO_RUN = re.compile(rb"/(?:OpenAction|AA)" + _NAME_END)
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")  # `endstream` is skipped by hand (a lookbehind is slow)
_OBJECT_STREAM = re.compile(rb"/(?:ObjStm|First)" + _NAME_END)
_FILTERS = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>(){}%]+)")
_DECODERS = {b"FlateDecode": "flate", b"Fl": "flate", b"ASCIIHexDecode": "hex", b"AHx": "hex"}
_DECODERS |= {b"ASCII85Decode": "a85", b"A85": "a85"}

MSG_PDF_ACTIVE = (
    "PDF ditolak demi keamanan: berisi {reason}. Simpan atau cetak ulang dokumen sebagai PDF biasa "
    "(misalnya lewat “Cetak → Simpan sebagai PDF”) lalu unggah kembali."
)
MSG_PDF_AUTO_RUN = "JavaScript yang berjalan otomatis saat dokumen dibuka (/OpenAction atau /AA)"
MSG_PDF_OPAQUE = (
    "PDF ditolak demi keamanan: sebagian isinya terkunci, terenkripsi atau rusak sehingga tidak dapat diperiksa. "
    "Simpan ulang tanpa kata sandi atau proteksi lalu unggah kembali."
)


def check_pdf(fileobj) -> None:
    """Refuse a PDF with active content (code `pdf_active`), naming the reason in Indonesian.

    The keys are looked for in the raw bytes and in every object stream (where PDF 1.5+ keeps compressed
    dictionaries), with `#xx` escapes in names decoded first (`/J#61vaScript` is `/JavaScript`). An object
    stream that cannot be decoded (encrypted, an unsupported filter, a predictor, corrupt) is refused
    (`pdf_opaque`), and so is one inflating past PDF_MAX_INFLATED, since nothing hidden there may pass.
    """
    fileobj.seek(0)
    data = fileobj.read()
    fileobj.seek(0)
    texts = [_decoded_names(data), *(_decoded_names(part) for part in _object_streams(data))]
    reasons = [reason for reason, pattern in PDF_ACTIVE if any(pattern.search(text) for text in texts)]
    if not reasons:
        return
    if reasons[0] == "JavaScript" and any(_AUTO_RUN.search(text) for text in texts):
        reasons[0] = MSG_PDF_AUTO_RUN
    raise ValidationError(MSG_PDF_ACTIVE.format(reason=", ".join(reasons)), code="pdf_active")


def _decoded_names(data: bytes) -> bytes:
    if b"#" not in data:
        return data
    return _ESCAPED_NAME.sub(lambda m: _HEX_ESCAPE.sub(lambda h: bytes.fromhex(h.group(1).decode()), m.group()), data)


def _object_streams(data: bytes):
    """The decoded bodies of the object streams (a dictionary with /ObjStm or /First before `stream`)."""
    view, budget = memoryview(data), PDF_MAX_INFLATED
    for match in _STREAM.finditer(data):
        if data[match.start() - 1 : match.start()].isalpha():
            continue
        start = match.end()
        head = data.rfind(b"obj", max(0, match.start() - 4096), match.start())
        dictionary = _decoded_names(data[head if head >= 0 else max(0, match.start() - 4096) : match.start()])
        if not _OBJECT_STREAM.search(dictionary):
            continue
        body = _decode_stream(view[start:], dictionary, budget)
        budget -= len(body)
        yield body


def _decode_stream(body, dictionary: bytes, budget: int) -> bytes:
    found = _FILTERS.search(dictionary)
    names = re.findall(rb"/([^\s/\[\]<>(){}%]+)", found.group(1)) if found else []
    if b"/Predictor" in dictionary or any(name not in _DECODERS for name in names):
        raise ValidationError(MSG_PDF_OPAQUE, code="pdf_opaque")
    if not names:
        end = bytes(body[:budget]).find(b"endstream")
        return bytes(body[: end if end >= 0 else budget])
    for name in names:
        body = _apply(_DECODERS[name], body, budget)
    return bytes(body)


def _apply(decoder: str, body, budget: int) -> bytes:
    try:
        if decoder == "flate":
            inflater = zlib.decompressobj()
            out = inflater.decompress(body, budget + 1)
            if len(out) > budget:
                raise ValidationError(MSG_ZIP_BOMB, code="zip_bomb")
            return out
        raw = bytes(body[: budget * 2])
        if decoder == "hex":
            digits = re.sub(rb"\s", b"", raw[: raw.index(b">")]).decode("ascii")
            return bytes.fromhex(digits + "0" * (len(digits) % 2))
        return base64.a85decode(raw[: raw.index(b"~>")], adobe=False, ignorechars=b" \t\n\r\v\f\x00")
    except ValidationError:
        raise
    except (zlib.error, ValueError):
        raise ValidationError(MSG_PDF_OPAQUE, code="pdf_opaque") from None
