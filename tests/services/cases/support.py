"""Helpers for the Cases & Agenda tests: a fresh sitting with a roster, and new cases."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select

from db.models import Attendance, Meeting, Member, Panel
from panelapp.domain.permissions import Permission
from panelapp.services import cases
from panelapp.services.context import ServiceContext

FRESH_SITTING = date(2026, 12, 17)  # a Thursday: no demo panel sits that day
TODAY = date(2026, 11, 20)  # the demo data's "today" (DEMO_UNTIL)


def new_sitting(
    ctx: ServiceContext,
    panel_name: str = "Panel 1",
    day: date = FRESH_SITTING,
    roster_size: int | None = None,
    max_cases: int | None = None,
) -> int:
    """A scheduled sitting with the panel's home members invited (the first `roster_size`)."""
    with ctx.write(Permission.SCHEDULE_MEETINGS, "Test sitting") as s:
        panel = s.scalar(select(Panel).where(Panel.name == panel_name))
        assert panel is not None
        if max_cases is not None:
            panel.max_cases = max_cases
        meeting = Meeting(
            panel_id=panel.id,
            date=day,
            start_time=time(9, 30),
            end_time=time(15, 0),
            status="scheduled",
            teams_link=panel.teams_link,
            venue=panel.venue,
        )
        s.add(meeting)
        members = s.scalars(select(Member).where(Member.home_panel_id == panel.id).order_by(Member.id)).all()
        for member in members[:roster_size] if roster_size else members:
            meeting.attendance.append(Attendance(member_id=member.id, status="invited"))
        s.flush()
        return meeting.id


def new_case(
    ctx: ServiceContext,
    reference: str,
    case_type: str = "approval",
    children: tuple[cases.ChildData, ...] = (),
    household: str = "Alex and Sam Example",
) -> cases.CaseDetail:
    las = cases.local_authority_choices(ctx)
    kent = next(la for la in las if la.name == "Kent")
    return cases.create_case(
        ctx,
        cases.CaseInput(
            reference=reference,
            case_type=case_type,
            household=household,
            local_authority_id=kent.id,
            locality_id=kent.localities[0][0],
            children=children,
            social_workers=(
                cases.SocialWorkerData("adopters", "Robin Worker", "Kent adoption team", "r@x.org"),
            ),
        ),
    )
