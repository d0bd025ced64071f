"""A form saved from an old copy is refused naming who changed it and when (issue 18, failure 6).

Gradings, attendance and the agency's policy carry no version column (no migration for it):
the values the form loaded are compared with those saved, in the same transaction.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import Agency, Attendance
from panelapp.services import panel_day, sittings
from panelapp.services.agency.settings import save_policy
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ConflictError
from tests.services.panel_day.support import on_the_day, walkthrough_sitting

CHANGED = r"was changed by test\.admin at \d\d:\d\d on \d\d/\d\d/\d{4} while you were editing it"


def test_a_grade_saved_from_an_old_form_is_refused_and_theirs_kept(demo_ctx: ServiceContext) -> None:
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    paper = next(p for c in sheet.cases for p in c.papers)
    hid, kind = paper.hearing_id, paper.paper_type
    mine = panel_day.record_grading(demo_ctx, hid, kind, "requires_improvement", "first", expected=paper)
    theirs = panel_day.record_grading(demo_ctx, hid, kind, "requires_improvement", "theirs", expected=mine)
    with pytest.raises(ConflictError, match=f"The {kind} grade for .* {CHANGED}") as refused:
        panel_day.record_grading(demo_ctx, hid, kind, "inadequate", "mine", expected=mine)
    assert refused.value.theirs["strengths"] == "theirs"
    now = next(p for p in panel_day.papers_to_grade(demo_ctx, hid) if p.paper_type == kind)
    assert (now.grade, now.strengths) == (theirs.grade, "theirs")
    # A form opened before anyone graded the paper is stale too, once someone has.
    with pytest.raises(ConflictError, match=CHANGED):
        panel_day.record_grading(demo_ctx, hid, kind, "inadequate", "mine", expected=paper)


def test_attendance_and_policy_saved_from_an_old_form_are_refused(demo_ctx: ServiceContext) -> None:
    sheet = walkthrough_sitting(demo_ctx)
    member = sheet.attendance[0].member_id
    with demo_ctx.read() as session:
        loaded = session.scalar(
            select(Attendance.status).where(
                Attendance.meeting_id == sheet.meeting_id, Attendance.member_id == member
            )
        )
        years = session.scalar(select(Agency.retention_years))
    sittings.set_attendance(demo_ctx, sheet.meeting_id, member, "apologies", expected={"status": loaded})
    with pytest.raises(ConflictError, match=f"This member's attendance {CHANGED}"):
        sittings.set_attendance(demo_ctx, sheet.meeting_id, member, "present", expected={"status": loaded})
    save_policy(demo_ctx, {"retention_years": 30}, expected={"retention_years": years})
    with pytest.raises(ConflictError, match=f"The agency's policy {CHANGED}"):
        save_policy(demo_ctx, {"retention_years": 40}, expected={"retention_years": years})
    with demo_ctx.read() as session:
        assert session.scalar(select(Agency.retention_years)) == 30
        assert (
            session.scalar(
                select(Attendance.status).where(
                    Attendance.meeting_id == sheet.meeting_id, Attendance.member_id == member
                )
            )
            == "apologies"
        )
