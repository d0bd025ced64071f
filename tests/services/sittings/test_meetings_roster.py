"""Rosters: usual members invited, apologies change quorum, cover suggested, quorum per case."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import (
    Attendance,
    CaseDeclaration,
    DbsCheck,
    Hearing,
    Meeting,
    Member,
    MemberPanel,
    MemberRole,
    MemberStatusPeriod,
)
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import UserRole
from panelapp.services import agency, panel_day
from panelapp.services.context import CurrentUser, ServiceContext
from panelapp.services.errors import PermissionDenied, ValidationError
from panelapp.services.sittings import (
    STATUS_LABELS,
    MeetingRow,
    add_cover,
    cancel_meeting,
    generate_meetings,
    invite_usual_members,
    list_meetings,
    roster,
    set_attendance,
    suggest_cover,
)
from tests.conftest import DEMO_UNTIL

AGENCIES = Path(__file__).resolve().parents[3] / "resources" / "agencies"
NO_CHAIR = "Not quorate under regulation 6: neither this panel's chair nor one of its vice chairs is sitting."


def upcoming(ctx: ServiceContext) -> MeetingRow:
    rows = list_meetings(ctx, DEMO_UNTIL, DEMO_UNTIL + timedelta(days=60))
    return next(r for r in rows if r.status == "scheduled" and r.cases_booked and r.quorate)


def test_generated_sittings_invite_home_members_covers_and_chairs_only(empty_ctx: ServiceContext) -> None:
    agency.load_agency_file(empty_ctx, AGENCIES / "two_panels_three_chairs.toml")
    with empty_ctx.write(Permission.EDIT_MEMBERS) as session:
        north = session.scalar(select(Member).where(Member.last_name == "Carter"))
        assert north is not None
        panel_id = north.home_panel_id

        def person(first: str, roles: list[str], **extra: object) -> Member:
            m = Member(agency_id=north.agency_id, first_name=first, last_name="Test", **extra)
            m.roles = [MemberRole(role=r) for r in roles]
            session.add(m)
            return m

        person("Home", ["social_worker"], home_panel_id=panel_id, qualified_on=date(2010, 1, 1))
        covering = person("Cover", ["independent"])
        covering.panels = [MemberPanel(panel_id=panel_id)]
        person("Adviser", ["adviser"], home_panel_id=panel_id)
        leave = person("Leave", ["independent"], home_panel_id=panel_id)
        leave.statuses = [MemberStatusPeriod(status="on_leave", start_date=date(2026, 3, 1))]
        person("Other", ["independent"])
    generate_meetings(empty_ctx, date(2026, 1, 1), date(2026, 3, 31))
    north_rows = [
        r for r in list_meetings(empty_ctx, date(2026, 1, 1), date(2026, 3, 31)) if r.panel == "North Panel"
    ]
    invited = {r.date: {e.name for e in roster(empty_ctx, r.id).entries} for r in north_rows}
    base = {"Alex Carter", "Sam Patel", "Home Test", "Cover Test"}
    assert invited[date(2026, 1, 7)] == base | {"Leave Test"}
    assert invited[date(2026, 3, 4)] == base  # on leave from 1 March
    south = next(
        r for r in list_meetings(empty_ctx, date(2026, 1, 1), date(2026, 1, 31)) if r.panel == "South Panel"
    )
    assert {e.name for e in roster(empty_ctx, south.id).entries} == {"Jo Reid", "Sam Patel"}
    # Inviting again adds nobody new.
    assert invite_usual_members(empty_ctx, north_rows[0].id) == ()


def test_apologies_flip_quorum_with_the_reason(demo_ctx: ServiceContext) -> None:
    sitting = upcoming(demo_ctx)
    current = roster(demo_ctx, sitting.id)
    assert current.quorum is not None and current.quorum.overall.quorate
    chairs = [e for e in current.entries if {"chair", "vice_chair"} & set(e.roles)]
    assert chairs
    for e in chairs:
        set_attendance(demo_ctx, sitting.id, e.member_id, "apologies", note="Unwell")
    after = roster(demo_ctx, sitting.id)
    assert after.quorum is not None and not after.quorum.overall.quorate
    assert NO_CHAIR in after.quorum.overall.reasons
    assert {e.status for e in after.entries if e.member_id == chairs[0].member_id} == {"apologies"}
    row = next(r for r in list_meetings(demo_ctx, sitting.date, sitting.date) if r.id == sitting.id)
    assert row.quorum_badge == "Not quorate (reg 6)" and NO_CHAIR in row.reasons
    with pytest.raises(ValidationError, match="not an attendance status"):
        set_attendance(demo_ctx, sitting.id, chairs[0].member_id, "maybe")


def test_a_conflict_for_one_case_breaks_quorum_for_that_case_only(demo_ctx: ServiceContext) -> None:
    sitting = upcoming(demo_ctx)
    current = roster(demo_ctx, sitting.id)
    assert current.quorum is not None
    chairs = [e.member_id for e in current.entries if {"chair", "vice_chair"} & set(e.roles)]
    with demo_ctx.write(Permission.RECORD_OUTCOMES) as session:
        hearing = session.scalar(select(Hearing).where(Hearing.meeting_id == sitting.id).order_by(Hearing.id))
        assert hearing is not None
        for member_id in chairs:
            session.add(
                CaseDeclaration(hearing_id=hearing.id, member_id=member_id, description="Knows family")
            )
    row = next(r for r in list_meetings(demo_ctx, sitting.date, sitting.date) if r.id == sitting.id)
    assert row.quorate and len(row.cases_not_quorate) == 1
    assert row.quorum_badge == "Not quorate for some cases"
    case = roster(demo_ctx, sitting.id).quorum.cases[0]  # type: ignore[union-attr]
    assert not case.result.quorate and NO_CHAIR in case.result.reasons


def test_cover_is_the_right_role_active_dbs_in_date_and_free_that_day(demo_ctx: ServiceContext) -> None:
    sitting = upcoming(demo_ctx)
    current = roster(demo_ctx, sitting.id)
    for e in current.entries:
        if "social_worker" in e.roles:
            set_attendance(demo_ctx, sitting.id, e.member_id, "apologies")
    advice = suggest_cover(demo_ctx, sitting.id)
    assert "a social work member with 3 years' PQE" in advice.needs
    pqe_fillers = [s for s in advice.suggestions if "a social work member with 3 years' PQE" in s.fills]
    assert pqe_fillers and all("Social work member" in s.role_labels for s in pqe_fillers)
    on_roster = {e.member_id for e in current.entries}
    assert not on_roster & {s.member_id for s in advice.suggestions}
    chosen = pqe_fillers[0]
    # Out-of-date DBS, leave, or another sitting that day each rule the person out.
    with demo_ctx.write(Permission.EDIT_MEMBERS) as session:
        for check in session.scalars(select(DbsCheck).where(DbsCheck.member_id == chosen.member_id)):
            check.checked_on = sitting.date - timedelta(days=4 * 365)
    assert chosen.member_id not in {s.member_id for s in suggest_cover(demo_ctx, sitting.id).suggestions}
    assert len(pqe_fillers) > 1
    second = pqe_fillers[1]
    with demo_ctx.write(Permission.SCHEDULE_MEETINGS) as session:
        other = session.scalar(
            select(Meeting)
            .where(Meeting.date > sitting.date)
            .where(Meeting.panel_id != sitting.panel_id)
            .order_by(Meeting.date)
        )
        assert other is not None
        other.date = sitting.date
        if all(a.member_id != second.member_id for a in other.attendance):
            other.attendance.append(Attendance(member_id=second.member_id, status="invited"))
    assert second.member_id not in {s.member_id for s in suggest_cover(demo_ctx, sitting.id).suggestions}
    with pytest.raises(ValidationError, match="already sitting on another panel"):
        add_cover(demo_ctx, sitting.id, second.member_id)
    fresh = suggest_cover(demo_ctx, sitting.id).suggestions
    pick = next(s for s in fresh if "a social work member with 3 years' PQE" in s.fills)
    add_cover(demo_ctx, sitting.id, pick.member_id, note="Covering")
    after = roster(demo_ctx, sitting.id)
    covered = next(e for e in after.entries if e.member_id == pick.member_id)
    assert covered.is_cover and covered.status == "invited"
    assert after.quorum is not None
    assert not any("social work" in r for r in after.quorum.overall.reasons)


def test_roster_of_a_cancelled_sitting_is_read_only(demo_ctx: ServiceContext) -> None:
    sitting = upcoming(demo_ctx)
    member_id = roster(demo_ctx, sitting.id).entries[0].member_id
    cancel_meeting(demo_ctx, sitting.id, "No cases")
    assert roster(demo_ctx, sitting.id).quorum is None
    with pytest.raises(ValidationError, match="cancelled"):
        set_attendance(demo_ctx, sitting.id, member_id, "present")


def _on_the_day(ctx: ServiceContext, meeting_id: int, member_id: int) -> panel_day.AttendanceRow:
    return next(a for a in panel_day.day_sheet(ctx, meeting_id).attendance if a.member_id == member_id)


def test_one_attendance_vocabulary_and_one_permission_for_roster_and_panel_day(
    demo_ctx: ServiceContext,
) -> None:
    """The Calendar's roster and the panel day change attendance through the same function."""
    sitting = upcoming(demo_ctx)
    member_id = roster(demo_ctx, sitting.id).entries[0].member_id
    assert list(STATUS_LABELS.values()) == ["Invited", "Present", "Joined late", "Apologies", "Absent"]
    for status, words in STATUS_LABELS.items():
        set_attendance(demo_ctx, sitting.id, member_id, status)
        assert _on_the_day(demo_ctx, sitting.id, member_id).status_label == words
    chair = ServiceContext(demo_ctx.engine, CurrentUser("c", "Chair", UserRole.CHAIR))
    with pytest.raises(PermissionDenied, match="record outcomes"):
        set_attendance(chair, sitting.id, member_id, "present")


def test_the_roster_keeps_times_the_panel_day_recorded(demo_ctx: ServiceContext) -> None:
    sitting = upcoming(demo_ctx)
    member_id = roster(demo_ctx, sitting.id).entries[0].member_id
    quorum = set_attendance(demo_ctx, sitting.id, member_id, "late", joined_at=time(10, 15), left_at=time(12))
    assert quorum.meeting_id == sitting.id
    set_attendance(demo_ctx, sitting.id, member_id, "late", note="Train delayed")  # no times: the roster
    row = _on_the_day(demo_ctx, sitting.id, member_id)
    assert (row.joined_at, row.left_at, row.note) == (time(10, 15), time(12), "Train delayed")
    set_attendance(demo_ctx, sitting.id, member_id, "present", joined_at=None, left_at=None)  # the day
    row = _on_the_day(demo_ctx, sitting.id, member_id)
    assert (row.status, row.joined_at, row.left_at) == ("present", None, None)
    with pytest.raises(ValidationError, match="after the time they joined"):
        set_attendance(demo_ctx, sitting.id, member_id, "late", joined_at=time(11), left_at=time(10))
