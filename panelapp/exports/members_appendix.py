"""Appendix A, the membership list, to Word and PDF (marking on every page, surname order)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Protocol

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from panelapp.domain.periods import long_date
from panelapp.exports.docx_base import add_table, new_document, save
from panelapp.exports.pdf_base import MarkedDocument, grid_table, styles

TITLE = "Appendix A: Panel membership"
HEADERS = ["Name", "Role", "Panel"]


class Entry(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def panel(self) -> str: ...


def _rows(entries: Sequence[Entry]) -> list[list[str]]:
    return [[e.name, e.role, e.panel or "–"] for e in entries]


def _intro(count: int, on: date) -> str:
    return f"The central list of panel members on {long_date(on)}: {count} members, in surname order."


def write_appendix_docx(out: Path, agency: str, marking: str, entries: Sequence[Entry], on: date) -> Path:
    doc = new_document(agency, marking, TITLE)
    doc.add_paragraph(_intro(len(entries), on))
    add_table(doc, HEADERS, _rows(entries))
    return save(doc, out)


def write_appendix_pdf(out: Path, agency: str, marking: str, entries: Sequence[Entry], on: date) -> Path:
    sheet = styles()
    small = sheet["Small"]
    rows = [[Paragraph(cell, small) for cell in row] for row in _rows(entries)]
    story = [
        Paragraph(TITLE, sheet["Title"]),
        Paragraph(_intro(len(entries), on), sheet["Normal"]),
        Spacer(1, 4 * mm),
        grid_table(HEADERS, rows, col_widths=[55 * mm, 85 * mm, 34 * mm]),
    ]
    return MarkedDocument(out, agency, marking, TITLE).write(story)
