"""Minutes of a sitting (or one case's extract for the ADM) as a PDF with the marking on every page."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from panelapp.documents.minutes import MinutesDocument, label_and_text
from panelapp.exports.pdf.base import MarkedDocument, grid_table, para, styles


def write_minutes_pdf(data: MinutesDocument, out: Path) -> Path:
    sheet = styles()
    story: list[object] = [para(data.title, sheet["Title"])]
    details = grid_table(["Detail", ""], [[k, v] for k, v in data.details], col_widths=[35 * mm, 139 * mm])
    story += [details, Spacer(1, 6 * mm)]
    for section in data.sections:
        block: list[object] = [para(section.title, sheet["Heading2"])]
        for line in section.lines:
            if not line.strip():
                block.append(Spacer(1, 2 * mm))
                continue
            label, text = label_and_text(line)
            block.append(para(text, sheet["Normal"], bold_label=label))
        story.append(KeepTogether(block[:4]))  # never a heading alone at the foot of a page
        story += block[4:]
    if data.signature:
        story += [Spacer(1, 6 * mm), para(data.signature, sheet["Normal"])]
    return MarkedDocument(
        out, data.agency_name, data.marking, data.title, draft=data.is_draft, footer_note=data.version_label
    ).write(story)
