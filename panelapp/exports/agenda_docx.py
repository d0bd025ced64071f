"""The agenda as a Word document, from the replaceable template `resources/templates/agenda.docx`.

Header and footer carry the agency and the marking on every page (see docx_base). Children
are named by initials only.
"""

from __future__ import annotations

from pathlib import Path

from panelapp.domain.periods import long_date
from panelapp.exports.docx_base import add_table, body_font, new_document, save
from panelapp.services.cases import AgendaDocument

AGENDA_TEMPLATE = "agenda.docx"
SLOT_HEADERS = ["Time", "Item", "Type", "Child(ren)", "Who attends", "Chaired by"]


def slot_rows(document: AgendaDocument) -> list[list[str]]:
    """One row per slot, shared by the Word and PDF agendas."""
    rows = []
    for slot in document.agenda.slots:
        when = f"{slot.start:%H:%M}\u2013{slot.end:%H:%M}"
        if slot.is_case:
            item = slot.reference + (f"\n{slot.household}" if slot.household else "")
            rows.append(
                [
                    when,
                    item,
                    slot.case_type_label,
                    slot.child_initials,
                    "\n".join(slot.attending),
                    slot.chair_name,
                ]
            )
        else:
            rows.append(
                [
                    when,
                    slot.title,
                    slot.kind_label,
                    "",
                    "Panel members only" if slot.kind == "panel_only" else "",
                    "",
                ]
            )
    return rows


def sitting_details(document: AgendaDocument) -> list[tuple[str, str]]:
    agenda = document.agenda
    details = [
        ("Panel", agenda.panel),
        ("Date", long_date(agenda.date)),
        ("Time", f"{agenda.start:%H:%M} to {agenda.sitting_end:%H:%M}"),
        ("Where", agenda.venue or "Microsoft Teams"),
    ]
    if agenda.teams_link:
        details.append(("Teams link", agenda.teams_link))
    details.append(("Papers circulated by", f"{document.circulate_by:%d/%m/%Y}"))
    return details


def write_agenda_docx(document: AgendaDocument, out: Path) -> Path:
    doc = new_document(document.agency_name, document.marking, document.title, AGENDA_TEMPLATE)
    body_font(doc, 10)
    for label, value in sitting_details(document):
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    doc.add_heading("Agenda", level=1)
    add_table(doc, SLOT_HEADERS, slot_rows(document))
    doc.add_heading("Who is sitting", level=1)
    doc.add_paragraph(
        "Applicants: please tell the panel adviser before the day if you know any of these people."
    )
    add_table(doc, ["Name", "Role"], [[p.name, p.role] for p in document.sitting])
    if document.in_attendance:
        doc.add_heading("In attendance (not members)", level=2)
        add_table(doc, ["Name", "Role"], [[p.name, p.role] for p in document.in_attendance])
    doc.add_heading("Circulation list", level=1)
    add_table(doc, ["Name", "Role"], [[p.name, p.role] for p in document.circulation])
    return save(doc, out)
