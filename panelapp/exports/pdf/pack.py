"""The panel pack as one PDF (pypdf for merging, bookmarks, stamping and AES-256 encryption;
reportlab for the cover and the page overlays).

Order: the cover (with a contents list giving each paper's pack page), the agenda, then each
item's papers. Every page gets a footer band with the marking and "Pack page N of M"; a
personalised pack prints the recipient's name in the footer and as a light diagonal
watermark on every page, so a leaked copy names its source. Each paper is read from its
bytes, its pages added to the writer and stamped there one by one from an overlay of that
paper's pages only, then its reader and overlay are let go: the pack's pages are held once
(in the writer, until it is written), never as a second list of every page.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import IndirectObject
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate, Spacer

from panelapp.documents.pack import PackDocument
from panelapp.exports.files import atomic_output
from panelapp.exports.pdf.base import BOLD, FONT, MARGIN, grid_table, para, register_fonts, styles

ProgressFn = Callable[[int, str], None]
FOOTER_HEIGHT = 7 * mm
STAMP_EVERY = 20  # pages between progress reports while stamping
DESTROY_NOTE = (
    "Keep this pack secure and do not forward it. After the sitting, delete or shred every copy "
    "and tell the panel administrator you have done so."
)


@dataclass(frozen=True)
class Bookmark:
    title: str
    page: int  # 0-based page of the pack
    children: tuple[Bookmark, ...] = ()


def write_pack_pdf(
    document: PackDocument,
    out: Path,
    recipient: str = "",
    password: str = "",
    progress: ProgressFn | None = None,
) -> Path:
    """Write the pack to `out` (whole or not at all); `recipient` personalises every page,
    `password` encrypts it with AES-256."""
    report = progress or (lambda _p, _t: None)
    counts = [[_page_count(p.content) for p in s.papers] for s in document.sections]
    agenda_pages = _page_count(document.agenda_pdf) if document.agenda_pdf else 0
    cover, cover_pages = _cover_settled(document, recipient, agenda_pages, counts)
    sources = [("the cover", cover), *([("the agenda", document.agenda_pdf)] if document.agenda_pdf else [])]
    sources += [(paper.label, paper.content) for section in document.sections for paper in section.papers]
    stamp = Stamp(document.marking, recipient, cover_pages + agenda_pages + sum(map(sum, counts)))
    writer = PdfWriter()
    for label, content in sources:
        _append_stamped(writer, content, stamp, label, report)
    _bookmarks(writer, outline(document, cover_pages, agenda_pages, counts))
    writer.add_metadata({"/Title": document.title, "/Author": document.agency_name, "/Creator": "PanelApp"})
    if password:
        report(95, "Encrypting")
        writer.encrypt(password, owner_password=secrets.token_urlsafe(32), algorithm="AES-256")
    with atomic_output(out) as part, part.open("wb") as stream:
        writer.write(stream)
    report(100, "Written")
    return Path(out)


def _page_count(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def outline(
    document: PackDocument, cover_pages: int, agenda_pages: int, counts: Sequence[Sequence[int]]
) -> list[Bookmark]:
    """The bookmarks: the cover, the agenda, each item and under it each paper."""
    marks = [Bookmark("Cover and contents", 0)]
    page = cover_pages
    if agenda_pages:
        marks.append(Bookmark("Agenda", page))
        page += agenda_pages
    for section, section_counts in zip(document.sections, counts, strict=True):
        start = page
        children = []
        for paper, pages in zip(section.papers, section_counts, strict=True):
            children.append(Bookmark(paper.title, page))
            page += pages
        marks.append(Bookmark(section.title, start if section.papers else 0, tuple(children)))
    return marks


def _bookmarks(writer: PdfWriter, marks: Sequence[Bookmark], parent: IndirectObject | None = None) -> None:
    for mark in marks:
        item = writer.add_outline_item(title=mark.title, page_number=mark.page, parent=parent)
        _bookmarks(writer, mark.children, item)


# -- the cover -----------------------------------------------------------------------------


def _cover_settled(
    document: PackDocument, recipient: str, agenda_pages: int, counts: Sequence[Sequence[int]]
) -> tuple[bytes, int]:
    """The cover, drawn again until the page numbers it lists allow for its own length."""
    cover_pages = 1
    for _attempt in range(3):
        cover = _cover(document, recipient, outline(document, cover_pages, agenda_pages, counts))
        drawn = _page_count(cover)
        if drawn == cover_pages:
            break
        cover_pages = drawn
    return cover, cover_pages


def _cover(document: PackDocument, recipient: str, marks: Sequence[Bookmark]) -> bytes:
    sheet = styles()
    story: list[Any] = [para(document.marking, sheet["Heading2"]), para(document.title, sheet["Title"])]
    if recipient:
        story.append(para(f"Prepared for {recipient}", sheet["Heading2"]))
    if document.note:
        story.append(para(document.note, sheet["Normal"]))
    story.append(Spacer(1, 3 * mm))
    for label, value in document.details():
        story.append(para(f" {value}", sheet["Normal"], bold_label=f"{label}:"))
    story += [Spacer(1, 4 * mm), para("Contents", sheet["Heading2"])]
    rows = []
    for mark in marks:
        rows.append([mark.title, str(mark.page + 1)])
        rows += [[f"\u00a0\u00a0\u00a0\u00a0{child.title}", str(child.page + 1)] for child in mark.children]
    story.append(grid_table(["Item", "Pack page"], rows))
    missing = [(s.title, s.missing) for s in document.sections if s.missing]
    if missing:
        story += [Spacer(1, 3 * mm), para("Papers not yet received", sheet["Heading3"])]
        story += [para(f"{title}: {', '.join(labels)}", sheet["Normal"]) for title, labels in missing]
    story += [Spacer(1, 4 * mm), para(DESTROY_NOTE, sheet["Italic"])]
    buffer = io.BytesIO()
    register_fonts()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=document.title, author=document.agency_name, initialFontName=FONT,
        topMargin=18 * mm, bottomMargin=18 * mm, leftMargin=MARGIN, rightMargin=MARGIN,
    ).build(story)  # fmt: skip
    return buffer.getvalue()


# -- the stamp on every page ---------------------------------------------------------------


@dataclass
class Stamp:
    """What every page gets, and how far the numbering has gone."""

    marking: str
    recipient: str
    total: int
    done: int = 0


def _append_stamped(writer: PdfWriter, content: bytes, stamp: Stamp, label: str, report: ProgressFn) -> None:
    """Add one paper's pages to the pack, each stamped as it comes in: footer (marking, pack
    page N of M, recipient) and watermark, from an overlay of this paper's pages only (one
    reportlab pass, sized to each page). Nothing of the paper's own reader or its overlay is
    kept once its pages are in: memory holds the pack's pages once, whatever its length."""
    reader = PdfReader(io.BytesIO(content))
    pages = []
    for page in reader.pages:
        if stamp.done % STAMP_EVERY == 0:
            report(
                5 + int(90 * stamp.done / stamp.total),
                f"Adding {label}: page {stamp.done + 1} of {stamp.total}",
            )
        added = writer.add_page(page)
        if added.rotation:
            added.transfer_rotation_to_content()  # so the footer sits at the foot as read
        pages.append(added)
        stamp.done += 1
    boxes = [(float(p.mediabox.left), float(p.mediabox.bottom), float(p.mediabox.width),
              float(p.mediabox.height)) for p in pages]  # fmt: skip
    first = stamp.done - len(pages) + 1
    overlay = PdfReader(io.BytesIO(_overlays(boxes, stamp.marking, stamp.recipient, first, stamp.total)))
    for page, over, (left, bottom, _width, _height) in zip(pages, overlay.pages, boxes, strict=True):
        if left or bottom:
            page.merge_transformed_page(over, Transformation().translate(left, bottom))
        else:
            page.merge_page(over)
        # The merged contents as one compressed stream object of the writer's: left as
        # merge_page leaves them, pypdf 7's AES-256 encryption drops the stamp (seen: no
        # footer in an encrypted pack); compressed, they are encrypted with the page.
        page.compress_content_streams()
    _let_go(writer, reader)
    writer.reset_translation(overlay)


def _let_go(writer: PdfWriter, reader: PdfReader) -> None:
    """Let go of a paper's reader once its pages are in. `reset_translation` drops the
    writer's table of the paper's objects; pypdf also keeps each added page's source (to
    point the paper's own links at their new pages when the pack is written), which would
    hold every paper's reader, with all it parsed, until the end: measured, half the pack's
    memory. A paper's links only reach its own pages, so they are settled now and the
    sources dropped. (pypdf 7's own attributes: if a later pypdf renames them, nothing is
    dropped early and the links are settled at the end as before.)"""
    writer.reset_translation(reader)
    if all(hasattr(writer, a) for a in ("_resolve_links", "_unresolved_links", "_merged_in_pages")):
        writer._resolve_links()
        writer._unresolved_links.clear()
        writer._merged_in_pages.clear()


def _overlays(
    boxes: Sequence[tuple[float, float, float, float]], marking: str, recipient: str, first: int, total: int
) -> bytes:
    """One overlay page per box, numbered from `first` of `total`."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, initialFontName=FONT)
    for n, (_left, _bottom, width, height) in enumerate(boxes, first):
        canvas.setPageSize((width, height))
        if recipient:
            _watermark(canvas, width, height, recipient)
        canvas.setFillColor(colors.white)
        canvas.rect(0, 0, width, FOOTER_HEIGHT, fill=1, stroke=0)
        canvas.setFillColor(colors.black)
        canvas.setFont(BOLD, 7.5)
        canvas.drawString(8 * mm, 2.4 * mm, marking)
        canvas.drawCentredString(width / 2, 2.4 * mm, f"Pack page {n} of {total}")
        if recipient:
            canvas.setFont(FONT, 7.5)
            canvas.drawRightString(width - 8 * mm, 2.4 * mm, f"Prepared for {recipient}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _watermark(canvas: Canvas, width: float, height: float, recipient: str) -> None:
    size = min(44.0, 1.3 * width / max(8, len(recipient)))
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.55, 0.55, 0.55, alpha=0.16))
    canvas.setFont(BOLD, size)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(40)
    canvas.drawCentredString(0, 0, recipient)
    canvas.restoreState()
