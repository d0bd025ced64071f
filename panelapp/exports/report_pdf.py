"""The chairs' report as a PDF (reportlab): the same blocks as the Word document.

The marking and page number on every page come from pdf_base.MarkedDocument; headings also
become PDF bookmarks so a reader can jump between sections.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image, KeepTogether, Paragraph, Spacer
from reportlab.platypus import PageBreak as PdfPageBreak

from panelapp.domain import report_figures as fig
from panelapp.exports.pdf_base import MarkedDocument, grid_table, styles
from panelapp.exports.report_content import (
    REPORT_TITLE,
    Chart,
    Contents,
    Heading,
    PageBreak,
    Para,
    TableBlock,
    build_blocks,
)

if TYPE_CHECKING:
    from panelapp.services.reports import ChairsReport

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
    report: ChairsReport, out: Path, progress: Callable[[int, str], None] | None = None
) -> Path:
    step = progress or (lambda _p, _t: None)
    blocks = build_blocks(report, step)
    step(50, "Laying out the PDF")
    sheet = styles()
    italic = sheet["Italic"]
    story: list[Any] = [Paragraph(escape(REPORT_TITLE), sheet["Title"])]
    for block in blocks:
        if isinstance(block, Heading):
            style = sheet["Heading1"] if block.level == 1 else sheet["Heading2"]
            heading = Paragraph(escape(block.text), style)
            heading.outline_level = block.level - 1
            story.append(heading)
        elif isinstance(block, Para):
            text = escape(block.text).replace("\n", "<br/>")
            story.append(Paragraph(text, italic if block.note else sheet["BodyText"]))
        elif isinstance(block, TableBlock):
            table = grid_table(block.headers, block.rows)
            table.hAlign = "LEFT"
            story += [table, Spacer(1, 4 * mm)]
        elif isinstance(block, Chart):
            story.append(KeepTogether([_image(block.png), Paragraph(escape(block.caption), italic)]))
            story.append(Spacer(1, 3 * mm))
        elif isinstance(block, Contents):
            story += _contents(sheet)
        elif isinstance(block, PageBreak):
            story.append(PdfPageBreak())
    step(70, "Writing the PDF")
    document = _ReportDocument(out, report.agency_name, report.marking, REPORT_TITLE)
    return document.write(story)


def _image(png: bytes) -> Image:
    width, height = ImageReader(io.BytesIO(png)).getSize()
    return Image(io.BytesIO(png), width=CHART_WIDTH, height=CHART_WIDTH * height / width)


def _contents(sheet: Any) -> list[Any]:
    """The sections in order (the bookmarks pane gives page links)."""
    lines = [f"{n}. {fig.section_title(n)}" for n in range(1, 13)]
    lines.append("Appendix A: membership of the central list")
    return [Paragraph(escape(line), sheet["BodyText"]) for line in lines]
