"""Word documents from the agency's replaceable template, with the marking on every page.

Every exported .docx starts from `resources/templates/<name>.docx` (A4, the agency's styles;
an agency may replace it, see templates.py). The header carries the marking and, right-
aligned, the agency name; the footer the marking and "Page X of Y"; a draft also says
DRAFT in large grey letters in the header of every page. Core properties say what the
document is, that the agency wrote it, and when. Tables take their column widths from their
content, repeat their header row on each page and never split a row across pages.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt, RGBColor
from docx.text.paragraph import Paragraph
from reportlab.pdfbase.pdfmetrics import stringWidth

from panelapp import clock
from panelapp.documents import templates
from panelapp.exports.files import atomic_output
from panelapp.exports.layout import fit_widths
from panelapp.paths import template

BASE_TEMPLATE = templates.BASE
DRAFT_WORD = "DRAFT"
TABLE_FONT_PT = 9  # tables a point smaller than the text, so a six-column agenda breaks no word
WORD_CELL_PADDING = 14.0  # points: Word's default cell margins (0.19 cm a side) plus a hair
EMU_PER_POINT = 12700
HEADER_FILL = "E2E8F0"
KEEP_TOGETHER_ROWS = 12


def new_document(
    agency_name: str,
    marking: str,
    title: str,
    template_name: str = BASE_TEMPLATE,
    draft: bool = False,
    footer_note: str = "",
) -> Any:
    """A document from the template, emptied, with header, footer, properties and a title;
    `footer_note` (the minutes' version) goes in every page's footer."""
    path = template(template_name)
    if not path.exists():
        path = template(BASE_TEMPLATE)
    doc: DocumentObject = Document(str(path)) if path.exists() else Document()
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):  # keep page set-up, drop the template's sample text
            body.remove(child)
    for section in doc.sections:
        width = _text_width(section)
        _header(section.header, marking, agency_name, Emu(width), draft)
        _footer(section.footer, marking, footer_note)
    _properties(doc, title, agency_name)
    doc.add_heading(title, level=0)
    return doc


def _header(header: Any, marking: str, agency_name: str, width: Emu, draft: bool) -> None:
    header.is_linked_to_previous = False
    head = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    head.text = ""
    tabs = head.paragraph_format.tab_stops
    style_tabs = head.style.paragraph_format.tab_stops if head.style is not None else []
    for inherited in style_tabs:  # the Header style's centre tab would catch the agency name
        tabs.add_tab_stop(inherited.position, WD_TAB_ALIGNMENT.CLEAR)
    tabs.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    head.add_run(marking).bold = True
    head.add_run(f"\t{agency_name}")
    if draft:
        mark = header.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = mark.add_run(DRAFT_WORD)
        run.bold, run.font.size = True, Pt(28)
        run.font.color.rgb = RGBColor(0xC0, 0xC0, 0xC0)


def _footer(footer: Any, marking: str, note: str) -> None:
    footer.is_linked_to_previous = False
    foot = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    foot.text = ""
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run(marking).bold = True
    if note:
        foot.add_run(f"    {note}")
    foot.add_run("    Page ")
    add_field(foot, "PAGE")
    foot.add_run(" of ")
    add_field(foot, "NUMPAGES")


def _properties(doc: Any, title: str, agency_name: str) -> None:
    """Title, author = the agency, created now: not python-docx's own 2013 defaults."""
    now = clock.now().replace(microsecond=0)
    core = doc.core_properties
    core.title = title
    core.author = agency_name
    core.last_modified_by = agency_name
    core.created = now
    core.modified = now
    core.revision = 1
    core.comments = ""
    core.subject = ""
    core.keywords = ""
    core.category = ""


def add_field(paragraph: Paragraph, instruction: str, shown: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in as it lays out the page."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    cached_result = OxmlElement("w:t")  # what shows until Word updates the field
    cached_result.text = shown
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, code, separate, cached_result, end):
        run._r.append(element)


def add_table(doc: Any, headers: list[str], rows: list[list[str]], style: str = "Table Grid") -> Any:
    """A table that fits: widths from content, header repeated on each page, rows unsplit."""
    table = doc.add_table(rows=1, cols=len(headers))
    with contextlib.suppress(KeyError):  # a replaced template may lack the style: plain table
        table.style = style
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
        _shade(cell)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    width = _text_width(doc.sections[-1])
    widths = fit_widths(headers, rows, width / EMU_PER_POINT, _measure, WORD_CELL_PADDING)
    for index, points in enumerate(widths):
        table.columns[index].width = Emu(int(points * EMU_PER_POINT))  # the grid LibreOffice reads
        for cell in table.columns[index].cells:
            cell.width = Emu(int(points * EMU_PER_POINT))  # and each cell's, which Word reads
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(TABLE_FONT_PT)
    # A short table stays on one page; a long one at least keeps its header with two rows.
    together = len(table.rows) - 1 if len(rows) <= KEEP_TOGETHER_ROWS else min(2, len(rows))
    for number, row in enumerate(table.rows):
        _row_property(row, "w:cantSplit")
        if number == 0:
            _row_property(row, "w:tblHeader")
        if number < together:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
    return table


def _measure(text: str, bold: bool) -> float:
    """Width in points at the table's size: Helvetica's metrics, which Arial (the templates'
    font) and Liberation Sans (LibreOffice's stand-in for it) share."""
    return float(stringWidth(text, "Helvetica-Bold" if bold else "Helvetica", TABLE_FONT_PT))


def _shade(cell: Any) -> None:
    """The header row lightly shaded, as in the PDF."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), HEADER_FILL)
    cell._tc.get_or_add_tcPr().append(shading)


def _text_width(section: Any) -> int:
    return int((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0))


def _row_property(row: Any, tag: str) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    properties.append(element)


def save(doc: Any, out: Path) -> Path:
    """Write to a temporary name then rename: a failed export never leaves half a file."""
    with atomic_output(out) as part:
        doc.save(str(part))
    return Path(out)


def body_font(doc: Any, size: int = 11) -> None:
    style = doc.styles["Normal"]
    style.font.size = Pt(size)
