"""Papers: the checklist from the agency's settings, received/circulated dates, late and missing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from db.models import CaseTypeSetting
from panelapp.domain.agenda import PaperState
from panelapp.domain.permissions import Permission
from panelapp.services import cases as booking
from panelapp.services import cases as papers
from panelapp.services.cases import ChildData, get_agenda
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from tests.services.cases.support import TODAY, new_case, new_sitting


def test_the_checklist_follows_the_agencys_settings(demo_ctx: ServiceContext) -> None:
    with demo_ctx.write(Permission.EDIT_SETTINGS) as s:
        setting = s.scalar(select(CaseTypeSetting).where(CaseTypeSetting.case_type == "approval"))
        assert setting is not None
        setting.required_papers = "PAR;medical_summary"
    assert papers.required_papers(demo_ctx, "approval") == ("PAR", "medical_summary")
    case = new_case(demo_ctx, "CHK-1")
    assert [p.paper_type for p in case.papers] == ["PAR", "medical_summary"]


def test_late_and_missing_papers_show_on_the_agenda(demo_ctx: ServiceContext) -> None:
    meeting_id = new_sitting(demo_ctx)
    match = new_case(demo_ctx, "FLAG-1", "match", children=(ChildData("JK"),))
    booking.book_case(demo_ctx, match.id, meeting_id, today=TODAY)
    by_type = {p.paper_type: p for p in papers.list_papers(demo_ctx, match.id)}
    papers.update_papers(
        demo_ctx,
        match.id,
        {
            by_type["APR"].id: papers.PaperUpdate(author="A. Writer", received_on=date(2026, 12, 1)),
            by_type["CPR"].id: papers.PaperUpdate(
                received_on=date(2026, 12, 8), circulated_on=date(2026, 12, 9)
            ),
        },
    )
    seen = {p.paper_type: p.state for p in papers.list_papers(demo_ctx, match.id, today=date(2026, 12, 10))}
    assert seen == {"APR": PaperState.ON_TIME, "CPR": PaperState.LATE, "PAR": PaperState.MISSING}
    slot = get_agenda(demo_ctx, meeting_id, date(2026, 12, 10)).slots[0]
    assert (slot.papers_late, slot.papers_missing) == (1, 1)
    assert any("CPR arrived late" in p for p in slot.paper_problems)


def test_circulating_before_receiving_is_refused(demo_ctx: ServiceContext) -> None:
    case = new_case(demo_ctx, "CIRC-1")
    par = case.papers[0]
    with pytest.raises(ValidationError, match="before it has been received"):
        papers.update_papers(demo_ctx, case.id, {par.id: papers.PaperUpdate(circulated_on=date(2026, 12, 1))})
    with pytest.raises(ValidationError, match="already has a PAR"):
        papers.add_paper(demo_ctx, case.id, "PAR")
    extra = papers.add_paper(demo_ctx, case.id, "later_life_letter")
    assert extra.state is PaperState.NOT_DUE


def test_a_refused_paper_date_leaves_the_case_edit_unsaved_too(demo_ctx: ServiceContext) -> None:
    """The case and its papers are saved in one transaction: all or nothing."""
    from panelapp.services import cases
    from panelapp.services.errors import ValidationError as Refused

    created = cases.create_case(
        demo_ctx, cases.CaseInput(reference="TXN-1", case_type="approval", household="First")
    )
    paper_id = papers.list_papers(demo_ctx, created.id)[0].id
    bad = papers.PaperUpdate("An author", None, date(2026, 1, 5), False, "")  # circulated, never received
    edited = cases.CaseInput(reference="TXN-1", case_type="approval", household="Edited household")
    with pytest.raises(Refused, match="cannot be circulated before it has been received"):
        cases.update_case(demo_ctx, created.id, edited, created.version, {paper_id: bad})
    assert cases.get_case(demo_ctx, created.id).household == "First"
    good = papers.PaperUpdate("An author", date(2026, 1, 2), date(2026, 1, 5), False, "")
    saved = cases.update_case(demo_ctx, created.id, edited, created.version, {paper_id: good})
    assert saved.household == "Edited household"
    assert papers.list_papers(demo_ctx, created.id)[0].received_on == date(2026, 1, 2)
