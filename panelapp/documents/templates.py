"""Which Word template each document is drawn on (files in resources/templates/).

An agency may replace any of these files with its own (same style names); a document whose
template is missing is drawn on base.docx. Settings → Documents lists them.
"""

from __future__ import annotations

BASE = "base.docx"
AGENDA = "agenda.docx"
MINUTES = "minutes.docx"
REPORT = "report.docx"

# (document, its template), in the order Settings shows them.
DOCUMENT_TEMPLATES: tuple[tuple[str, str], ...] = (
    ("Agenda", AGENDA),
    ("Minutes", MINUTES),
    ("Extract of the minutes for the ADM", MINUTES),
    ("Paperwork grading summary", BASE),
    ("Chairs' report", REPORT),
    ("Appendix A: the central list", BASE),
)
