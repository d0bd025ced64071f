"""Names never to circulate: kept on the case (audited), and the circulation check that
reads a finished document back and refuses to write it while one remains (issue 19).

AAR 2005 reg 41 (confidentiality of case records) and Statutory guidance 2013 para 1.23:
a child placed for adoption is not identified in papers circulated beyond the agency.
"""

from __future__ import annotations

import dataclasses
from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import AuditEntry, CaseChild
from panelapp.documents.agenda import AgendaDocument, AgendaItem, PersonLine
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import UserRole
from panelapp.exports.docx.agenda import write_agenda_docx
from panelapp.exports.pdf.agenda import write_agenda_pdf
from panelapp.services import cases
from panelapp.services.cases import withheld_names
from panelapp.services.cases.withheld_names import WithheldRow
from panelapp.services.context import CurrentUser, ServiceContext
from panelapp.services.errors import PermissionDenied, ValidationError


def _case_with_child(ctx: ServiceContext) -> int:
    case_id = cases.list_cases(ctx)[0].id
    with ctx.write(Permission.EDIT_CASES, "test child") as session:
        session.add(CaseChild(case_id=case_id, initials="MB", full_name="Maxwell Blackthorn"))
    return case_id


def _agenda(text: str) -> AgendaDocument:
    item = AgendaItem(time(10), time(11), False, text, "other", "Other business")
    return AgendaDocument(
        "Northdown RAA", "OFFICIAL-SENSITIVE", "Panel 1", date(2026, 12, 8), time(9, 30), time(15),
        "Room 1", "", date(2026, 12, 1), (item,), (PersonLine("James Carter", "Chair"),), (), (),
    )  # fmt: skip


def test_the_list_is_kept_on_the_case_and_audited(demo_ctx: ServiceContext) -> None:
    case_id = _case_with_child(demo_ctx)
    saved = cases.save_withheld(
        demo_ctx,
        case_id,
        [
            WithheldRow("  Sharon   Kettleby ", "birth_relative"),
            WithheldRow("", "other"),
            WithheldRow("Maxie", "known_as", "M"),
        ],
    )
    assert saved == [
        WithheldRow("Sharon Kettleby", "birth_relative", "SK"),
        WithheldRow("Maxie", "known_as", "M"),
    ]
    assert cases.list_withheld(demo_ctx, case_id) == saved
    with demo_ctx.read() as session:
        audited = session.scalars(
            select(AuditEntry.action).where(AuditEntry.table_name == "withheld_name")
        ).all()
    assert audited.count("insert") == 2


@pytest.mark.parametrize(
    ("row", "message"),
    [(WithheldRow("X", "other"), "too short"), (WithheldRow("Maxie", "pet"), "not a kind of name")],
)
def test_unusable_names_are_refused_and_nothing_saved(
    demo_ctx: ServiceContext, row: WithheldRow, message: str
) -> None:
    case_id = _case_with_child(demo_ctx)
    with pytest.raises(ValidationError, match=message):
        cases.save_withheld(demo_ctx, case_id, [WithheldRow("Maxie", "known_as"), row])
    assert cases.list_withheld(demo_ctx, case_id) == []


def test_a_viewer_cannot_change_the_list(demo_ctx: ServiceContext) -> None:
    case_id = _case_with_child(demo_ctx)
    viewer = ServiceContext(demo_ctx.engine, CurrentUser("v", "V", UserRole.VIEWER))
    with pytest.raises(PermissionDenied):
        cases.save_withheld(viewer, case_id, [WithheldRow("Maxie", "known_as")])


@pytest.mark.parametrize("write", [write_agenda_docx, write_agenda_pdf])
def test_a_document_still_naming_a_child_is_not_written(
    demo_ctx: ServiceContext, tmp_path: Path, write: object
) -> None:
    case_id = _case_with_child(demo_ctx)
    cases.save_withheld(demo_ctx, case_id, [WithheldRow("Maxie", "known_as")])
    check = withheld_names.for_cases(demo_ctx, [case_id])
    document = _agenda("Update on Maxie and the Blackthorn siblings")
    suffix = ".docx" if write is write_agenda_docx else ".pdf"
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / f"agenda{suffix}"
    with pytest.raises(ValidationError) as refused:
        withheld_names.circulate(demo_ctx, out, lambda p: write(document, p), check, "The agenda")  # type: ignore[operator]
    message = str(refused.value)
    assert (
        message.startswith("The agenda was not written")
        and '"Maxie"' in message
        and '"Blackthorn"' in message
    )
    assert ("page 1" if suffix == ".pdf" else "a table under") in message
    assert list((tmp_path / "out").iterdir()) == []
    # Scrubbed first, the same document goes out, the chair's name left whole.
    scrubbed = check.scrub(document)
    assert scrubbed.items[0].title == "Update on M and the B siblings"
    assert withheld_names.circulate(demo_ctx, out, lambda p: write(scrubbed, p), check, "The agenda") == out  # type: ignore[operator]


def test_an_administrator_may_let_it_out_and_the_override_is_audited(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    case_id = _case_with_child(demo_ctx)
    check = withheld_names.for_cases(demo_ctx, [case_id])
    document = _agenda("Maxwell Blackthorn")
    adviser = ServiceContext(demo_ctx.engine, CurrentUser("a.adviser", "A", UserRole.ADVISER))
    out = tmp_path / "agenda.docx"
    with pytest.raises(PermissionDenied, match="Only an administrator"):
        withheld_names.circulate(
            adviser, out, lambda p: write_agenda_docx(document, p), check, "The agenda", True
        )
    assert not out.exists()
    withheld_names.circulate(
        demo_ctx, out, lambda p: write_agenda_docx(document, p), check, "The agenda", True
    )
    assert out.exists()


def test_the_override_leaves_an_audit_row(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    case_id = _case_with_child(demo_ctx)
    check = withheld_names.for_cases(demo_ctx, [case_id])
    document = _agenda("Maxwell Blackthorn")
    out = tmp_path / "agenda.docx"
    withheld_names.circulate(
        demo_ctx, out, lambda p: write_agenda_docx(document, p), check, "The agenda", True
    )
    with demo_ctx.read() as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "override"))
    assert entry is not None and entry.author == "test.admin"
    assert entry.after is not None and "Maxwell Blackthorn" in str(entry.after["found"])


def test_names_of_members_are_allowed_beside_a_childs_first_name(demo_ctx: ServiceContext) -> None:
    case_id = _case_with_child(demo_ctx)
    check = withheld_names.for_cases(demo_ctx, [case_id])
    member = next(a for a in check.allowed if " " in a)
    first = member.split()[0]
    with demo_ctx.write(Permission.EDIT_CASES, "test") as session:
        session.add(CaseChild(case_id=case_id, initials="ZZ", full_name=f"{first} Zanzibar"))
    check = withheld_names.for_cases(demo_ctx, [case_id])
    doc = dataclasses.replace(_agenda(f"{member} asked about {first}"))
    assert check.scrub(doc).items[0].title == f"{member} asked about ZZ"
