"""The agenda as a PDF: agency and marking on every page, children by initials only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from panelapp.documents.agenda import APPLICANTS_NOTE, SLOT_HEADERS, AgendaDocument, people_rows
from panelapp.exports.pdf.base import MarkedDocument, grid_table, para, styles, text_cells


def write_agenda_pdf(document: AgendaDocument, out: Path) -> Path:
    sheet = styles()
    small = sheet["Small"]
    story: list[Any] = [para(document.title, sheet["Title"])]
    if document.notice:
        story += [para("", sheet["Normal"], bold_label=document.notice), Spacer(1, 2 * mm)]
    for label, value in document.details():
        story.append(para(f" {value}", sheet["Normal"], bold_label=f"{label}:"))
    story += [Spacer(1, 4 * mm), para("Agenda", sheet["Heading2"])]
    story.append(grid_table(SLOT_HEADERS, text_cells(document.slot_rows(), small)))
    story += [Spacer(1, 4 * mm), para("Who is sitting", sheet["Heading2"])]
    story.append(para(APPLICANTS_NOTE, sheet["Normal"]))
    story.append(grid_table(["Name", "Role"], text_cells(people_rows(document.sitting), small)))
    if document.in_attendance:
        story.append(para("In attendance (not members)", sheet["Heading3"]))
        staff = people_rows(document.in_attendance)
        story.append(grid_table(["Name", "Role"], text_cells(staff, small)))
    story += [Spacer(1, 4 * mm), para("Circulation list", sheet["Heading2"])]
    circulation = people_rows(document.circulation)
    story.append(grid_table(["Name", "Role"], text_cells(circulation, small)))
    return MarkedDocument(out, document.agency_name, document.marking, document.title).write(story)
