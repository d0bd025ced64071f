"""The panel pack read back with pypdf (issue 22): pages, bookmarks, marking and pack page
numbers on every page, the recipient on every page of a personalised pack, AES-256 that
opens only with its password.

Statutory guidance 2013 para 1.23 / AAR 2005 reg 41: papers circulated to members are
confidential; a personalised, marked, encrypted copy names its source if it leaks.
"""

from __future__ import annotations

import gc
import stat
import weakref
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from panelapp.exports.pdf import pack as pdf_pack
from panelapp.services import pack, papers
from panelapp.services.context import ServiceContext
from tests.services.papers.make_pdfs import sitting_with_papers

COVER, AGENDA, PAPERS = 1, 2, 3 + 2 + 2 + 1  # the approval's PAR; the match's APR, CPR, PAR


def _outline(reader: PdfReader) -> list[object]:
    def walk(items: list[object]) -> list[object]:
        return [
            walk(i) if isinstance(i, list) else (i.title, reader.get_destination_page_number(i))
            for i in items
        ]  # type: ignore[attr-defined]

    return walk(list(reader.outline))


def test_the_pack_holds_cover_agenda_and_papers_in_order_with_bookmarks(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    meeting_id, _ids = sitting_with_papers(demo_ctx, tmp_path)
    result = pack.write_pack(demo_ctx, meeting_id, tmp_path / "pack.pdf")
    reader = PdfReader(tmp_path / "pack.pdf")
    assert len(reader.pages) == COVER + AGENDA + PAPERS
    assert _outline(reader) == [
        ("Cover and contents", 0),
        ("Agenda", 1),
        ("Item 1: PK-APP, Adopter approval: Ann and Bo Example", 3),
        [("PAR", 3)],
        ("Item 2: PK-MAT, Match: Cy Dee (MB)", 6),
        [("APR (with adoption support plan)", 6), ("CPR", 8), ("PAR", 10)],
    ]  # the match's papers in the case type's order: APR, CPR, PAR
    texts = [page.extract_text() for page in reader.pages]
    assert "PAR for PK-APP, page 1" in texts[3] and "APR for PK-MAT, page 1" in texts[6]
    assert "Panel 1 agenda" in texts[1]
    for n, text in enumerate(texts, 1):
        assert f"Pack page {n} of {len(texts)}" in text and "OFFICIAL-SENSITIVE" in text
        assert "Prepared for" not in text
    cover = texts[0]
    for words in (
        "Panel pack: Panel 1, 17 December 2026",
        "09:30 to 15:00",
        "teams.microsoft.com",
        "Contents",
    ):
        assert words in cover
    assert result.packs[0].sha256 and not reader.is_encrypted


def test_a_personalised_pack_names_its_recipient_on_every_page(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    meeting_id, _ids = sitting_with_papers(demo_ctx, tmp_path)
    member = pack.recipients(demo_ctx, meeting_id)[0]
    pack.write_pack(demo_ctx, meeting_id, tmp_path / "pack.pdf", for_email=member.email.upper())
    reader = PdfReader(tmp_path / "pack.pdf")
    assert f"Prepared for {member.name}" in reader.pages[0].extract_text()
    for page in reader.pages:
        assert page.extract_text().count(member.name) >= 2  # footer and watermark


def test_an_encrypted_pack_opens_only_with_its_password(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    meeting_id, _ids = sitting_with_papers(demo_ctx, tmp_path)
    result = pack.write_pack(demo_ctx, meeting_id, tmp_path / "pack.pdf", password_file=tmp_path / "pw.txt")
    password = (tmp_path / "pw.txt").read_text().strip()
    assert stat.S_IMODE((tmp_path / "pw.txt").stat().st_mode) == 0o600
    assert len(password) >= 20 and password == result.packs[0].password
    reader = PdfReader(tmp_path / "pack.pdf")
    assert reader.is_encrypted and reader._encryption is not None and reader._encryption.V == 5  # AES-256
    with pytest.raises(Exception):  # noqa: B017 - pypdf refuses to read pages unopened
        reader.pages[0].extract_text()
    wrong = PdfReader(tmp_path / "pack.pdf")
    assert not wrong.decrypt("not-the-password")
    right = PdfReader(tmp_path / "pack.pdf")
    assert right.decrypt(password)
    assert (
        len(right.pages) == COVER + AGENDA + PAPERS and "Pack page 1 of 11" in right.pages[0].extract_text()
    )


def test_a_new_password_each_time(demo_ctx: ServiceContext) -> None:
    assert len({pack.new_password() for _ in range(50)}) == 50


def test_a_paper_on_landscape_or_letter_pages_is_stamped_at_its_own_foot(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    from reportlab.lib.pagesizes import A4, landscape

    from panelapp.services import papers
    from tests.services.papers.make_pdfs import make_pdf

    meeting_id, ids = sitting_with_papers(demo_ctx, tmp_path)
    import io

    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=landscape(A4))
    canvas.drawString(72, 72, "Wide plan")
    canvas.showPage()
    canvas.save()
    (tmp_path / "wide.pdf").write_bytes(buffer.getvalue())
    papers.add_paper_file(demo_ctx, ids["PK-APP"], "PAR", tmp_path / "wide.pdf")
    assert make_pdf(1)
    pack.write_pack(demo_ctx, meeting_id, tmp_path / "pack.pdf")
    reader = PdfReader(tmp_path / "pack.pdf")
    wide = reader.pages[3]
    assert float(wide.mediabox.width) > float(wide.mediabox.height)
    assert "Pack page 4 of 9" in wide.extract_text()


def _linked_paper(path: Path) -> Path:
    """Three pages; page 1 links to page 3 (a contents list, as a long PAR has)."""
    canvas = Canvas(str(path), pagesize=A4)
    canvas.drawString(72, 760, "Contents: see page 3")
    canvas.linkAbsolute("page 3", "third", (70, 750, 300, 775))
    for n in (2, 3):
        canvas.showPage()
        canvas.drawString(72, 760, f"Linked paper, page {n}")
        if n == 3:
            canvas.bookmarkPage("third")
    canvas.save()
    return path


def test_a_papers_own_links_still_reach_its_pages_in_the_pack(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    """Each paper's reader is let go as soon as its pages are in (memory): its links are
    pointed at their pages in the pack first."""
    meeting_id, ids = sitting_with_papers(demo_ctx, tmp_path)
    papers.add_paper_file(demo_ctx, ids["PK-APP"], "PAR", _linked_paper(tmp_path / "linked.pdf"))
    pack.write_pack(demo_ctx, meeting_id, tmp_path / "pack.pdf")
    reader = PdfReader(tmp_path / "pack.pdf")
    start = COVER + AGENDA  # the approval's PAR comes first
    assert "Linked paper, page 3" in reader.pages[start + 2].extract_text()
    links = [a.get_object() for a in reader.pages[start].get("/Annots", [])]
    targets = []
    for link in links:
        dest = link.get("/Dest") or link["/A"].get("/D")
        if not isinstance(dest, list):
            dest = reader.named_destinations[str(dest)]
            targets.append(reader.get_destination_page_number(dest))
        else:
            targets.append(reader.get_page_number(dest[0].get_object()))
    assert targets == [start + 2]


def test_no_papers_reader_is_kept_once_its_pages_are_in(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    """Memory flat in the number of pages: the pack's pages are held once, in the writer,
    and no paper's reader (with everything it parsed) lives on until the pack is written."""
    meeting_id, _ids = sitting_with_papers(demo_ctx, tmp_path)
    alive: list[weakref.ref[PdfReader]] = []
    real = pdf_pack.PdfReader

    def tracked(*args: object, **kwargs: object) -> PdfReader:
        made = real(*args, **kwargs)  # type: ignore[arg-type]
        alive.append(weakref.ref(made))
        return made

    kept: list[int] = []
    real_write = pdf_pack.PdfWriter.write

    def write(self: PdfWriter, stream: object) -> object:
        gc.collect()
        kept.append(sum(r() is not None for r in alive))
        return real_write(self, stream)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_pack, "PdfReader", tracked)
        patch.setattr(pdf_pack.PdfWriter, "write", write)
        pack.write_pack(
            demo_ctx,
            meeting_id,
            tmp_path / "pack.pdf",
            for_email=pack.recipients(demo_ctx, meeting_id)[0].email,
        )
    assert len(alive) > 6 and kept == [0]
