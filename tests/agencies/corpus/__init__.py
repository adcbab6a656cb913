"""The evidence upload corpus, built in code: real files that must be accepted and hostile ones that must not.

Every builder returns `(name, bytes)`. Real files come from the libraries that make them in real life
(Pillow for PNG/JPEG/PDF, openpyxl for XLSX, a minimal WordprocessingML package for DOCX).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from functools import cache

import openpyxl
from PIL import Image, PngImagePlugin


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


# Markup inside real images: stored only as Pillow re-encodings, which carry none of it.

HTML_IN_JPEG = b"<img src=x onerror=alert(document.cookie)>"
JS_IN_PNG = b'<a href="javascript:alert(document.cookie)">klik</a>'


def jpeg_with_html_after_the_end() -> tuple[str, bytes]:
    name, data = real_jpeg("foto-kegiatan.jpg", size=(120, 90))
    return name, data + HTML_IN_JPEG


def png_with_javascript_in_a_text_chunk() -> tuple[str, bytes]:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", JS_IN_PNG.decode())
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (138, 21, 56)).save(buffer, "PNG", pnginfo=info)
    return "spanduk.png", buffer.getvalue()


def jpeg_rotated_with_gps() -> tuple[str, bytes]:
    """A portrait photo as phones store it: landscape pixels, EXIF orientation 6 (rotate 90°), a GPS tag."""
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation
    exif[0x010F] = "Kamera Ponsel"  # Make
    exif.get_ifd(0x8825)[2] = (6.0, 54.0, 0.0)  # GPSLatitude
    buffer = io.BytesIO()
    Image.new("RGB", (80, 40), (10, 120, 60)).save(buffer, "JPEG", exif=exif)
    return "potret.jpg", buffer.getvalue()


NEUTRALISED = {
    "jpeg with <img onerror> appended": (jpeg_with_html_after_the_end, HTML_IN_JPEG),
    "png with javascript: link in a text chunk": (png_with_javascript_in_a_text_chunk, JS_IN_PNG),
}


# PDFs with active content, built object by object (each is a small valid PDF with a cross-reference table).


def pdf_from(objects: list[bytes], *, trailer: bytes = b"") -> bytes:
    """A PDF whose object n (1-based) is objects[n-1]; object 1 must be the catalog."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R%s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def _pdf_with(catalog_extra: bytes = b"", page_extra: bytes = b"", extra_objects: tuple = ()) -> bytes:
    return pdf_from(
        [
            b"<</Type/Catalog/Pages 2 0 R" + catalog_extra + b">>",
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]" + page_extra + b">>",
            *extra_objects,
        ]
    )


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<<" + dictionary + b"/Length %d>>\nstream\n" % len(data) + data + b"\nendstream"


def pdf_benign_open_action() -> tuple[str, bytes]:
    """/OpenAction that only sets the view (common in real PDFs): accepted."""
    return "undangan.pdf", _pdf_with(b"/OpenAction[3 0 R/FitH null]")


def pdf_open_action_javascript() -> tuple[str, bytes]:
    return "laporan-js.pdf", _pdf_with(b"/OpenAction<</S/JavaScript/JS(app.alert(1))>>")


def pdf_names_javascript() -> tuple[str, bytes]:
    """Document-level script in the /Names tree, the script in a separate stream object."""
    return "notulen-js.pdf", _pdf_with(
        b"/Names<</JavaScript<</Names[(a)4 0 R]>>>>",
        extra_objects=(b"<</S/JavaScript/JS 5 0 R>>", _stream(b"", b"app.alert(1)")),
    )


def pdf_js_key_only() -> tuple[str, bytes]:
    return "hanya-js.pdf", _pdf_with(page_extra=b"/Annots[<</Subtype/Link/A<</JS(app.alert(1))>>>>]")


def pdf_page_aa_javascript() -> tuple[str, bytes]:
    return "halaman-aa.pdf", _pdf_with(page_extra=b"/AA<</O<</S/JavaScript/JS<6170702e616c657274283129>>>>>")


def pdf_escaped_javascript_name() -> tuple[str, bytes]:
    """`/J#61vaScript` is `/JavaScript` once the name escape is read."""
    return "lolos.pdf", _pdf_with(b"/OpenAction<</S/J#61vaScript/J#53(app.alert(1))>>")


def pdf_launch() -> tuple[str, bytes]:
    return "jalankan.pdf", _pdf_with(b"/OpenAction<</S/Launch/F(cmd.exe)>>")


def pdf_embedded_file() -> tuple[str, bytes]:
    return "lampiran.pdf", _pdf_with(
        b"/Names<</EmbeddedFiles<</Names[(a.exe)4 0 R]>>>>",
        extra_objects=(b"<</Type/Filespec/F(a.exe)/EF<</F 5 0 R>>>>", _stream(b"/Type/EmbeddedFile", b"MZ")),
    )


def pdf_rich_media() -> tuple[str, bytes]:
    return "media.pdf", _pdf_with(page_extra=b"/Annots[<</Subtype/RichMedia/Rect[0 0 10 10]>>]")


def pdf_xfa() -> tuple[str, bytes]:
    return "formulir.pdf", _pdf_with(
        b"/AcroForm<</Fields[]/XFA 4 0 R>>", extra_objects=(_stream(b"", b"<xdp:xdp></xdp:xdp>"),)
    )


def _object_stream(body: bytes, filters: bytes = b"/Filter/FlateDecode", data: bytes | None = None) -> bytes:
    header = b"5 0 "
    data = data if data is not None else zlib.compress(header + body)
    return _stream(b"/Type/ObjStm/N 1/First %d" % len(header) + filters, data)


def pdf_javascript_in_compressed_object_stream() -> tuple[str, bytes]:
    """The script action lives inside a FlateDecode object stream: not one active key in the raw bytes."""
    return "ringkas.pdf", _pdf_with(
        b"/OpenAction 5 0 R", extra_objects=(_object_stream(b"<</S/JavaScript/JS(app.alert(1))>>"),)
    )


def pdf_launch_in_hex_and_flate_object_stream() -> tuple[str, bytes]:
    packed = zlib.compress(b"5 0 <</S/Launch/F(cmd.exe)>>").hex().encode() + b">"
    return "berlapis.pdf", _pdf_with(
        b"/OpenAction 5 0 R",
        extra_objects=(_object_stream(b"", b"/Filter[/ASCIIHexDecode/FlateDecode]", packed),),
    )


def pdf_opaque_object_stream() -> tuple[str, bytes]:
    """An object stream that cannot be read (encrypted or corrupt): whatever it hides cannot be checked."""
    return "terkunci.pdf", _pdf_with(extra_objects=(_object_stream(b"", data=b"\x8f\x13 bukan zlib \x00" * 8),))


PDF_ACTIVE = {
    "pdf /OpenAction running JavaScript": (pdf_open_action_javascript, "berjalan otomatis"),
    "pdf /JavaScript in the names tree": (pdf_names_javascript, "JavaScript"),
    "pdf /JS key": (pdf_js_key_only, "JavaScript"),
    "pdf /AA running JavaScript": (pdf_page_aa_javascript, "berjalan otomatis"),
    "pdf escaped /J#61vaScript name": (pdf_escaped_javascript_name, "berjalan otomatis"),
    "pdf /Launch": (pdf_launch, "/Launch"),
    "pdf /EmbeddedFile": (pdf_embedded_file, "/EmbeddedFile"),
    "pdf /RichMedia": (pdf_rich_media, "/RichMedia"),
    "pdf XFA form": (pdf_xfa, "XFA"),
    "pdf JavaScript in a FlateDecode object stream": (pdf_javascript_in_compressed_object_stream, "berjalan otomatis"),
    "pdf /Launch in a hex+flate object stream": (pdf_launch_in_hex_and_flate_object_stream, "/Launch"),
    "pdf unreadable object stream": (pdf_opaque_object_stream, "tidak dapat diperiksa"),
}


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
    **{label: build for label, (build, _reason) in PDF_ACTIVE.items()},
}
