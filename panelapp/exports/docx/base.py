"""Word documents from the agency's replaceable template, with the marking on every page.

Every exported .docx starts from `resources/templates/<name>.docx` (an agency may replace
it to use its own fonts, logo and styles). The header carries the agency name and the
protective marking; the footer carries the marking and "Page X of Y".
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from panelapp.exports.files import atomic_output
from panelapp.paths import template

BASE_TEMPLATE = "base.docx"


def new_document(agency_name: str, marking: str, title: str, template_name: str = BASE_TEMPLATE) -> Any:
    """A document from the template, emptied, with header, footer and a title."""
    path = template(template_name)
    doc: DocumentObject = Document(str(path)) if path.exists() else Document()
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):  # keep page set-up, drop the template's sample text
            body.remove(child)
    for section in doc.sections:
        header = section.header
        header.is_linked_to_previous = False
        head = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        head.text = ""
        run = head.add_run(marking)
        run.bold = True
        head.add_run(f"\t{agency_name}")
        footer = section.footer
        footer.is_linked_to_previous = False
        foot = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        foot.text = ""
        foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
        foot.add_run(f"{marking}    Page ")
        add_field(foot, "PAGE")
        foot.add_run(" of ")
        add_field(foot, "NUMPAGES")
    doc.core_properties.title = title
    doc.add_heading(title, level=0)
    return doc


def add_field(paragraph: Paragraph, instruction: str, shown: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES, TOC...) that Word fills in when it opens the file."""
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
    table = doc.add_table(rows=1, cols=len(headers))
    with contextlib.suppress(KeyError):  # a replaced template may lack the style: plain table
        table.style = style
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    return table


def save(doc: Any, out: Path) -> Path:
    """Write to a temporary name then rename: a failed export never leaves half a file."""
    with atomic_output(out) as part:
        doc.save(str(part))
    return Path(out)


def body_font(doc: Any, size: int = 11) -> None:
    style = doc.styles["Normal"]
    style.font.size = Pt(size)
