"""The agenda as a PDF: agency and marking on every page, children by initials only."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from panelapp.exports.agenda_docx import SLOT_HEADERS, sitting_details, slot_rows
from panelapp.exports.pdf_base import MarkedDocument, grid_table, styles
from panelapp.services.cases import AgendaDocument

SLOT_WIDTHS = [22 * mm, 38 * mm, 28 * mm, 20 * mm, 46 * mm, 20 * mm]


def _cells(rows: list[list[str]], style: Any) -> list[list[Any]]:
    return [[Paragraph(escape(text).replace("\n", "<br/>"), style) for text in row] for row in rows]


def write_agenda_pdf(document: AgendaDocument, out: Path) -> Path:
    sheet = styles()
    small = sheet["Small"]
    story: list[Any] = [Paragraph(escape(document.title), sheet["Title"])]
    for label, value in sitting_details(document):
        story.append(Paragraph(f"<b>{escape(label)}:</b> {escape(value)}", sheet["Normal"]))
    story += [Spacer(1, 4 * mm), Paragraph("Agenda", sheet["Heading2"])]
    story.append(grid_table(SLOT_HEADERS, _cells(slot_rows(document), small), SLOT_WIDTHS))
    story += [Spacer(1, 4 * mm), Paragraph("Who is sitting", sheet["Heading2"])]
    story.append(
        Paragraph(
            "Applicants: please tell the panel adviser before the day if you know any of these people.",
            sheet["Normal"],
        )
    )
    people = [[p.name, p.role] for p in document.sitting]
    story.append(grid_table(["Name", "Role"], _cells(people, small), [70 * mm, 104 * mm]))
    if document.in_attendance:
        story.append(Paragraph("In attendance (not members)", sheet["Heading3"]))
        staff = [[p.name, p.role] for p in document.in_attendance]
        story.append(grid_table(["Name", "Role"], _cells(staff, small), [70 * mm, 104 * mm]))
    story += [Spacer(1, 4 * mm), Paragraph("Circulation list", sheet["Heading2"])]
    circulation = [[p.name, p.role] for p in document.circulation]
    story.append(grid_table(["Name", "Role"], _cells(circulation, small), [70 * mm, 104 * mm]))
    return MarkedDocument(out, document.agency_name, document.marking, document.title).write(story)
