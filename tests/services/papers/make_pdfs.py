"""Generated PDFs for the panel pack tests (reportlab): pages of text, pages with no text
layer (a scan), a locked PDF, and a sitting with booked cases and their papers."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from panelapp.services import cases, papers
from panelapp.services.context import ServiceContext
from tests.services.cases.support import TODAY, new_case, new_sitting


def make_pdf(pages: Sequence[str] | int, title: str = "A paper", scanned: Sequence[int] = ()) -> bytes:
    """One page per text (or `pages` pages saying their number); pages in `scanned` (1-based)
    are drawn as a grey box with no text layer, as a scanned page is."""
    texts = [f"{title}, page {n}" for n in range(1, pages + 1)] if isinstance(pages, int) else list(pages)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(title)
    for n, text in enumerate(texts, 1):
        if n in scanned:
            canvas.setFillGray(0.8)
            canvas.rect(80, 300, 400, 400, fill=1, stroke=0)
        else:
            canvas.setFont("Helvetica", 12)
            for line_no, line in enumerate(text.splitlines() or [""]):
                canvas.drawString(72, 760 - 16 * line_no, line)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def write_pdf(folder: Path, name: str, pages: Sequence[str] | int, **kwargs: object) -> Path:
    path = folder / name
    path.write_bytes(make_pdf(pages, **kwargs))  # type: ignore[arg-type]
    return path


def locked_pdf(folder: Path) -> Path:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(1))))
    writer.encrypt("secret", algorithm="AES-256")
    path = folder / "locked.pdf"
    with path.open("wb") as out:
        writer.write(out)
    return path


def sitting_with_papers(ctx: ServiceContext, folder: Path) -> tuple[int, dict[str, int]]:
    """A fresh sitting with an approval (PAR, 3 pages) and a match (APR 2, CPR 2, PAR 1),
    every paper's file added. Returns the sitting and the cases' ids by reference."""
    meeting_id = new_sitting(ctx)
    approval = new_case(ctx, "PK-APP", "approval", household="Ann and Bo Example")
    match = new_case(
        ctx, "PK-MAT", "match", children=(cases.ChildData("MB", "Maxwell Blackthorn"),), household="Cy Dee"
    )
    for case in (approval, match):
        cases.book_case(ctx, case.id, meeting_id, today=TODAY)
    papers.add_paper_file(
        ctx, approval.id, "PAR", write_pdf(folder, "par-app.pdf", 3, title="PAR for PK-APP")
    )
    for code, pages in (("APR", 2), ("CPR", 2), ("PAR", 1)):
        path = write_pdf(folder, f"{code}-mat.pdf", pages, title=f"{code} for PK-MAT")
        papers.add_paper_file(ctx, match.id, code, path)
    return meeting_id, {"PK-APP": approval.id, "PK-MAT": match.id}
