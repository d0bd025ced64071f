"""The chairs' report as a Word document, from the agency's replaceable template.

Real Word headings, tables, charts as PNG pictures, and the marking with "Page X of Y" on
every page (from base). The contents is the list of the report's headings, written out: it
is right the moment the file opens, with no field to update and no prompt (Word's page
numbers are Word's own layout, so the PDF is the one that carries them).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx.shared import Cm

from panelapp.documents import templates
from panelapp.documents.blocks import Block, ChartSpec, Contents, Heading, PageBreak, Para, TableBlock
from panelapp.documents.chairs_report import ReportDocument
from panelapp.exports.charts import draw_charts
from panelapp.exports.docx.base import add_table, new_document, save

REPORT_TEMPLATE = templates.REPORT


def write_report_docx(
    document: ReportDocument, out: Path, progress: Callable[[int, str], None] | None = None
) -> Path:
    step = progress or (lambda _p, _t: None)
    pictures = draw_charts(document.blocks, step)
    step(50, "Writing the Word document")
    doc = new_document(document.agency_name, document.marking, document.title, REPORT_TEMPLATE)
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
            doc.paragraphs[-1].paragraph_format.keep_with_next = True  # the caption stays with its chart
            doc.add_paragraph(block.caption, style="Caption")
        elif isinstance(block, Contents):
            _add_contents(doc, blocks)
        elif isinstance(block, PageBreak):
            doc.add_page_break()
        if index % 10 == 0:
            step(50 + int(40 * index / len(blocks)), "Writing the Word document")
    step(92, "Saving")
    return save(doc, out)


def _add_contents(doc: Any, blocks: tuple[Block, ...]) -> None:
    """The headings of levels 1 and 2 in order, the second level indented."""
    listed = [
        b for b, after in zip(blocks, (*blocks[1:], None), strict=True) if not isinstance(after, Contents)
    ]
    for block in listed:
        if isinstance(block, Heading) and block.level <= 2:
            paragraph = doc.add_paragraph(block.text)
            paragraph.paragraph_format.left_indent = Cm(0.8 * (block.level - 1))
            paragraph.paragraph_format.space_after = Cm(0.05)
