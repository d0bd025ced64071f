"""Members fit to sit (issue 16): the roster and attendance say why in words; the agency's
FITNESS_RULE warns or blocks; DBS certificate numbers and the DBS Update Service are checked.
Every refusal writes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from db.models import Agency, Attendance, AuditEntry, DbsCheck, Meeting, Member
from panelapp.domain.permissions import Permission
from panelapp.services import panel_day
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from panelapp.services.members import (
    get_member,
    member_fitness,
    record_dbs_check,
    record_update_service,
    save_member,
)
from panelapp.services.sittings import (
    add_cover,
    generate_meetings,
    invite_usual_members,
    list_meetings,
    roster,
    set_attendance,
    suggest_cover,
)
from tests.conftest import DEMO_UNTIL

TODAY = DEMO_UNTIL
LAPSED = "DBS lapsed 01/03/2024"  # the demo's member whose DBS was checked on 01/03/2021


def _lapsed_member(ctx: ServiceContext) -> int:
    with ctx.read() as session:
        found = session.scalar(
            select(DbsCheck.member_id).where(DbsCheck.checked_on == date(2021, 3, 1)).order_by(DbsCheck.id)
        )
    assert found is not None
    return found


def _block(ctx: ServiceContext) -> None:
    with ctx.write(Permission.EDIT_SETTINGS) as session:
        agency = session.scalar(select(Agency))
        assert agency is not None
        agency.fitness_rule = "block"


def _writes(ctx: ServiceContext) -> tuple[int, int]:
    with ctx.read() as session:
        audit = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
        rows = session.scalar(select(func.count()).select_from(Attendance)) or 0
    return audit, rows


def _sitting_with(ctx: ServiceContext, member_id: int) -> int:
    """The next sitting with this member on its roster."""
    for row in list_meetings(ctx, TODAY, TODAY + timedelta(days=90)):
        if row.status == "scheduled" and member_id in {e.member_id for e in roster(ctx, row.id).entries}:
            return row.id
    raise AssertionError("the demo member is on no coming sitting")


def _sitting_without(ctx: ServiceContext, member_id: int) -> int:
    for row in list_meetings(ctx, TODAY, TODAY + timedelta(days=90)):
        if row.status == "scheduled" and member_id not in {e.member_id for e in roster(ctx, row.id).entries}:
            return row.id
    raise AssertionError("no coming sitting without the member")


def test_the_roster_and_attendance_say_why_a_member_is_not_fit(demo_ctx: ServiceContext) -> None:
    member_id = _lapsed_member(demo_ctx)
    meeting_id = _sitting_with(demo_ctx, member_id)
    entry = next(e for e in roster(demo_ctx, meeting_id).entries if e.member_id == member_id)
    assert entry.fitness == LAPSED
    others = [e for e in roster(demo_ctx, meeting_id).entries if e.member_id != member_id]
    assert all(e.fitness == "" for e in others)
    row = next(a for a in panel_day.day_sheet(demo_ctx, meeting_id).attendance if a.member_id == member_id)
    assert row.fitness == LAPSED


def test_warn_lets_an_unfit_member_sit(demo_ctx: ServiceContext) -> None:
    member_id = _lapsed_member(demo_ctx)
    meeting_id = _sitting_with(demo_ctx, member_id)
    set_attendance(demo_ctx, meeting_id, member_id, "present")
    entry = next(e for e in roster(demo_ctx, meeting_id).entries if e.member_id == member_id)
    assert entry.status == "present" and entry.fitness == LAPSED


def test_block_refuses_marking_an_unfit_member_present_and_writes_nothing(demo_ctx: ServiceContext) -> None:
    member_id = _lapsed_member(demo_ctx)
    meeting_id = _sitting_with(demo_ctx, member_id)
    set_attendance(demo_ctx, meeting_id, member_id, "apologies")
    _block(demo_ctx)
    before = _writes(demo_ctx)
    with pytest.raises(
        ValidationError, match=f"cannot be marked as sitting .*: {LAPSED}\\. .*Nothing was saved"
    ):
        set_attendance(demo_ctx, meeting_id, member_id, "present")
    assert _writes(demo_ctx) == before
    entry = next(e for e in roster(demo_ctx, meeting_id).entries if e.member_id == member_id)
    assert entry.status == "apologies"
    set_attendance(demo_ctx, meeting_id, member_id, "absent")  # not sitting: always allowed


def test_block_refuses_inviting_an_unfit_member_as_cover_and_writes_nothing(demo_ctx: ServiceContext) -> None:
    member_id = _lapsed_member(demo_ctx)
    meeting_id = _sitting_without(demo_ctx, member_id)
    _block(demo_ctx)
    before = _writes(demo_ctx)
    with pytest.raises(ValidationError, match=f"cannot be invited for .*: {LAPSED}"):
        add_cover(demo_ctx, meeting_id, member_id)
    assert _writes(demo_ctx) == before
    assert member_id not in {s.member_id for s in suggest_cover(demo_ctx, meeting_id).suggestions}


def test_block_leaves_unfit_members_off_when_inviting_the_usual_members(demo_ctx: ServiceContext) -> None:
    member_id = _lapsed_member(demo_ctx)
    meeting_id = _sitting_with(demo_ctx, member_id)
    with demo_ctx.write(Permission.SCHEDULE_MEETINGS) as session:
        for row in session.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id)):
            session.delete(row)
    _block(demo_ctx)
    invite_usual_members(demo_ctx, meeting_id)
    invited = {e.member_id for e in roster(demo_ctx, meeting_id).entries}
    assert invited and member_id not in invited


def test_a_dbs_certificate_number_must_be_12_digits_and_nothing_is_written(demo_ctx: ServiceContext) -> None:
    member_id = _lapsed_member(demo_ctx)
    before = _writes(demo_ctx)
    with pytest.raises(ValidationError) as refused:
        record_dbs_check(demo_ctx, member_id, date(2026, 11, 1), "12", today=TODAY)
    assert refused.value.field_errors == {
        "reference": "A DBS certificate number is 12 digits; this one has 2."
    }
    assert _writes(demo_ctx) == before
    assert len(get_member(demo_ctx, member_id, TODAY).dbs_checks) == 1
    record_dbs_check(demo_ctx, member_id, date(2026, 11, 1), "0012 9999 9999", today=TODAY)
    assert get_member(demo_ctx, member_id, TODAY).dbs_checks[0].reference == "001299999999"
    assert member_fitness(demo_ctx, [member_id], TODAY)[member_id].fit


def test_a_recent_update_service_check_makes_the_member_fit(demo_ctx: ServiceContext) -> None:
    member_id = _lapsed_member(demo_ctx)
    before = _writes(demo_ctx)
    with pytest.raises(ValidationError) as refused:
        record_update_service(demo_ctx, member_id, "C-12", date(2026, 11, 2), today=TODAY)
    assert "subscription_id" in refused.value.field_errors
    with pytest.raises(ValidationError) as refused:
        record_update_service(demo_ctx, member_id, "C0A1B2C3D4", None, today=TODAY)
    assert "update_checked_on" in refused.value.field_errors
    assert _writes(demo_ctx) == before
    record_update_service(demo_ctx, member_id, "c0a1 b2c3d4", date(2026, 11, 2), today=TODAY)
    detail = get_member(demo_ctx, member_id, TODAY)
    assert (detail.dbs_update_service_id, detail.dbs_update_checked_on) == ("C0A1B2C3D4", date(2026, 11, 2))
    assert member_fitness(demo_ctx, [member_id], TODAY)[member_id].fit
    # more than a year after that status check, the old certificate has lapsed again
    later = member_fitness(demo_ctx, [member_id], date(2027, 11, 3))[member_id]
    assert later.reasons[0] == "DBS lapsed 02/11/2027 (Update Service last checked 02/11/2026)"


def test_relevant_experience_from_is_saved_and_checked(demo_ctx: ServiceContext) -> None:
    with demo_ctx.read() as session:
        member = session.scalar(select(Member).where(Member.qualified_on.is_not(None)).order_by(Member.id))
        assert member is not None
        member_id, qualified = member.id, member.qualified_on
    assert qualified is not None
    detail = get_member(demo_ctx, member_id, TODAY)
    too_early = replace(detail.details, relevant_experience_from=qualified - timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        save_member(demo_ctx, member_id, too_early, detail.version, TODAY)
    assert "relevant_experience_from" in refused.value.field_errors
    corrected = detail.details.__class__(
        **{**detail.details.__dict__, "relevant_experience_from": date(2024, 1, 1)}
    )
    save_member(demo_ctx, member_id, corrected, detail.version, TODAY)
    assert get_member(demo_ctx, member_id, TODAY).details.relevant_experience_from == date(2024, 1, 1)


@pytest.mark.parametrize("rule", ["warn", "block"])
def test_generated_sittings_invite_an_unfit_member_only_when_the_agency_warns(
    demo_ctx: ServiceContext, rule: str
) -> None:
    """Generating sittings invites the usual members as "Invite usual members" does: under
    "block" a member not fit to sit on the day is left off (AAR 2005 reg 3; guidance ch 1)."""
    member_id = _lapsed_member(demo_ctx)
    if rule == "block":
        _block(demo_ctx)
    start, end = TODAY + timedelta(days=1), TODAY + timedelta(days=42)
    with demo_ctx.write(Permission.SCHEDULE_MEETINGS) as session:  # made again below, from scratch
        for meeting in session.scalars(select(Meeting).where(Meeting.date.between(start, end))):
            session.delete(meeting)
    generate_meetings(demo_ctx, start, end)
    new = [m.id for m in list_meetings(demo_ctx, start, end)]
    invited = {e.member_id for meeting_id in new for e in roster(demo_ctx, meeting_id).entries}
    assert new and invited
    assert (member_id in invited) is (rule == "warn")
