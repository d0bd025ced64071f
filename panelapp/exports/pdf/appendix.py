"""Appendix A, the membership list, as a PDF (marking on every page, surname order)."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from panelapp.documents.appendix import HEADERS, AppendixA
from panelapp.exports.pdf.base import MarkedDocument, grid_table, styles, text_cells

COLUMN_WIDTHS = [55 * mm, 85 * mm, 34 * mm]


def write_appendix_pdf(document: AppendixA, out: Path) -> Path:
    sheet = styles()
    story = [
        Paragraph(escape(document.title), sheet["Title"]),
        Paragraph(escape(document.intro()), sheet["Normal"]),
        Spacer(1, 4 * mm),
        grid_table(HEADERS, text_cells(document.rows(), sheet["Small"]), col_widths=COLUMN_WIDTHS),
    ]
    return MarkedDocument(out, document.agency_name, document.marking, document.title).write(story)
