"""The chairs' report as a Word document, from the agency's replaceable template.

Real Word headings (so Word builds the contents from the TOC field), tables, charts as PNG
pictures, and the marking with "Page X of Y" on every page (from base).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from panelapp.documents.blocks import ChartSpec, Contents, Heading, PageBreak, Para, TableBlock
from panelapp.documents.chairs_report import ReportDocument
from panelapp.exports.charts import draw_charts
from panelapp.exports.docx.base import add_field, add_table, new_document, save

TOC_HINT = "Right-click here and choose Update Field to show the contents."


def write_report_docx(
    document: ReportDocument, out: Path, progress: Callable[[int, str], None] | None = None
) -> Path:
    step = progress or (lambda _p, _t: None)
    pictures = draw_charts(document.blocks, step)
    step(50, "Writing the Word document")
    doc = new_document(document.agency_name, document.marking, document.title)
    blocks = document.blocks
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=block.level)
        elif isinstance(block, Para):
            paragraph = doc.add_paragraph()
            run = paragraph.add_run(block.text)
            run.italic = block.note
        elif isinstance(block, TableBlock):
            add_table(doc, block.headers, block.rows)
            doc.add_paragraph()
        elif isinstance(block, ChartSpec):
            doc.add_picture(io.BytesIO(pictures[index]), width=Cm(15))
            caption = doc.add_paragraph()
            caption.add_run(block.caption).italic = True
        elif isinstance(block, Contents):
            _add_contents(doc)
        elif isinstance(block, PageBreak):
            doc.add_page_break()
        if index % 10 == 0:
            step(50 + int(40 * index / len(blocks)), "Writing the Word document")
    step(92, "Saving")
    return save(doc, out)


def _add_contents(doc: Any) -> None:
    """A TOC field over heading levels 1-2; Word is asked to refresh fields on opening."""
    paragraph = doc.add_paragraph()
    add_field(paragraph, 'TOC \\o "1-2" \\h \\z \\u', shown=TOC_HINT)
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)
