"""Appendix A, the membership list, as a PDF (marking on every page, surname order)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from panelapp.documents.appendix import HEADERS, AppendixA
from panelapp.exports.pdf.base import MarkedDocument, grid_table, para, styles, text_cells


def write_appendix_pdf(document: AppendixA, out: Path) -> Path:
    sheet = styles()
    story = [
        para(document.title, sheet["Title"]),
        para(document.intro(), sheet["Normal"]),
        Spacer(1, 4 * mm),
        grid_table(HEADERS, text_cells(document.rows(), sheet["Small"])),
    ]
    return MarkedDocument(out, document.agency_name, document.marking, document.title).write(story)
