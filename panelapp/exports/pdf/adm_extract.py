"""The panel's recommendation for one case, for the Agency Decision Maker, as a PDF."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from panelapp.documents.adm_email import CaseExtract
from panelapp.exports.pdf.base import MarkedDocument, grid_table, para, styles


def write_extract_pdf(extract: CaseExtract, out: Path, with_minutes: bool = True) -> Path:
    """Outcome, vote, reasons and advice, marked on every page.

    `with_minutes` adds the case's section of the minutes (when no minutes extract goes too).
    """
    sheet = styles()
    story: list[object] = [
        para(extract.title, sheet["Title"]),
        grid_table(["Detail", ""], extract.details(), col_widths=[42 * mm, 132 * mm]),
        Spacer(1, 6 * mm),
    ]
    for heading, text in extract.texts(with_minutes):
        story.append(para(heading, sheet["Heading2"]))
        story += [para(line, sheet["Normal"]) for line in text.splitlines() if line.strip()]
    return MarkedDocument(out, extract.agency_name, extract.marking, extract.title).write(story)
