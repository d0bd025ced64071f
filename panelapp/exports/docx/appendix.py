"""Appendix A, the membership list, as a Word document (marking on every page, surname order)."""

from __future__ import annotations

from pathlib import Path

from panelapp.documents.appendix import HEADERS, AppendixA
from panelapp.exports.docx.base import add_table, new_document, save


def write_appendix_docx(document: AppendixA, out: Path) -> Path:
    doc = new_document(document.agency_name, document.marking, document.title)
    doc.add_paragraph(document.intro())
    add_table(doc, HEADERS, document.rows())
    return save(doc, out)
