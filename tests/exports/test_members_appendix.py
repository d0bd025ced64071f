"""Appendix A (membership list) in Word and PDF: surname order, report words, marking on every page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docx import Document
from pypdf import PdfReader

from db.models import Member, MemberRole
from panelapp.domain.permissions import Permission
from panelapp.services.context import ServiceContext
from panelapp.services.members import MemberInput, appendix_a, export_members, save_member
from panelapp.services.reports import build_chairs_report
from tests.conftest import DEMO_UNTIL


def test_appendix_lists_current_members_in_surname_order_with_report_words(demo_ctx: ServiceContext) -> None:
    entries = appendix_a(demo_ctx, DEMO_UNTIL)
    assert len(entries) == 33  # 40 less the member who left and six advisers/administrators
    surnames = [e.name.split()[-1] for e in entries]
    assert surnames == sorted(surnames, key=str.casefold)
    roles = {e.role for e in entries}
    assert {
        "independent chair",
        "independent vice chair",
        "medical adviser",
        "social work member",
        "independent member",
        "Medway councillor",
        "independent member – currently on maternity leave",
    } <= roles


def test_the_members_appendix_is_the_chairs_reports_appendix(demo_ctx: ServiceContext) -> None:
    """One builder: the Members area's export and the report's Appendix A list the same rows,
    the panel column naming the home panel (or "Across panels"), never the title."""
    report = build_chairs_report(demo_ctx, date(2026, 4, 1), DEMO_UNTIL)
    entries = appendix_a(demo_ctx, DEMO_UNTIL)
    assert entries == report.membership.appendix
    assert "Across panels" in {e.panel for e in entries} and "" not in {e.panel for e in entries}
    assert not any(e.name.startswith("Dr ") for e in entries)


def test_word_appendix_has_every_member_and_the_marking(tmp_path: Path, demo_ctx: ServiceContext) -> None:
    out = export_members(demo_ctx, "docx", tmp_path / "appendix.docx", DEMO_UNTIL)
    doc = Document(str(out))
    table = doc.tables[0]
    names = [row.cells[0].text for row in table.rows[1:]]
    assert names == [e.name for e in appendix_a(demo_ctx, DEMO_UNTIL)]
    assert "OFFICIAL-SENSITIVE" in doc.sections[0].header.paragraphs[0].text
    assert "OFFICIAL-SENSITIVE" in doc.sections[0].footer.paragraphs[0].text


def test_pdf_appendix_marks_every_page_even_when_long(tmp_path: Path, demo_ctx: ServiceContext) -> None:
    with demo_ctx.write(Permission.EDIT_MEMBERS, "many") as session:
        for i in range(60):  # enough members for several pages; the first has no role
            extra = Member(agency_id=demo_ctx.agency_id, first_name="Extra", last_name=f"Zz{i:03d}")
            extra.roles = [MemberRole(role="independent")] if i else []
            session.add(extra)
    save_member(demo_ctx, None, MemberInput("Alys", "Aaronson", ("independent",)), today=DEMO_UNTIL)
    out = export_members(demo_ctx, "pdf", tmp_path / "appendix.pdf", DEMO_UNTIL)
    reader = PdfReader(str(out))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert "OFFICIAL-SENSITIVE" in page.extract_text()
    first = reader.pages[0].extract_text()
    assert "Appendix A" in first and first.index("Alys Aaronson") < first.index("Zara Ambler")
    # Members with no role are not panel members: not in Appendix A.
    assert "Zz059" in "".join(p.extract_text() for p in reader.pages)
    assert "Zz000" not in "".join(p.extract_text() for p in reader.pages)
