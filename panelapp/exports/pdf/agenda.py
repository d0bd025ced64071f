"""The agenda as a PDF: agency and marking on every page, children by initials only."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from panelapp.documents.agenda import APPLICANTS_NOTE, SLOT_HEADERS, AgendaDocument, people_rows
from panelapp.exports.pdf.base import MarkedDocument, grid_table, styles, text_cells

SLOT_WIDTHS = [22 * mm, 38 * mm, 28 * mm, 20 * mm, 46 * mm, 20 * mm]
PEOPLE_WIDTHS = [70 * mm, 104 * mm]


def write_agenda_pdf(document: AgendaDocument, out: Path) -> Path:
    sheet = styles()
    small = sheet["Small"]
    story: list[Any] = [Paragraph(escape(document.title), sheet["Title"])]
    for label, value in document.details():
        story.append(Paragraph(f"<b>{escape(label)}:</b> {escape(value)}", sheet["Normal"]))
    story += [Spacer(1, 4 * mm), Paragraph("Agenda", sheet["Heading2"])]
    story.append(grid_table(SLOT_HEADERS, text_cells(document.slot_rows(), small), SLOT_WIDTHS))
    story += [Spacer(1, 4 * mm), Paragraph("Who is sitting", sheet["Heading2"])]
    story.append(Paragraph(APPLICANTS_NOTE, sheet["Normal"]))
    people = people_rows(document.sitting)
    story.append(grid_table(["Name", "Role"], text_cells(people, small), PEOPLE_WIDTHS))
    if document.in_attendance:
        story.append(Paragraph("In attendance (not members)", sheet["Heading3"]))
        staff = people_rows(document.in_attendance)
        story.append(grid_table(["Name", "Role"], text_cells(staff, small), PEOPLE_WIDTHS))
    story += [Spacer(1, 4 * mm), Paragraph("Circulation list", sheet["Heading2"])]
    circulation = people_rows(document.circulation)
    story.append(grid_table(["Name", "Role"], text_cells(circulation, small), PEOPLE_WIDTHS))
    return MarkedDocument(out, document.agency_name, document.marking, document.title).write(story)
