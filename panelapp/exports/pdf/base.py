"""PDF documents (reportlab) with the agency name and marking on every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from panelapp.exports.files import atomic_output


def styles() -> StyleSheet1:
    sheet = getSampleStyleSheet()
    sheet.add(ParagraphStyle("Small", parent=sheet["Normal"], fontSize=8, leading=10))
    return sheet


class MarkedDocument(SimpleDocTemplate):  # type: ignore[misc]  # reportlab is untyped
    """A4 document whose every page shows the marking at top and bottom and a page number."""

    def __init__(self, out: Path, agency_name: str, marking: str, title: str, **kwargs: Any) -> None:
        self.final_path = Path(out)
        super().__init__(
            str(self.final_path),  # the temporary name is set when writing
            pagesize=A4,
            title=title,
            author=agency_name,
            topMargin=22 * mm,
            bottomMargin=20 * mm,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            **kwargs,
        )
        self.agency_name = agency_name
        self.marking = marking

    def _decorate(self, canvas: Canvas, doc: Any) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setFont("Helvetica-Bold", 9)
        canvas.drawString(18 * mm, height - 12 * mm, self.marking)
        canvas.setFont("Helvetica", 9)
        canvas.drawRightString(width - 18 * mm, height - 12 * mm, self.agency_name)
        canvas.setFont("Helvetica-Bold", 9)
        canvas.drawCentredString(width / 2, 10 * mm, f"{self.marking}    Page {doc.page}")
        canvas.restoreState()

    def write(self, story: list[Any]) -> Path:
        """Build to a temporary name then rename, so a failure never leaves half a file."""
        with atomic_output(self.final_path) as part:
            self.filename = str(part)
            self.build(story, onFirstPage=self._decorate, onLaterPages=self._decorate)
        return self.final_path


def grid_table(headers: list[str], rows: list[list[Any]], col_widths: list[float] | None = None) -> Table:
    """A table with a shaded header row repeated on every page; cells are text or paragraphs."""
    table = Table([headers, *rows], colWidths=col_widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e2e8f0")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#718096")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def text_cells(rows: list[list[str]], style: Any, line_breaks: bool = True) -> list[list[Any]]:
    """Table cells as paragraphs, so long text wraps within its column; `line_breaks` keeps
    the text's own line breaks (otherwise they read as spaces)."""
    return [[Paragraph(_markup(text, line_breaks), style) for text in row] for row in rows]


def _markup(text: str, line_breaks: bool) -> str:
    escaped = escape(text)
    return escaped.replace("\n", "<br/>") if line_breaks else escaped
