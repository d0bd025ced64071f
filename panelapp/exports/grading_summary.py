"""The grading summary for chairs, to Word and PDF, with a bar chart of grades by paper type.

The chart is drawn once as a PNG (matplotlib, Agg, imported only when drawing) and embedded
in both documents, so Word and PDF show the same picture.
"""

from __future__ import annotations

import io
from pathlib import Path

from panelapp.domain.grading_policy import ALL_GRADES
from panelapp.domain.periods import uk_date
from panelapp.services.panel_day import GradingSummary

GRADE_HEADERS = [g.label for g in ALL_GRADES]


def chart_png(summary: GradingSummary) -> bytes:
    from panelapp.exports.report_charts import bar_chart_png

    series = [(g.label, [p.counts[g.value] for p in summary.by_paper]) for g in ALL_GRADES]
    return bar_chart_png("Panel grades by paper type", [p.name for p in summary.by_paper], series, "Papers")


def _paper_rows(summary: GradingSummary) -> list[list[str]]:
    rows = [[p.name, *(str(p.counts[g.value]) for g in ALL_GRADES), str(p.total)] for p in summary.by_paper]
    totals = [sum(p.counts[g.value] for p in summary.by_paper) for g in ALL_GRADES]
    return [*rows, ["All papers", *(str(t) for t in totals), str(summary.total)]]


def _group_rows(summary: GradingSummary) -> list[list[str]]:
    return [
        [group, p.name, *(str(p.counts[g.value]) for g in ALL_GRADES), str(p.total)]
        for group, papers in summary.by_group
        for p in papers
        if p.total
    ]


def _comment_rows(summary: GradingSummary) -> list[list[str]]:
    return [
        [uk_date(c.sitting), c.reference, c.paper_type, c.grade_label, c.strengths, c.development]
        for c in summary.comments
    ]


def _intro(summary: GradingSummary) -> str:
    return f"{summary.total} papers graded by the panel. {summary.concurrence.sentence()}"


def write_grading_summary_docx(summary: GradingSummary, out: Path, agency_name: str, marking: str) -> Path:
    from docx.shared import Cm

    from panelapp.exports.docx_base import add_table, new_document, save

    doc = new_document(agency_name, marking, summary.title)
    doc.add_paragraph(_intro(summary))
    doc.add_heading("Grades by paper type", level=1)
    add_table(doc, ["Paper", *GRADE_HEADERS, "Total"], _paper_rows(summary))
    doc.add_picture(io.BytesIO(chart_png(summary)), width=Cm(16))
    doc.add_heading(f"Grades by {summary.group_label.lower()}", level=1)
    add_table(doc, [summary.group_label, "Paper", *GRADE_HEADERS, "Total"], _group_rows(summary))
    doc.add_heading("Strengths and areas for development", level=1)
    add_table(
        doc,
        ["Sitting", "Case", "Paper", "Grade", "Strengths", "Areas for development"],
        _comment_rows(summary),
    )
    return save(doc, out)


def write_grading_summary_pdf(summary: GradingSummary, out: Path, agency_name: str, marking: str) -> Path:
    from xml.sax.saxutils import escape

    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Paragraph, Spacer

    from panelapp.exports.pdf_base import MarkedDocument, grid_table, styles

    sheet = styles()
    small = sheet["Small"]

    def cells(rows: list[list[str]]) -> list[list[object]]:
        return [[Paragraph(escape(v), small) for v in row] for row in rows]

    story: list[object] = [
        Paragraph(escape(summary.title), sheet["Title"]),
        Paragraph(escape(_intro(summary)), sheet["Normal"]),
        Paragraph("Grades by paper type", sheet["Heading2"]),
        grid_table(["Paper", *GRADE_HEADERS, "Total"], _paper_rows(summary)),
        Spacer(1, 4 * mm),
        Image(io.BytesIO(chart_png(summary)), width=160 * mm, height=80 * mm),
        Paragraph(escape(f"Grades by {summary.group_label.lower()}"), sheet["Heading2"]),
        grid_table([summary.group_label, "Paper", *GRADE_HEADERS, "Total"], _group_rows(summary)),
        Paragraph("Strengths and areas for development", sheet["Heading2"]),
        grid_table(
            ["Sitting", "Case", "Paper", "Grade", "Strengths", "Areas for development"],
            cells(_comment_rows(summary)),  # type: ignore[arg-type]
            col_widths=[18 * mm, 30 * mm, 12 * mm, 24 * mm, 45 * mm, 45 * mm],
        ),
    ]
    return MarkedDocument(out, agency_name, marking, summary.title).write(story)
