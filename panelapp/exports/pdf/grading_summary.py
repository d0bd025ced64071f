"""The grading summary for chairs as a PDF, with the same bar chart as the Word document."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Image, Spacer

from panelapp.documents.grading_summary import COMMENT_HEADERS, GradingSummary
from panelapp.exports.charts import chart_png
from panelapp.exports.pdf.base import MarkedDocument, grid_table, para, styles, text_cells


def write_grading_summary_pdf(summary: GradingSummary, out: Path) -> Path:
    sheet = styles()
    comments = text_cells(summary.comment_rows(), sheet["Small"], line_breaks=False)
    story: list[object] = [
        para(summary.title, sheet["Title"]),
        para(summary.intro(), sheet["Normal"]),
        para("Grades by paper type", sheet["Heading2"]),
        grid_table(summary.paper_headers(), summary.paper_rows()),
        Spacer(1, 4 * mm),
        Image(io.BytesIO(chart_png(summary.chart())), width=160 * mm, height=80 * mm),
        para(summary.group_heading(), sheet["Heading2"]),
        grid_table(summary.group_headers(), summary.group_rows()),
        para("Strengths and areas for development", sheet["Heading2"]),
        grid_table(COMMENT_HEADERS, comments),
    ]
    return MarkedDocument(out, summary.agency_name, summary.marking, summary.title).write(story)
