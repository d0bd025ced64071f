"""Papers' files kept with the case (issue 22): PDF only (Word converted when LibreOffice is
there), 50 MB a file, every version kept, receiving marks the paper received (late after its
deadline: the agency's papers deadline, default 10 working days before the sitting), audited.

AAR 2005 reg 17(1) and 31(2): the agency sends the panel the prospective adopter's report
and, for a match, the child's permanence report and placement report; these are the files.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import AuditEntry, PaperBlob, PaperFile
from panelapp import clock
from panelapp.domain.agenda import PaperState
from panelapp.services import cases, papers
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from panelapp.services.papers import files as paper_files
from tests.services.cases.support import TODAY, new_case, new_sitting
from tests.services.papers.make_pdfs import locked_pdf, write_pdf


def _count(ctx: ServiceContext, model: type[PaperFile] | type[PaperBlob]) -> int:
    with ctx.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def _booked(ctx: ServiceContext, reference: str = "PF-1", case_type: str = "approval") -> int:
    case = new_case(ctx, reference, case_type)
    cases.book_case(ctx, case.id, new_sitting(ctx), today=TODAY)
    return case.id


def test_a_pdf_is_kept_with_its_hash_size_pages_and_marks_the_paper_received(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    case_id = _booked(demo_ctx)
    path = write_pdf(
        tmp_path, "PAR final.pdf", ["Assessment of the household", "", "Recommendation"], scanned=[2]
    )
    added = papers.add_paper_file(demo_ctx, case_id, "PAR", path)
    assert added.first_version and added.file.version == 1
    assert added.file.filename == "PAR final.pdf"
    assert added.file.pages == 3 and added.file.pages_without_text == (2,)
    assert added.file.size_bytes == path.stat().st_size
    import hashlib

    assert added.file.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert added.file.added_by == demo_ctx.user.username
    assert added.paper.received_on == TODAY and added.paper.state is PaperState.ON_TIME
    row = next(p for p in cases.list_papers(demo_ctx, case_id) if p.paper_type == "PAR")
    assert row.received_on == TODAY
    with demo_ctx.read() as session:
        audited = session.scalars(
            select(AuditEntry.action).where(AuditEntry.table_name == "paper_file")
        ).all()
    assert audited == ["insert"]


def test_a_file_after_the_deadline_marks_the_paper_late(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    """The checklist's own rule (domain.agenda.paper_state): received after due_on is late."""
    case_id = _booked(demo_ctx)
    due = next(p.due_on for p in cases.list_papers(demo_ctx, case_id) if p.paper_type == "PAR")
    assert due is not None
    clock.set_today(date(2026, 12, 10))
    assert date(2026, 12, 10) > due
    added = papers.add_paper_file(demo_ctx, case_id, "PAR", write_pdf(tmp_path, "par.pdf", 1))
    assert added.paper.state is PaperState.LATE and added.paper.received_on == date(2026, 12, 10)


def test_a_new_file_is_a_new_version_and_the_old_is_kept(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    case_id = _booked(demo_ctx)
    first = write_pdf(tmp_path, "par v1.pdf", 2)
    papers.add_paper_file(demo_ctx, case_id, "PAR", first)
    clock.set_today(date(2026, 11, 24))
    second = papers.add_paper_file(demo_ctx, case_id, "PAR", write_pdf(tmp_path, "par v2.pdf", 4))
    assert second.file.version == 2 and not second.first_version
    assert second.paper.received_on == TODAY  # received when the first file came
    listed = papers.list_paper_files(demo_ctx, case_id)
    assert [(f.version, f.filename, f.pages) for f in listed] == [(2, "par v2.pdf", 4), (1, "par v1.pdf", 2)]
    name, content = papers.file_content(demo_ctx, listed[1].id)
    assert (name, content) == ("par v1.pdf", first.read_bytes())
    papers.add_paper_file(demo_ctx, case_id, "PAR", first)  # the same bytes again: stored once
    assert _count(demo_ctx, PaperFile) == 3 and _count(demo_ctx, PaperBlob) == 2


def test_other_adds_a_paper_outside_the_checklist(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    case_id = _booked(demo_ctx)
    added = papers.add_paper_file(demo_ctx, case_id, "other", write_pdf(tmp_path, "letter.pdf", 1))
    assert added.paper.paper_type == "other" and added.paper.due_on is not None


def test_a_type_not_on_the_checklist_is_refused_naming_the_codes(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    case_id = _booked(demo_ctx)
    with pytest.raises(ValidationError, match=r'"CPR" is not a paper on case PF-1.*PAR, other'):
        papers.add_paper_file(demo_ctx, case_id, "CPR", write_pdf(tmp_path, "cpr.pdf", 1))
    assert _count(demo_ctx, PaperFile) == 0


def test_a_file_over_the_limit_is_refused_with_the_limit_stated(
    demo_ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = _booked(demo_ctx)
    assert papers.MAX_FILE_BYTES == 50_000_000 and "50 MB" in papers.LIMITS_TEXT
    monkeypatch.setattr(paper_files, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ValidationError, match=r"big.pdf is too big .*at most"):
        papers.add_paper_file(demo_ctx, case_id, "PAR", write_pdf(tmp_path, "big.pdf", 5))
    assert _count(demo_ctx, PaperFile) == 0 and cases.list_papers(demo_ctx, case_id)[0].received_on is None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.pdf", b"Dear panel, this is not a PDF", "notes.pdf is not a valid PDF"),
        ("cut.pdf", b"%PDF-1.4\n1 0 obj <<", "cut.pdf is not a valid PDF"),
        ("photo.jpg", b"\xff\xd8\xff", "photo.jpg is not a PDF: save it as PDF"),
    ],
)
def test_a_file_that_is_not_a_valid_pdf_is_refused_naming_it(
    demo_ctx: ServiceContext, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    case_id = _booked(demo_ctx)
    (tmp_path / name).write_bytes(content)
    with pytest.raises(ValidationError, match=message):
        papers.add_paper_file(demo_ctx, case_id, "PAR", tmp_path / name)
    assert _count(demo_ctx, PaperFile) == 0


def test_a_locked_pdf_is_refused(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    case_id = _booked(demo_ctx)
    with pytest.raises(ValidationError, match=r"locked.pdf is locked with a password"):
        papers.add_paper_file(demo_ctx, case_id, "PAR", locked_pdf(tmp_path))


def test_a_word_file_without_libreoffice_is_refused_saying_to_save_it_as_pdf(
    demo_ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = _booked(demo_ctx)
    (tmp_path / "PAR.docx").write_bytes(b"PK\x03\x04")
    monkeypatch.setattr(paper_files.shutil, "which", lambda _name: None)
    with pytest.raises(ValidationError, match=r"PAR.docx is a Word file.*save it as PDF"):
        papers.add_paper_file(demo_ctx, case_id, "PAR", tmp_path / "PAR.docx")
    assert _count(demo_ctx, PaperFile) == 0


@pytest.mark.skipif(not papers.word_conversion_available(), reason="LibreOffice is not installed")
def test_a_word_file_is_converted_when_libreoffice_is_there(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    from docx import Document

    document = Document()
    document.add_paragraph("Prospective adopter's report for the household")
    document.save(str(tmp_path / "PAR draft.docx"))
    added = papers.add_paper_file(demo_ctx, _booked(demo_ctx), "PAR", tmp_path / "PAR draft.docx")
    assert added.file.filename == "PAR draft.pdf" and added.file.pages == 1
    assert added.file.pages_without_text == ()


def test_an_older_version_is_saved_whole_as_it_was_kept(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    """Every version is kept (a panel may need the CPR as it was circulated): any of them can
    be saved again exactly as received, through the atomic writer (no NAME.part left)."""
    case_id = _booked(demo_ctx)
    first = write_pdf(tmp_path, "par.pdf", 2, title="PAR as first sent")
    papers.add_paper_file(demo_ctx, case_id, "PAR", first)
    papers.add_paper_file(demo_ctx, case_id, "PAR", write_pdf(tmp_path, "par2.pdf", 3, title="PAR v2"))
    newest, older = papers.list_paper_files(demo_ctx, case_id)
    out = tmp_path / "copies" / papers.version_filename(older.filename, older.version)
    out.parent.mkdir()
    assert out.name == "par (version 1).pdf"
    saved = papers.save_paper_file(demo_ctx, older.id, out)
    assert saved.read_bytes() == first.read_bytes() and list(out.parent.iterdir()) == [out]
    opened = papers.open_paper_file(demo_ctx, newest.id)
    assert opened.name == "par2 (version 2).pdf" and opened.stat().st_size == newest.size_bytes
    assert oct(opened.parent.stat().st_mode & 0o777) == "0o700"


def test_a_copy_is_never_written_over_a_folder_nor_into_a_missing_one(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    case_id = _booked(demo_ctx)
    papers.add_paper_file(demo_ctx, case_id, "PAR", write_pdf(tmp_path, "par.pdf", 1))
    kept = papers.list_paper_files(demo_ctx, case_id)[0]
    (tmp_path / "folder.pdf").mkdir()
    with pytest.raises((ValidationError, OSError), match="folder"):
        papers.save_paper_file(demo_ctx, kept.id, tmp_path / "folder.pdf")
    with pytest.raises(ValidationError):
        papers.save_paper_file(demo_ctx, kept.id, tmp_path / "nowhere" / "p.pdf")
    assert sorted(p.name for p in tmp_path.iterdir() if "pdf" in p.name) == ["folder.pdf", "par.pdf"]
    assert list((tmp_path / "folder.pdf").iterdir()) == []
