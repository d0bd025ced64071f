"""Attendance per member and membership statistics for a period."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from db.models import Attendance, Meeting
from panelapp.services.context import ServiceContext
from panelapp.services.members import attendance_stats, independent_sittings, list_members, membership_stats
from tests.conftest import DEMO_UNTIL

START, END = date(2026, 4, 1), date(2026, 9, 30)


def test_attendance_counts_match_the_register_and_exclude_cancelled_sittings(
    demo_ctx: ServiceContext,
) -> None:
    stats = attendance_stats(demo_ctx, START, END, today=DEMO_UNTIL)
    with demo_ctx.read() as session:
        expected = session.scalar(
            select(func.count(Attendance.id))
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .where(Meeting.status != "cancelled", Meeting.date.between(START, END))
        )
    assert sum(s.invited for s in stats) == expected
    for s in stats:
        assert s.sat + s.apologies <= s.invited
        assert s.percent == round(100 * s.sat / s.invited, 1)
    paid = independent_sittings(demo_ctx, START, END, today=DEMO_UNTIL)
    assert paid and all(p.independent for p in paid) and len(paid) < len(stats)


def test_membership_statistics_suppress_small_categories(demo_ctx: ServiceContext) -> None:
    stats = membership_stats(demo_ctx, date(2025, 4, 1), date(2025, 9, 30))
    assert [c.name for c in stats.leavers] == [
        r.name for r in list_members(demo_ctx, DEMO_UNTIL) if r.status == "left"
    ]
    by_role = {line.category: line.count for line in stats.by_role}
    assert by_role["Independent chair"] == 4 and by_role["Social work member"] == 8
    shown = [line.shown for lines in stats.diversity.values() for line in lines]
    for lines in stats.diversity.values():
        for line in lines:
            assert line.shown == ("fewer than 5" if line.count < 5 else str(line.count))
    assert "fewer than 5" in shown
    assert sum(line.count for line in stats.diversity["gender"]) == 33
