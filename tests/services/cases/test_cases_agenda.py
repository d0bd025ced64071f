"""The agenda builder service: slots, times, reordering, chairs and concurrent edits."""

from __future__ import annotations

from datetime import time

import pytest

from panelapp.services import cases
from panelapp.services.cases import ChildData
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ConflictError, ValidationError
from tests.services.cases.support import TODAY, new_case, new_sitting


def _booked(ctx: ServiceContext, types: list[str]) -> int:
    meeting_id = new_sitting(ctx)
    for n, case_type in enumerate(types):
        children = (ChildData(f"C{chr(65 + n)}"),)
        case = new_case(ctx, f"AG-{n}", case_type, children=children)
        cases.book_case(ctx, case.id, meeting_id, today=TODAY)
    return meeting_id


def times(a: cases.Agenda) -> list[tuple[str, str, str]]:
    return [(s.title.split(":")[0], f"{s.start:%H:%M}", f"{s.end:%H:%M}") for s in a.slots]


def test_slots_break_reorder_and_times(demo_ctx: ServiceContext) -> None:
    meeting_id = _booked(demo_ctx, ["approval", "match", "review"])
    a = cases.get_agenda(demo_ctx, meeting_id, TODAY)
    # approval 60+15, match 60+15, review 30
    assert times(a) == [("AG-0", "09:30", "10:45"), ("AG-1", "10:45", "12:00"), ("AG-2", "12:00", "12:30")]
    a = cases.add_slot(demo_ctx, meeting_id, "break", a.version, at_index=1)
    assert times(a)[1] == ("Break", "10:45", "11:00")
    assert times(a)[2] == ("AG-1", "11:00", "12:15")
    a = cases.move_slot(demo_ctx, meeting_id, a.slots[3].item_id, 0, a.version)
    assert times(a) == [
        ("AG-2", "09:30", "10:00"),
        ("AG-0", "10:00", "11:15"),
        ("Break", "11:15", "11:30"),
        ("AG-1", "11:30", "12:45"),
    ]
    a = cases.reorder(demo_ctx, meeting_id, [s.item_id for s in reversed(a.slots)], a.version)
    assert [t[0] for t in times(a)] == ["AG-1", "Break", "AG-0", "AG-2"]
    assert a.ends_at == time(12, 45) and a.warning == ""


def test_panel_only_discussion_and_applicants_time(demo_ctx: ServiceContext) -> None:
    meeting_id = _booked(demo_ctx, ["approval"])
    a = cases.get_agenda(demo_ctx, meeting_id, TODAY)
    a = cases.add_slot(demo_ctx, meeting_id, "panel_only", a.version, at_index=0)
    assert a.slots[0].kind_label == "Panel only" and a.slots[0].minutes == 15
    case_slot = a.slots[1]
    a = cases.update_slot(demo_ctx, meeting_id, case_slot.item_id, a.version, applicants_attend=False)
    assert a.slots[1].minutes == 60 and not a.slots[1].applicants_attend
    assert f"{a.slots[1].end:%H:%M}" == "10:45"


def test_running_past_the_end_is_warned(demo_ctx: ServiceContext) -> None:
    meeting_id = _booked(demo_ctx, ["approval"] * 4)  # 4 x 75 = 300 minutes: fits 09:30-15:00
    a = cases.get_agenda(demo_ctx, meeting_id, TODAY)
    assert a.warning == ""
    a = cases.add_slot(demo_ctx, meeting_id, "break", a.version, minutes=45)
    assert a.overrun_minutes == 15 and "15:15" in a.warning


def test_chair_or_vice_chair_per_case(demo_ctx: ServiceContext) -> None:
    meeting_id = _booked(demo_ctx, ["approval", "match"])
    a = cases.get_agenda(demo_ctx, meeting_id, TODAY)
    vice = next(c for c in a.chair_options if c.role == "Vice chair")
    a = cases.update_slot(demo_ctx, meeting_id, a.slots[1].item_id, a.version, chair_member_id=vice.member_id)
    assert a.slots[1].chair_name == vice.name
    not_a_chair = 999_999
    with pytest.raises(ValidationError, match="chair or a vice chair"):
        cases.update_slot(demo_ctx, meeting_id, a.slots[0].item_id, a.version, chair_member_id=not_a_chair)


def test_an_edit_from_a_stale_agenda_is_refused(demo_ctx: ServiceContext) -> None:
    meeting_id = _booked(demo_ctx, ["approval", "review"])
    mine = cases.get_agenda(demo_ctx, meeting_id, TODAY)
    cases.add_slot(demo_ctx, meeting_id, "break", mine.version)  # someone else, first
    with pytest.raises(ConflictError, match="agenda was changed by"):
        cases.move_slot(demo_ctx, meeting_id, mine.slots[1].item_id, 0, mine.version)
    # booking a case also changes the agenda
    fresh = cases.get_agenda(demo_ctx, meeting_id, TODAY)
    cases.book_case(demo_ctx, new_case(demo_ctx, "LATER-1").id, meeting_id, today=TODAY)
    with pytest.raises(ConflictError):
        cases.add_slot(demo_ctx, meeting_id, "break", fresh.version)


def test_cases_leave_the_agenda_only_by_unbooking(demo_ctx: ServiceContext) -> None:
    meeting_id = _booked(demo_ctx, ["approval"])
    a = cases.get_agenda(demo_ctx, meeting_id, TODAY)
    with pytest.raises(ValidationError, match="unbook"):
        cases.remove_slot(demo_ctx, meeting_id, a.slots[0].item_id, a.version)
    a = cases.add_slot(demo_ctx, meeting_id, "other", a.version, title="Panel business")
    a = cases.remove_slot(demo_ctx, meeting_id, a.slots[1].item_id, a.version)
    assert len(a.slots) == 1


def test_slot_lengths_are_checked(demo_ctx: ServiceContext) -> None:
    meeting_id = _booked(demo_ctx, ["approval"])
    a = cases.get_agenda(demo_ctx, meeting_id, TODAY)
    with pytest.raises(ValidationError, match="between 1 minute and 8 hours"):
        cases.update_slot(demo_ctx, meeting_id, a.slots[0].item_id, a.version, minutes=0)
