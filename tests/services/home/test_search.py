"""The global search box's service."""

from __future__ import annotations

from sqlalchemy import select

from db.models import Case, CaseChild, Meeting, Member
from panelapp.domain.periods import uk_date
from panelapp.services.context import ServiceContext
from panelapp.services.home import global_search


def test_finds_members_cases_by_reference_and_initials_and_sittings_by_date(demo_ctx: ServiceContext) -> None:
    with demo_ctx.read() as session:
        member = session.scalars(select(Member).order_by(Member.id)).first()
        case = session.scalars(select(Case).order_by(Case.id)).first()
        child = session.scalars(select(CaseChild).order_by(CaseChild.id)).first()
        meeting = session.scalars(select(Meeting).order_by(Meeting.id)).first()
        assert member and case and child and meeting
    by_name = global_search(demo_ctx, member.last_name)
    assert ("member", member.id) in [(h.kind, h.id) for h in by_name]
    by_ref = global_search(demo_ctx, case.reference)
    assert by_ref[0].kind == "case" and by_ref[0].title == case.reference
    by_initials = global_search(demo_ctx, child.initials.lower())
    assert ("case", child.case_id) in [(h.kind, h.id) for h in by_initials]
    by_date = global_search(demo_ctx, uk_date(meeting.date))
    assert [h for h in by_date if h.kind == "sitting" and h.id == meeting.id]
    assert global_search(demo_ctx, "zz-nothing-zz") == []
    assert global_search(demo_ctx, "a") == []  # one letter: too broad to search
