"""PDF documents (reportlab): A4, the agency name and marking on every page, fonts embedded.

Text is set in DejaVu Sans, shipped in resources/fonts (Bitstream Vera licence: free to
redistribute) and embedded in every PDF, so names such as "Zoë Łukasiewicz-Nguyễn" or
"Ayşe Çelik" print as typed on any computer. Every piece of text goes through `para`, which
escapes it ("&B2" stays "&B2"). Tables take their column widths from their content, repeat
their header row and keep each row whole; headings stay with what follows. Each page says
"Page X of Y", and a draft carries a DRAFT watermark on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from panelapp.exports import layout
from panelapp.exports.files import atomic_output
from panelapp.paths import resource

FONT, BOLD, ITALIC, BOLD_ITALIC = (
    "DejaVuSans",
    "DejaVuSans-Bold",
    "DejaVuSans-Oblique",
    "DejaVuSans-BoldOblique",
)
MARGIN = 18 * mm
TEXT_WIDTH = A4[0] - 2 * MARGIN
DRAFT_WORD = "DRAFT"

# Binary streams, not ASCII85 text: reportlab's ASCII85 encoder is pure Python here (no
# compiled accelerator), a quarter of a report's PDF time with its charts (issue 21), and
# the file a fifth larger. Every PDF reader takes binary streams.
rl_config.useA85 = 0


def register_fonts() -> None:
    """Register the shipped font family once (reportlab keeps a process-wide registry)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for name in (FONT, BOLD, ITALIC, BOLD_ITALIC):
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", f"{name}.ttf"))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)


def styles() -> StyleSheet1:
    register_fonts()
    sheet = getSampleStyleSheet()
    for name in ("Normal", "BodyText", "Title", "Heading1", "Heading2", "Heading3", "Italic"):
        style = sheet[name]
        style.fontName = BOLD if name.startswith(("Title", "Heading")) else FONT
        if name == "Italic":
            style.fontName = ITALIC
        if name.startswith("Heading"):
            style.keepWithNext = 1  # never a heading alone at the foot of a page
    sheet.add(ParagraphStyle("Small", parent=sheet["Normal"], fontSize=8, leading=10))
    sheet.add(ParagraphStyle("SmallBold", parent=sheet["Small"], fontName=BOLD))
    sheet.add(ParagraphStyle("Contents1", parent=sheet["Normal"], fontSize=10, leading=14))
    sheet.add(ParagraphStyle("Contents2", parent=sheet["Contents1"], leftIndent=8 * mm, fontSize=9))
    return sheet


def para(text: str, style: ParagraphStyle, bold_label: str = "") -> Paragraph:
    """A paragraph of plain text (escaped: nothing in it is read as markup), line breaks kept."""
    markup = escape(text).replace("\n", "<br/>")
    if bold_label:
        markup = f"<b>{escape(bold_label)}</b>{markup}"
    return Paragraph(markup, style)


def _page_canvas(agency_name: str, marking: str, draft: bool, note: str = "") -> type[Canvas]:
    """A canvas that draws each page's header and footer once it knows the page count."""

    class PageCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            # (page index, key, arguments) of each bookmark: made when its page is written out
            self._marks: list[tuple[int, str, dict[str, Any]]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def bookmarkPage(self, key: str, **kwargs: Any) -> None:  # noqa: N802 - reportlab's name
            # A bookmark names the page reportlab is writing, and pages are only written in
            # save(): made now, every bookmark (and every link in the contents) went to page 1.
            self._marks.append((len(self._pages), key, kwargs))

        def save(self) -> None:
            total, marks = len(self._pages), list(self._marks)
            for number, state in enumerate(self._pages):
                self.__dict__.update(state)
                self._decorate(total)
                for _page, key, kwargs in (m for m in marks if m[0] == number):
                    Canvas.bookmarkPage(self, key, **kwargs)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = A4
            self.saveState()
            if draft:
                self.setFont(BOLD, 110)
                self.setFillColor(colors.Color(0.6, 0.6, 0.6, alpha=0.18))
                self.translate(width / 2, height / 2)
                self.rotate(45)
                self.drawCentredString(0, -35, DRAFT_WORD)
                self.rotate(-45)
                self.translate(-width / 2, -height / 2)
            self.setFillColor(colors.black)
            self.setFont(BOLD, 9)
            self.drawString(MARGIN, height - 12 * mm, marking)
            self.setFont(FONT, 9)
            self.drawRightString(width - MARGIN, height - 12 * mm, agency_name)
            self.setFont(BOLD, 9)
            middle = f"    {note}" if note else ""
            self.drawCentredString(
                width / 2, 10 * mm, f"{marking}{middle}    Page {self._pageNumber} of {total}"
            )
            self.restoreState()

    return PageCanvas


class MarkedDocument(SimpleDocTemplate):  # type: ignore[misc]  # reportlab is untyped
    """A4 document whose every page shows the marking at top and bottom and "Page X of Y"."""

    def __init__(
        self,
        out: Path,
        agency_name: str,
        marking: str,
        title: str,
        draft: bool = False,
        footer_note: str = "",
        **kwargs: Any,
    ) -> None:
        register_fonts()
        self.final_path = Path(out)
        super().__init__(
            str(self.final_path),  # the temporary name is set when writing
            pagesize=A4,
            title=title,
            author=agency_name,
            creator="PanelApp",
            initialFontName=FONT,  # else every page names Helvetica, which is never embedded
            topMargin=22 * mm,
            bottomMargin=20 * mm,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            **kwargs,
        )
        self.agency_name = agency_name
        self.marking = marking
        self.draft = draft
        self.footer_note = footer_note

    def write(self, story: list[Any]) -> Path:
        """Build to a temporary name then rename, so a failure never leaves half a file.
        Built in passes when the story has a contents list (its page numbers settle)."""
        canvas = _page_canvas(self.agency_name, self.marking, self.draft, self.footer_note)
        with atomic_output(self.final_path) as part:
            self.filename = str(part)
            self.multiBuild(story, canvasmaker=canvas)
        return self.final_path


def grid_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    col_widths: list[float] | None = None,
    width: float = TEXT_WIDTH,
) -> Table:
    """A table whose header row repeats on every page and whose rows are never split; text
    cells wrap within columns sized to their content (unless `col_widths` is given)."""
    sheet = styles()
    texts = [[_plain(cell) for cell in row] for row in rows]
    if col_widths is None:
        col_widths = fit_widths(list(headers), texts, width)
    head = [para(h, sheet["SmallBold"]) for h in headers]
    body = [
        [cell if isinstance(cell, Flowable) else para(str(cell), sheet["Small"]) for cell in row]
        for row in rows
    ]
    table = Table([head, *body], colWidths=col_widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, TABLE_FONT_SIZE),  # reportlab's default is Helvetica
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e2e8f0")),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#718096")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


CELL_PADDING = 14  # points: reportlab's 6 each side, plus a hair so a measured word fits
TABLE_FONT_SIZE = 8


def fit_widths(headers: list[str], rows: list[list[str]], width: float) -> list[float]:
    """Column widths in points from the text, measured in DejaVu Sans (see layout.fit_widths)."""

    def measure(text: str, bold: bool) -> float:
        return float(pdfmetrics.stringWidth(text, BOLD if bold else FONT, TABLE_FONT_SIZE))

    return layout.fit_widths(headers, rows, width, measure, CELL_PADDING)


def _plain(cell: Any) -> str:
    return cell.getPlainText() if isinstance(cell, Paragraph) else str(cell)


def text_cells(rows: list[list[str]], style: Any, line_breaks: bool = True) -> list[list[Any]]:
    """Table cells as paragraphs, so long text wraps within its column; `line_breaks` keeps
    the text's own line breaks (otherwise they read as spaces)."""
    return [[para(text if line_breaks else " ".join(text.split()), style) for text in row] for row in rows]
