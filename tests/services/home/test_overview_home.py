"""The Home view's figures: upcoming sittings with their booked cases, and the headline counts."""

from __future__ import annotations

from sqlalchemy import func, select

from db.models import AdmDecisionRecord, Case, Hearing, Meeting
from panelapp.services.context import ServiceContext
from panelapp.services.home import overview
from tests.conftest import DEMO_UNTIL


def test_upcoming_sittings_show_the_cases_booked_at_each(demo_ctx: ServiceContext) -> None:
    figures = overview(demo_ctx, today=DEMO_UNTIL, limit=8)
    assert len(figures.upcoming) == 8
    dates = [(s.date, s.panel) for s in figures.upcoming]
    assert dates == sorted(dates) and all(s.date >= DEMO_UNTIL for s in figures.upcoming)
    with demo_ctx.read() as session:
        for sitting in figures.upcoming:
            booked = session.scalar(
                select(func.count(Hearing.id)).where(
                    Hearing.meeting_id == sitting.meeting_id, Hearing.status != "withdrawn"
                )
            )
            assert sitting.cases_booked == booked
    assert any(s.cases_booked > 0 for s in figures.upcoming)


def test_a_withdrawn_booking_is_not_counted(demo_ctx: ServiceContext) -> None:
    from panelapp.domain.permissions import Permission

    sitting = next(s for s in overview(demo_ctx, today=DEMO_UNTIL).upcoming if s.cases_booked)
    with demo_ctx.write(Permission.EDIT_CASES) as session:
        hearing = session.scalars(select(Hearing).where(Hearing.meeting_id == sitting.meeting_id)).first()
        assert hearing is not None
        hearing.status = "withdrawn"
    after = next(
        s for s in overview(demo_ctx, today=DEMO_UNTIL).upcoming if s.meeting_id == sitting.meeting_id
    )
    assert after.cases_booked == sitting.cases_booked - 1


def test_headline_counts_match_the_register(demo_ctx: ServiceContext) -> None:
    figures = overview(demo_ctx, today=DEMO_UNTIL)
    with demo_ctx.read() as session:
        open_cases = session.scalar(
            select(func.count(Case.id)).where(Case.status.in_(("open", "booked", "awaiting_decision")))
        )
        pending = session.scalar(
            select(func.count(AdmDecisionRecord.id)).where(AdmDecisionRecord.decision == "pending")
        )
        sittings_ahead = session.scalar(select(func.count(Meeting.id)).where(Meeting.date >= DEMO_UNTIL))
    assert figures.cases_open == open_cases > 0
    assert figures.awaiting_adm == pending
    assert 30 <= figures.members_active <= 40
    assert sittings_ahead and sittings_ahead >= len(figures.upcoming)
