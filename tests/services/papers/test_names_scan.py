"""The names check on every page of the papers before a pack circulates (issue 22).

AAR 2005 reg 41 (confidentiality of case records) and Statutory guidance 2013 para 1.23: a
child is not identified in papers circulated beyond the agency; the other cases' children in
the same pack must never reach members through the wrong case's papers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import AuditEntry, PackCirculation
from panelapp.domain.vocab import UserRole
from panelapp.services import cases, pack, papers
from panelapp.services.cases.withheld_names import WithheldRow
from panelapp.services.context import CurrentUser, ServiceContext
from panelapp.services.errors import PermissionDenied, ValidationError
from panelapp.services.papers import scan
from tests.services.papers.make_pdfs import sitting_with_papers, write_pdf


def _circulated(ctx: ServiceContext) -> int:
    with ctx.read() as session:
        return session.scalar(select(func.count()).select_from(PackCirculation)) or 0


def test_a_birth_relative_named_in_a_paper_blocks_the_pack_naming_the_page(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    meeting_id, ids = sitting_with_papers(demo_ctx, tmp_path)
    cases.save_withheld(demo_ctx, ids["PK-MAT"], [WithheldRow("Sharon Kettleby", "birth_relative")])
    cpr = write_pdf(tmp_path, "cpr2.pdf", ["Background", "Max's mother Sharon\nKettleby was 19.", "Plan"])
    papers.add_paper_file(demo_ctx, ids["PK-MAT"], "CPR", cpr)
    with pytest.raises(pack.PackBlocked) as refused:
        pack.write_pack(demo_ctx, meeting_id, tmp_path / "pack.pdf")
    message = str(refused.value)
    assert 'case PK-MAT, CPR (version 2), page 2: "Sharon Kettleby"' in message
    assert message.startswith("The pack was not written")
    assert [h.page for h in refused.value.report.hits] == [2]
    assert not (tmp_path / "pack.pdf").exists() and _circulated(demo_ctx) == 0


def test_another_cases_child_in_a_paper_blocks_the_pack(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    meeting_id, ids = sitting_with_papers(demo_ctx, tmp_path)
    par = write_pdf(tmp_path, "par2.pdf", ["The applicants met Maxwell Blackthorn at a party."])
    papers.add_paper_file(demo_ctx, ids["PK-APP"], "PAR", par)
    with pytest.raises(
        pack.PackBlocked, match=r'case PK-APP, PAR \(version 2\), page 1: "Maxwell Blackthorn"'
    ):
        pack.write_pack(demo_ctx, meeting_id, tmp_path / "pack.pdf")


def test_a_cases_own_child_by_first_name_and_members_by_name_pass(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    meeting_id, ids = sitting_with_papers(demo_ctx, tmp_path)
    member = pack.recipients(demo_ctx, meeting_id)[0].name
    cpr = write_pdf(tmp_path, "cpr2.pdf", [f"Maxwell is settled. Discussed with {member}."])
    papers.add_paper_file(demo_ctx, ids["PK-MAT"], "CPR", cpr)
    result = pack.write_pack(demo_ctx, meeting_id, tmp_path / "pack.pdf")
    assert not result.report.blocked and result.report.papers_checked == 4


def test_the_childs_surname_in_its_own_paper_blocks(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    meeting_id, ids = sitting_with_papers(demo_ctx, tmp_path)
    papers.add_paper_file(
        demo_ctx, ids["PK-MAT"], "APR", write_pdf(tmp_path, "apr2.pdf", ["", "The Blackthorn family"])
    )
    with pytest.raises(
        pack.PackBlocked, match=r'APR \(with adoption support plan\) \(version 2\), page 2: "Blackthorn"'
    ):
        pack.write_pack(demo_ctx, meeting_id, tmp_path / "pack.pdf")


def test_pages_without_text_are_reported_unchecked(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    meeting_id, ids = sitting_with_papers(demo_ctx, tmp_path)
    papers.add_paper_file(
        demo_ctx, ids["PK-MAT"], "CPR", write_pdf(tmp_path, "scan.pdf", ["a", "", ""], scanned=[2, 3])
    )
    result = pack.write_pack(demo_ctx, meeting_id, tmp_path / "pack.pdf")
    assert result.report.unchecked_text() == (
        "Pages without text, not checked for names (look at them yourself): case PK-MAT, CPR: pages 2, 3."
    )
    assert "not checked for names" in result.summary


def _blocked_sitting(ctx: ServiceContext, tmp_path: Path) -> int:
    meeting_id, ids = sitting_with_papers(ctx, tmp_path)
    papers.add_paper_file(ctx, ids["PK-APP"], "PAR", write_pdf(tmp_path, "p.pdf", ["Maxwell Blackthorn"]))
    return meeting_id


def test_an_administrator_lets_it_out_with_a_reason_audited(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    meeting_id = _blocked_sitting(demo_ctx, tmp_path)
    result = pack.write_pack(
        demo_ctx, meeting_id, tmp_path / "pack.pdf", override_reason="Name is the chair's own"
    )
    assert result.packs[0].out.exists() and result.report.blocked
    with demo_ctx.read() as session:
        row = session.scalars(select(AuditEntry).where(AuditEntry.action == "override")).all()[-1]
    assert row.author == demo_ctx.user.username and row.after is not None
    assert row.after["reason"] == "Name is the chair's own"
    assert "Maxwell Blackthorn" in str(row.after["found"])


def test_a_blank_reason_or_an_adviser_cannot_override(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    meeting_id = _blocked_sitting(demo_ctx, tmp_path)
    with pytest.raises(pack.PackBlocked):  # a blank reason is no reason
        pack.write_pack(demo_ctx, meeting_id, tmp_path / "pack.pdf", override_reason="   ")
    with pytest.raises(ValidationError, match="Say why"):
        scan.allow_despite_names(demo_ctx, meeting_id, scan.ScanReport((), (), 0), " ")
    adviser = ServiceContext(demo_ctx.engine, CurrentUser("adv", "Adviser", UserRole.ADVISER))
    with pytest.raises(PermissionDenied, match="Only an administrator"):
        pack.write_pack(adviser, meeting_id, tmp_path / "pack.pdf", override_reason="because")
    assert not (tmp_path / "pack.pdf").exists() and _circulated(demo_ctx) == 0
