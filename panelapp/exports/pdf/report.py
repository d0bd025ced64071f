"""The chairs' report as a PDF (reportlab): the same blocks as the Word document.

The marking and page number on every page come from base.MarkedDocument; headings also
become PDF bookmarks so a reader can jump between sections.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image, KeepTogether, Paragraph, Spacer
from reportlab.platypus import PageBreak as PdfPageBreak

from panelapp.documents.blocks import Block, ChartSpec, Contents, Heading, PageBreak, Para, TableBlock
from panelapp.documents.chairs_report import ReportDocument
from panelapp.exports.charts import draw_charts
from panelapp.exports.pdf.base import MarkedDocument, grid_table, styles

CHART_WIDTH = 160 * mm


class _ReportDocument(MarkedDocument):
    """Adds a bookmark for every heading paragraph."""

    _outline_level = -1

    def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 - reportlab's hook name
        level = getattr(flowable, "outline_level", None)
        if level is None:
            return
        level = min(level, self._outline_level + 1)  # outlines may not skip a level
        self._outline_level = level
        key = f"h{id(flowable)}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=level > 0)


def write_report_pdf(
    document: ReportDocument, out: Path, progress: Callable[[int, str], None] | None = None
) -> Path:
    step = progress or (lambda _p, _t: None)
    pictures = draw_charts(document.blocks, step)
    step(50, "Laying out the PDF")
    sheet = styles()
    story: list[Any] = [Paragraph(escape(document.title), sheet["Title"])]
    for index, block in enumerate(document.blocks):
        story += _flowables(block, pictures.get(index), sheet)
    step(70, "Writing the PDF")
    return _ReportDocument(out, document.agency_name, document.marking, document.title).write(story)


def _flowables(block: Block, picture: bytes | None, sheet: Any) -> list[Any]:
    italic = sheet["Italic"]
    if isinstance(block, Heading):
        heading = Paragraph(escape(block.text), sheet["Heading1"] if block.level == 1 else sheet["Heading2"])
        heading.outline_level = block.level - 1
        return [heading]
    if isinstance(block, Para):
        text = escape(block.text).replace("\n", "<br/>")
        return [Paragraph(text, italic if block.note else sheet["BodyText"])]
    if isinstance(block, TableBlock):
        table = grid_table(block.headers, block.rows)
        table.hAlign = "LEFT"
        return [table, Spacer(1, 4 * mm)]
    if isinstance(block, ChartSpec) and picture is not None:
        return [KeepTogether([_image(picture), Paragraph(escape(block.caption), italic)]), Spacer(1, 3 * mm)]
    if isinstance(block, Contents):
        return [Paragraph(escape(line), sheet["BodyText"]) for line in ReportDocument.contents_lines()]
    if isinstance(block, PageBreak):
        return [PdfPageBreak()]
    return []


def _image(png: bytes) -> Image:
    width, height = ImageReader(io.BytesIO(png)).getSize()
    return Image(io.BytesIO(png), width=CHART_WIDTH, height=CHART_WIDTH * height / width)
