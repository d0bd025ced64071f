"""The grading summary for chairs as a Word document, with its bar chart of grades by paper type."""

from __future__ import annotations

import io
from pathlib import Path

from docx.shared import Cm

from panelapp.documents.grading_summary import COMMENT_HEADERS, GradingSummary
from panelapp.exports.charts import chart_png
from panelapp.exports.docx.base import add_table, new_document, save


def write_grading_summary_docx(summary: GradingSummary, out: Path) -> Path:
    doc = new_document(summary.agency_name, summary.marking, summary.title)
    doc.add_paragraph(summary.intro())
    doc.add_heading("Grades by paper type", level=1)
    add_table(doc, summary.paper_headers(), summary.paper_rows())
    doc.add_picture(io.BytesIO(chart_png(summary.chart())), width=Cm(16))
    doc.add_heading(summary.group_heading(), level=1)
    add_table(doc, summary.group_headers(), summary.group_rows())
    doc.add_heading("Strengths and areas for development", level=1)
    add_table(doc, COMMENT_HEADERS, summary.comment_rows())
    return save(doc, out)
