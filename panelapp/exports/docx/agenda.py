"""The agenda as a Word document, from the replaceable template `resources/templates/agenda.docx`.

Header and footer carry the agency and the marking on every page (see base). Children are
named by initials only.
"""

from __future__ import annotations

from pathlib import Path

from panelapp.documents import templates
from panelapp.documents.agenda import APPLICANTS_NOTE, SLOT_HEADERS, AgendaDocument, people_rows
from panelapp.exports.docx.base import add_table, body_font, new_document, save

AGENDA_TEMPLATE = templates.AGENDA


def write_agenda_docx(document: AgendaDocument, out: Path) -> Path:
    doc = new_document(document.agency_name, document.marking, document.title, AGENDA_TEMPLATE)
    body_font(doc, 10)
    if document.notice:
        doc.add_paragraph().add_run(document.notice).bold = True
    for label, value in document.details():
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    doc.add_heading("Agenda", level=1)
    add_table(doc, SLOT_HEADERS, document.slot_rows())
    doc.add_heading("Who is sitting", level=1)
    doc.add_paragraph(APPLICANTS_NOTE)
    add_table(doc, ["Name", "Role"], people_rows(document.sitting))
    if document.in_attendance:
        doc.add_heading("In attendance (not members)", level=2)
        add_table(doc, ["Name", "Role"], people_rows(document.in_attendance))
    doc.add_heading("Circulation list", level=1)
    add_table(doc, ["Name", "Role"], people_rows(document.circulation))
    return save(doc, out)
