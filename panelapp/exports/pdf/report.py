"""The chairs' report as a PDF (reportlab): the same blocks as the Word document.

The marking and "Page X of Y" on every page come from base.MarkedDocument; headings also
become PDF bookmarks so a reader can jump between sections, and the contents lists them
with their page numbers (built in two passes, so the numbers are those of this file; the
first pass lays the contents out with their entries already in place).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image, KeepTogether, Spacer, TableStyle
from reportlab.platypus import PageBreak as PdfPageBreak
from reportlab.platypus.tableofcontents import TableOfContents

from panelapp.documents.blocks import Block, ChartSpec, Contents, Heading, PageBreak, Para, TableBlock
from panelapp.documents.chairs_report import ReportDocument
from panelapp.exports.charts import draw_charts
from panelapp.exports.pdf.base import FONT, MarkedDocument, grid_table, para, styles

CHART_WIDTH = 160 * mm
CONTENTS_DEPTH = 1  # the contents list the top two levels of headings


class _ReportDocument(MarkedDocument):
    """Adds a bookmark for every heading paragraph."""

    _outline_level = -1

    def beforeDocument(self) -> None:  # noqa: N802 - reportlab's hook name
        self._outline_level = -1  # each pass of the build starts the outline afresh

    def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 - reportlab's hook name
        level = getattr(flowable, "outline_level", None)
        if level is None:
            return
        level = _outline_level(level, self._outline_level)
        self._outline_level = level
        key = flowable.outline_key
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=level > 0)
        if level <= CONTENTS_DEPTH:
            self.notify("TOCEntry", (level, flowable.getPlainText(), self.page, key))


def _outline_level(level: int, previous: int) -> int:
    return min(level, previous + 1)  # outlines may not skip a level


def _contents_entries(story: list[Any]) -> list[tuple[int, str, int, str]]:
    """What the contents will list, with page 0 for now: given to it before the first pass, so
    that pass lays the contents out at their full length (reportlab's `addEntries`). Laid out
    empty, the contents grew by a page in the second pass and moved every page number after
    them, which took a third pass over the whole report (a third of its PDF time)."""
    entries, previous = [], -1
    for flowable in story:
        level = getattr(flowable, "outline_level", None)
        if level is None:
            continue
        previous = _outline_level(level, previous)
        if previous <= CONTENTS_DEPTH:
            entries.append((previous, flowable.getPlainText(), 0, flowable.outline_key))
    return entries


def write_report_pdf(
    document: ReportDocument, out: Path, progress: Callable[[int, str], None] | None = None
) -> Path:
    step = progress or (lambda _p, _t: None)
    pictures = draw_charts(document.blocks, step)
    step(50, "Laying out the PDF")
    sheet = styles()
    story: list[Any] = [para(document.title, sheet["Title"])]
    blocks = document.blocks
    for index, block in enumerate(blocks):
        flowables = _flowables(block, pictures.get(index), sheet, index)
        if index + 1 < len(blocks) and isinstance(blocks[index + 1], Contents) and isinstance(block, Heading):
            flowables[0].outline_level = None  # the contents' own heading is not listed in it
        story += flowables
    for contents in (f for f in story if isinstance(f, TableOfContents)):
        contents.addEntries(_contents_entries(story))
    step(70, "Writing the PDF")
    return _ReportDocument(out, document.agency_name, document.marking, document.title).write(story)


def _flowables(block: Block, picture: bytes | None, sheet: Any, index: int) -> list[Any]:
    italic = sheet["Italic"]
    if isinstance(block, Heading):
        heading = para(block.text, sheet["Heading1"] if block.level == 1 else sheet["Heading2"])
        heading.outline_level = block.level - 1
        heading.outline_key = f"h{index}"
        return [heading]
    if isinstance(block, Para):
        return [para(block.text, italic if block.note else sheet["BodyText"])]
    if isinstance(block, TableBlock):
        return [grid_table(block.headers, block.rows), Spacer(1, 4 * mm)]
    if isinstance(block, ChartSpec) and picture is not None:
        return [KeepTogether([_image(picture), para(block.caption, italic)]), Spacer(1, 3 * mm)]
    if isinstance(block, Contents):
        # reportlab's own contents table style names Helvetica, which is never embedded
        contents = TableOfContents(tableStyle=TableStyle([("FONT", (0, 0), (-1, -1), FONT, 10)]))
        contents.levelStyles = [sheet["Contents1"], sheet["Contents2"]]
        contents.dotsMinLevel = 0
        return [contents]
    if isinstance(block, PageBreak):
        return [PdfPageBreak()]
    return []


def _image(png: bytes) -> Image:
    width, height = ImageReader(io.BytesIO(png)).getSize()
    return Image(io.BytesIO(png), width=CHART_WIDTH, height=CHART_WIDTH * height / width)
