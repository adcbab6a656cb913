"""Low-level python-docx helpers of the LKjIP document: page setup, fields, tables, shading."""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "Arial"
HEADER_FILL = "E8D5DC"
MAROON = RGBColor(0x7B, 0x1E, 0x3A)


def setup(document) -> None:
    """A4 portrait, government report margins (left 3 cm for binding), Arial 11 pt, 1.15 line spacing."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.5)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Heading 1", 14), ("Heading 2", 12), ("Heading 3", 11)):
        style = document.styles[name]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(size), True
        style.font.color.rgb = RGBColor(0, 0, 0)
        fonts = style.element.rPr.rFonts
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)  # the theme font would win over Arial
        fonts.set(qn("w:eastAsia"), FONT)
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(12), Pt(6)
        style.paragraph_format.keep_with_next = True


def field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the reader fills in: fldChar begin / instrText / separate / end."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
            run._r.append(element)
        else:
            run.text = text


def footer(document, text: str) -> None:
    """The footer of every page: the report's name and "Halaman X dari Y"."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(f"{text} · Halaman ")
    run.font.size = Pt(9)
    field(paragraph, "PAGE")
    paragraph.add_run(" dari ").font.size = Pt(9)
    field(paragraph, "NUMPAGES")
    for run in paragraph.runs:
        run.font.size = Pt(9)


def shade(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def repeat_header(row) -> None:
    """The header row repeats at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def table(document, headers: list[str], rows: list[list[str]], widths_cm: list[float], *, size: int = 9, numeric=()):
    """A bordered table with a shaded, repeated header row; `numeric` columns are right-aligned."""
    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    header = grid.rows[0]
    repeat_header(header)
    for index, label in enumerate(headers):
        _write(header.cells[index], label, size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        shade(header.cells[index], HEADER_FILL)
    for values in rows:
        cells = grid.add_row().cells
        for index, value in enumerate(values):
            align = WD_ALIGN_PARAGRAPH.RIGHT if index in numeric else WD_ALIGN_PARAGRAPH.LEFT
            _write(cells[index], value, size, align=align)
    # LibreOffice reads the table grid, Word the cell widths: set both.
    for index, width in enumerate(widths_cm):
        grid.columns[index].width = Cm(width)
    for row in grid.rows:
        for index, width in enumerate(widths_cm):
            row.cells[index].width = Cm(width)
    return grid


def _write(cell, text: str, size: int, *, bold: bool = False, align=None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    run.font.size, run.bold = Pt(size), bold


def keep_together(grid) -> None:
    """Every paragraph of the table keeps with the next, so the table moves with what follows it."""
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
