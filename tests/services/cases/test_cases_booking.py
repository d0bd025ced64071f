"""Booking cases onto sittings: the refusals, the warnings and re-booking a deferred case."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from db.models import Hearing, Meeting, Recommendation
from panelapp.domain.permissions import Permission
from panelapp.services import cases
from panelapp.services import cases as booking
from panelapp.services import cases as papers
from panelapp.services.cases import get_agenda
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from tests.services.cases.support import TODAY, new_case, new_sitting


def test_a_seventh_case_on_a_six_case_panel_is_refused(demo_ctx: ServiceContext) -> None:
    meeting_id = new_sitting(demo_ctx)
    for n in range(6):
        booking.book_case(demo_ctx, new_case(demo_ctx, f"SIX-{n}").id, meeting_id, today=TODAY)
    seventh = new_case(demo_ctx, "SIX-7")
    with pytest.raises(ValidationError) as refused:
        booking.book_case(demo_ctx, seventh.id, meeting_id, today=TODAY)
    assert "already has 6 cases booked" in str(refused.value)
    assert "maximum 6" in str(refused.value)
    assert get_agenda(demo_ctx, meeting_id, TODAY).case_count == 6
    assert cases.get_case(demo_ctx, seventh.id).status == "open"  # nothing changed


def test_booking_sets_deadlines_status_and_a_slot_with_applicants_time(demo_ctx: ServiceContext) -> None:
    meeting_id = new_sitting(demo_ctx)
    case_id = new_case(demo_ctx, "BOOK-1").id
    result = booking.book_case(demo_ctx, case_id, meeting_id, today=TODAY)
    assert result.sequence == 1
    detail = cases.get_case(demo_ctx, case_id, TODAY)
    assert detail.status == "booked"
    assert [p.due_on for p in detail.papers] == [date(2026, 12, 3)]  # 10 working days before 17/12
    slot = get_agenda(demo_ctx, meeting_id, TODAY).slots[0]
    assert slot.reference == "BOOK-1" and slot.minutes == 75  # approval 60 + applicants 15
    assert slot.chair_name  # the panel's chair by default


def test_a_consent_plan_needs_its_cpr_and_health_report_first(demo_ctx: ServiceContext) -> None:
    meeting_id = new_sitting(demo_ctx)
    plan = new_case(demo_ctx, "PLAN-1", "consent_plan", children=(cases.ChildData("XY", "Xan Young"),))
    with pytest.raises(ValidationError, match="CPR and the child's health report") as refused:
        booking.book_case(demo_ctx, plan.id, meeting_id, today=TODAY)
    assert "Child's health report" in str(refused.value)
    by_type = {p.paper_type: p for p in plan.papers}
    papers.update_papers(
        demo_ctx,
        plan.id,
        {
            by_type["CPR"].id: papers.PaperUpdate(received_on=date(2026, 11, 2)),
            by_type["health"].id: papers.PaperUpdate(received_on=date(2026, 11, 3)),
        },
    )
    assert booking.book_case(demo_ctx, plan.id, meeting_id, today=TODAY).hearing_id


def test_late_papers_warn_but_do_not_block(demo_ctx: ServiceContext) -> None:
    meeting_id = new_sitting(demo_ctx)
    case = new_case(demo_ctx, "LATE-1")
    par = case.papers[0]
    papers.update_papers(demo_ctx, case.id, {par.id: papers.PaperUpdate(received_on=date(2026, 12, 7))})
    result = booking.book_case(demo_ctx, case.id, meeting_id, today=date(2026, 12, 8))
    assert any("PAR arrived late on 07/12/2026 (due 03/12/2026)" in w for w in result.warnings)


def test_bare_quorum_is_a_warning(demo_ctx: ServiceContext) -> None:
    # Panel 1's first five home members: chair, vice chair, two social workers, an independent.
    meeting_id = new_sitting(demo_ctx, roster_size=5)
    result = booking.book_case(demo_ctx, new_case(demo_ctx, "BARE-1").id, meeting_id, today=TODAY)
    assert any("bare quorum" in w for w in result.warnings)
    roomy = new_sitting(demo_ctx, day=date(2026, 12, 18))
    result = booking.book_case(demo_ctx, new_case(demo_ctx, "ROOMY-1").id, roomy, today=TODAY)
    assert not any("quorum" in w for w in result.warnings)


def test_a_deferred_case_is_booked_again_as_its_next_hearing(demo_ctx: ServiceContext) -> None:
    first = new_sitting(demo_ctx)
    case = new_case(demo_ctx, "DEFER-1")
    hearing_id = booking.book_case(demo_ctx, case.id, first, today=TODAY).hearing_id
    second = new_sitting(demo_ctx, day=date(2027, 1, 21))
    with pytest.raises(ValidationError, match="already booked onto Panel 1 on 17/12/2026"):
        booking.book_case(demo_ctx, case.id, second, today=TODAY)
    with demo_ctx.write(Permission.RECORD_OUTCOMES) as s:  # the panel day: heard and deferred
        meeting, hearing = s.get(Meeting, first), s.get(Hearing, hearing_id)
        assert meeting is not None and hearing is not None
        meeting.status, hearing.status = "held", "heard"
        s.add(Recommendation(hearing_id=hearing_id, outcome="deferred"))
    again = booking.book_case(demo_ctx, case.id, second, today=TODAY)
    assert again.sequence == 2
    assert [h.sequence for h in cases.get_case(demo_ctx, case.id).hearings] == [1, 2]
    with demo_ctx.write(Permission.RECORD_OUTCOMES) as s:
        rec = s.scalar(select(Recommendation).where(Recommendation.hearing_id == hearing_id))
        assert rec is not None
        rec.outcome = "recommended"
    booking.unbook_case(demo_ctx, again.hearing_id)
    with pytest.raises(ValidationError, match="Only a deferred case comes back"):
        booking.book_case(demo_ctx, case.id, second, today=TODAY)


def test_held_and_cancelled_sittings_cannot_take_bookings(demo_ctx: ServiceContext) -> None:
    case = new_case(demo_ctx, "HELD-1")
    with demo_ctx.read() as s:
        held_id = s.scalar(select(Meeting.id).where(Meeting.status == "held").limit(1))
    assert held_id is not None
    with pytest.raises(ValidationError, match="has already been held"):
        booking.book_case(demo_ctx, case.id, held_id, today=TODAY)
    cancelled_id = new_sitting(demo_ctx)
    with demo_ctx.write(Permission.SCHEDULE_MEETINGS) as s:
        meeting = s.get(Meeting, cancelled_id)
        assert meeting is not None
        meeting.status = "cancelled"
    assert cancelled_id not in [o.meeting_id for o in booking.bookable_sittings(demo_ctx, TODAY)]
    with pytest.raises(ValidationError, match="is cancelled"):
        booking.book_case(demo_ctx, case.id, cancelled_id, today=TODAY)


def test_unbooking_removes_the_slot_and_reopens_the_case(demo_ctx: ServiceContext) -> None:
    meeting_id = new_sitting(demo_ctx)
    case = new_case(demo_ctx, "UNBOOK-1")
    result = booking.book_case(demo_ctx, case.id, meeting_id, today=TODAY)
    booking.unbook_case(demo_ctx, result.hearing_id)
    assert get_agenda(demo_ctx, meeting_id, TODAY).slots == ()
    assert cases.get_case(demo_ctx, case.id).status == "open"
