"""Shared set-up for the panel day tests: a scheduled (not yet held) demo sitting."""

from __future__ import annotations

from panelapp import clock
from panelapp.services import panel_day, sittings
from panelapp.services.context import ServiceContext
from panelapp.services.panel_day import DaySheet


def walkthrough_sitting(ctx: ServiceContext) -> DaySheet:
    """The first scheduled demo sitting with three or more cases, one of them a capped PAR."""
    for choice in panel_day.list_sittings(ctx):
        if choice.status != "scheduled" or choice.cases < 3:
            continue
        sheet = panel_day.day_sheet(ctx, choice.meeting_id)
        if any(p.offer.capped for c in sheet.cases for p in c.papers):
            return sheet
    raise AssertionError("the demo data has no scheduled sitting with a capped PAR")


def mark_everyone_present(ctx: ServiceContext, sheet: DaySheet) -> None:
    for row in sheet.attendance:
        sittings.set_attendance(ctx, sheet.meeting_id, row.member_id, "present")


def apologies_down_to_bare_quorum(ctx: ServiceContext, sheet: DaySheet) -> list[int]:
    """Mark apologies (through the service) while the sitting stays quorate, down to 5 members.

    Returns the member ids still sitting: with nobody to spare, any one of them leaving a
    case makes that case inquorate.
    """
    sitting = [a.member_id for a in sheet.attendance if a.is_member]
    for member_id in reversed(sitting[1:]):  # the chair comes first: keep them
        if len(sitting) <= 5:
            break
        summary = sittings.set_attendance(ctx, sheet.meeting_id, member_id, "apologies")
        if summary.overall.quorate:
            sitting.remove(member_id)
        else:
            sittings.set_attendance(ctx, sheet.meeting_id, member_id, "present")
    return sitting


def on_the_day(ctx: ServiceContext, sheet: DaySheet) -> DaySheet:
    """The sitting on its own day, everyone marked present: its business may be recorded.

    Outcomes are recorded only for a sitting on or before today (issue 16), so a test that
    records at a scheduled demo sitting moves today to the sitting's date first.
    """
    clock.set_today(sheet.date)
    mark_everyone_present(ctx, sheet)
    return panel_day.day_sheet(ctx, sheet.meeting_id)
