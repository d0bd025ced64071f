"""Agenda documents: Word and PDF hold the times, the marking on every page, initials, no full names."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader
from sqlalchemy import func, select

from db.models import CaseChild, Hearing, Meeting
from panelapp.services import cases
from panelapp.services.cases import ChildData, export_agenda
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from tests.services.cases.support import TODAY, new_case, new_sitting

MARKING = "OFFICIAL-SENSITIVE"


def _sitting_with_children(ctx: ServiceContext) -> tuple[int, list[tuple[str, str]]]:
    """A sitting of six cases (demo-style children with full names) and a break."""
    meeting_id = new_sitting(ctx)
    kinds = ["match", "approval", "match", "consent_plan", "match", "review"]
    for n, kind in enumerate(kinds):
        children = (
            (ChildData(f"M{chr(65 + n)}", f"Marigold {chr(65 + n)}ppleby"),) if kind != "approval" else ()
        )
        if kind == "consent_plan":
            children = (ChildData("TW", "Tobias Wrenfield"), ChildData("SW", "Saffron Wrenfield"))
        case = new_case(ctx, f"DOC-{n}", kind, children=children)
        if kind == "consent_plan":
            from panelapp.services.cases import PaperUpdate, update_papers

            update_papers(ctx, case.id, {p.id: PaperUpdate(received_on=TODAY) for p in case.papers})
        cases.book_case(ctx, case.id, meeting_id, today=TODAY)
    a = cases.get_agenda(ctx, meeting_id, TODAY)
    cases.add_slot(ctx, meeting_id, "break", a.version, at_index=2)
    with ctx.read() as s:
        kids = s.execute(
            select(CaseChild.initials, CaseChild.full_name)
            .join(Hearing, Hearing.case_id == CaseChild.case_id)
            .where(Hearing.meeting_id == meeting_id)
        ).all()
    return meeting_id, [(i, f) for i, f in kids]


def _busiest_demo_sitting(ctx: ServiceContext) -> tuple[int, list[tuple[str, str]]]:
    with ctx.read() as s:
        meeting_id = s.scalar(
            select(Meeting.id)
            .join(Hearing, Hearing.meeting_id == Meeting.id)
            .join(CaseChild, CaseChild.case_id == Hearing.case_id)
            .where(Meeting.status == "scheduled")
            .group_by(Meeting.id)
            .order_by(func.count(CaseChild.id).desc())
            .limit(1)
        )
        assert meeting_id is not None
        kids = s.execute(
            select(CaseChild.initials, CaseChild.full_name)
            .join(Hearing, Hearing.case_id == CaseChild.case_id)
            .where(Hearing.meeting_id == meeting_id)
        ).all()
    assert kids and all(full for _, full in kids)  # demo children do have full names
    return meeting_id, [(i, f) for i, f in kids]


def _docx_text(path: Path) -> tuple[str, list[str]]:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    margins = [
        "\n".join(p.text for p in part.paragraphs)
        for section in doc.sections
        for part in (section.header, section.footer)
    ]
    return "\n".join(parts), margins


@pytest.mark.parametrize("source", ["fresh", "demo"])
def test_word_agenda(demo_ctx: ServiceContext, tmp_path: Path, source: str) -> None:
    meeting_id, kids = (_sitting_with_children if source == "fresh" else _busiest_demo_sitting)(demo_ctx)
    out = export_agenda(demo_ctx, meeting_id, "docx", tmp_path / "agenda.docx")
    text, margins = _docx_text(out)
    for initials, full_name in kids:
        assert initials in text
        assert full_name not in text
        if source == "fresh":
            assert full_name.split()[0] not in text  # not even the (unusual) first name
    a = cases.get_agenda(demo_ctx, meeting_id, TODAY)
    for slot in a.slots:
        assert f"{slot.start:%H:%M}\u2013{slot.end:%H:%M}" in text
    assert "Teams link: https://teams.microsoft.com/" in text
    assert "Who is sitting" in text and "Circulation list" in text
    assert margins and all(MARKING in m for m in margins)  # header and footer of every section
    assert all("Northdown Regional Adoption Agency" in m for m in margins[::2])


@pytest.mark.parametrize("source", ["fresh", "demo"])
def test_pdf_agenda(demo_ctx: ServiceContext, tmp_path: Path, source: str) -> None:
    meeting_id, kids = (_sitting_with_children if source == "fresh" else _busiest_demo_sitting)(demo_ctx)
    out = export_agenda(demo_ctx, meeting_id, "pdf", tmp_path / "agenda.pdf")
    pages = [page.extract_text() for page in PdfReader(str(out)).pages]
    assert len(pages) >= 2  # so "every page" means something
    assert all(page.count(MARKING) >= 2 for page in pages)  # top and bottom of each page
    text = "\n".join(pages)
    for initials, full_name in kids:
        assert initials in text
        assert full_name not in text
    a = cases.get_agenda(demo_ctx, meeting_id, TODAY)
    flat = text.replace("\n", " ")
    for slot in a.slots:
        assert f"{slot.start:%H:%M}\u2013{slot.end:%H:%M}" in flat
    assert "Who is sitting" in text and "Circulation list" in text


def test_who_is_sitting_lists_members_not_staff(demo_ctx: ServiceContext) -> None:
    from panelapp.services.cases import agenda_document

    meeting_id, _ = _sitting_with_children(demo_ctx)
    document = agenda_document(demo_ctx, meeting_id, TODAY)
    roles = [p.role for p in document.sitting]
    assert roles[0] == "Independent chair"
    assert not any("adviser" in r.lower() and "medical" not in r.lower() for r in roles)
    circulated = [p.role for p in document.circulation]
    assert "Panel adviser" in circulated and "Panel administrator" in circulated
    assert any("social worker" in r for r in circulated)


def test_an_unknown_format_is_refused(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="docx or pdf"):
        export_agenda(demo_ctx, 1, "rtf", tmp_path / "x.rtf")
    assert not (tmp_path / "x.rtf").exists()
