"""Reading a finished document's text back, as the people who receive it will see it.

The circulation check (services.cases.withheld_names) reads what was actually written, not
what was meant to be: Word files with python-docx (body, tables, headers, footers and the
title property), PDFs with pypdf page by page, email drafts with Python's email package
(subject, body, and each attached PDF). Each piece comes with where it is, in words.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from email.policy import default
from pathlib import Path
from typing import Any


def document_text(path: Path) -> list[tuple[str, str]]:
    """(where, text) pieces of a .docx, .pdf or .eml file."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return pdf_text(path.read_bytes())
    if suffix == ".docx":
        return docx_text(path)
    if suffix == ".eml":
        return eml_text(path.read_bytes())
    return [("the file", path.read_text(encoding="utf-8", errors="replace"))]


def pdf_text(content: bytes, prefix: str = "") -> list[tuple[str, str]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    title = (reader.metadata.title if reader.metadata else None) or ""
    pieces = [(f"{prefix}the document's title", str(title))]
    pieces += [(f"{prefix}page {n}", page.extract_text() or "") for n, page in enumerate(reader.pages, 1)]
    return pieces


def docx_text(path: Path) -> list[tuple[str, str]]:
    from docx import Document

    doc = Document(str(path))
    pieces = [("the document's title", doc.core_properties.title or "")]
    heading = "the start"
    for kind, text in _body_in_order(doc):
        if kind == "heading":
            heading = f'the heading "{text}"'
            pieces.append((heading, text))
        else:
            pieces.append(
                (f"{kind} under {heading}" if kind == "a table" else f"the text under {heading}", text)
            )
    for section in doc.sections:
        for part, name in ((section.header, "the page header"), (section.footer, "the page footer")):
            pieces.append((name, "\n".join(p.text for p in part.paragraphs)))
    return pieces


def _body_in_order(doc: Any) -> Iterator[tuple[str, str]]:
    """('heading' | 'paragraph' | 'a table', text) in the order the body holds them."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    style_names, default_name = _paragraph_styles(doc)
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            # As Paragraph.style, without its search of every style for each paragraph
            # (issue 21: a third of reading a report back).
            name = style_names.get(block._p.style, default_name)
            yield ("heading" if name.startswith(("Heading", "Title")) else "paragraph", block.text)
        elif isinstance(block, Table):
            yield ("a table", "\n".join(cell.text for row in block.rows for cell in row.cells))


def _paragraph_styles(doc: Any) -> tuple[dict[str | None, str], str]:
    """Each paragraph style's name by its id, and the default paragraph style's name (what a
    paragraph with no style, or with an unknown or non-paragraph one, has)."""
    from docx.enum.style import WD_STYLE_TYPE

    paragraph = WD_STYLE_TYPE.PARAGRAPH
    names: dict[str | None, str] = {s.style_id: s.name or "" for s in doc.styles if s.type == paragraph}
    default = doc.styles.default(paragraph)
    return names, (default.name or "") if default is not None else ""


def eml_text(content: bytes) -> list[tuple[str, str]]:
    message = message_from_bytes(content, policy=default)
    pieces = [("the email's subject", str(message["Subject"] or ""))]
    for part in message.walk():
        if part.is_multipart():
            continue
        name = part.get_filename()
        if part.get_content_type() == "text/plain" and not name:
            pieces.append(("the email's text", str(part.get_content())))
        elif part.get_content_type() == "application/pdf":
            pieces += pdf_text(_payload(part), prefix=f"{name}, ")
    return pieces


def _payload(part: Message) -> bytes:
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""
