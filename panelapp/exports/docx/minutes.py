"""Minutes of a sitting (or one case's extract for the ADM) as a Word document.

Built on the agency's replaceable template `resources/templates/minutes.docx`; the marking
is in the header and footer of every page.
"""

from __future__ import annotations

from pathlib import Path

from panelapp.documents import templates
from panelapp.documents.minutes import MinutesDocument, label_and_text
from panelapp.exports.docx.base import add_table, new_document, save

TEMPLATE = templates.MINUTES


def write_minutes_docx(data: MinutesDocument, out: Path) -> Path:
    note = data.version_label  # the same version as the details box, on every page
    doc = new_document(
        data.agency_name, data.marking, data.title, TEMPLATE, draft=data.is_draft, footer_note=note
    )
    table = add_table(doc, ["", ""], [[k, v] for k, v in data.details])
    table.rows[0]._tr.getparent().remove(table.rows[0]._tr)  # no header row: a details box
    for section in data.sections:
        doc.add_heading(section.title, level=1)
        for line in section.lines:
            paragraph = doc.add_paragraph()
            label, text = label_and_text(line)
            if label:
                paragraph.add_run(label).bold = True
            paragraph.add_run(text)
    if data.signature:
        doc.add_paragraph()
        doc.add_paragraph(data.signature)
    return save(doc, out)
