"""Minutes state quorum as it was at each case (issue 20; AAR 2005 reg 6: a panel is quorate for
the business it transacts while enough members are there): a member who joined at 10:00 is not
counted for a case that started at 09:30, is listed once as present from 10:00, and a failed rule
is said once in its own words."""

from __future__ import annotations

from datetime import time

from panelapp.services import panel_day, sittings
from panelapp.services.context import ServiceContext
from panelapp.services.panel_day import DaySheet, case_text, opening_text
from tests.services.panel_day.support import (
    apologies_down_to_bare_quorum,
    on_the_day,
    walkthrough_sitting,
)


def _late_member(sheet: DaySheet) -> tuple[int, str]:
    """A member (not the chair) to mark as joining late."""
    row = [a for a in sheet.attendance if a.is_member][-1]
    return row.member_id, row.name


def test_a_member_who_joined_at_ten_is_not_counted_for_the_first_case_and_listed_once(
    demo_ctx: ServiceContext,
) -> None:
    """AAR 2005 reg 6: quorum for a case counts those there for it; "quorate with 9 at the
    start" was wrong when one of the nine joined at 10:00."""
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    everyone = sheet.overall.members_counted
    member_id, name = _late_member(sheet)
    sittings.set_attendance(demo_ctx, sheet.meeting_id, member_id, "late", joined_at=time(10, 0))
    sheet = panel_day.day_sheet(demo_ctx, sheet.meeting_id)
    first = sheet.cases[0]
    assert first.not_yet_joined == (name,)

    opening = opening_text(sheet)
    assert opening.count(name) == 1 and f"{name} (" in opening and "present from 10:00)" in opening
    assert "Joined late" not in opening
    assert f"quorate with {everyone} members" not in opening and "at the start" not in opening
    assert "stated for each case below" in opening

    text = case_text(first)
    counted = first.quorum.members_counted
    assert counted == everyone - 1
    assert f"Quorum for this case: quorate with {counted} members" in text
    assert f"({name} had not yet joined)" in text
    later = [c for c in sheet.cases if not c.not_yet_joined]
    assert later, "a case after 10:00 counts her"
    assert f"quorate with {everyone} members" in case_text(later[-1]) and name not in case_text(later[-1])


def test_a_case_short_of_quorum_says_so_once_in_the_regulations_words(demo_ctx: ServiceContext) -> None:
    """AAR 2005 reg 6: "Not quorate under regulation 6: …" stands alone, no "NOT QUORATE." before it."""
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    sitting = apologies_down_to_bare_quorum(demo_ctx, sheet)
    late = sitting[-1]
    sittings.set_attendance(demo_ctx, sheet.meeting_id, late, "late", joined_at=time(10, 0))
    sheet = panel_day.day_sheet(demo_ctx, sheet.meeting_id)
    first = sheet.cases[0]
    assert not first.quorum.quorate and first.quorum.statutory_reasons
    text = case_text(first)
    assert "NOT QUORATE" not in text
    line = next(x for x in text.splitlines() if x.startswith("Quorum for this case"))
    assert line.count("Not quorate under regulation 6") == 1  # once, however many reasons
    for reason in first.quorum.statutory_reasons:  # each reason, under that one heading
        assert reason.removeprefix("Not quorate under regulation 6: ").rstrip(".") in line
    assert "had not yet joined" in line


def test_a_member_who_left_is_listed_once_and_not_counted_after(demo_ctx: ServiceContext) -> None:
    """AAR 2005 reg 6: a member who left before a case ended is not counted for it."""
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    member_id, name = _late_member(sheet)
    sittings.set_attendance(demo_ctx, sheet.meeting_id, member_id, "present", left_at=time(10, 0))
    sheet = panel_day.day_sheet(demo_ctx, sheet.meeting_id)
    opening = opening_text(sheet)
    assert opening.count(name) == 1 and "left at 10:00)" in opening
    assert "Left before the end" not in opening
    gone = [c for c in sheet.cases if c.already_left]
    assert gone and f"({name} had left)" in case_text(gone[-1])


def test_with_everyone_there_all_day_the_opening_states_quorum_at_the_start(demo_ctx: ServiceContext) -> None:
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    opening = opening_text(sheet)
    assert f"Quorum at the start: quorate with {sheet.overall.members_counted} members" in opening
