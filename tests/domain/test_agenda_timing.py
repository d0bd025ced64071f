"""Agenda slot timing and paper lateness (pure rules)."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from panelapp.domain.agenda import (
    PaperState,
    case_slot_minutes,
    moved,
    paper_deadline,
    paper_problem,
    paper_state,
    sitting_end_time,
    time_slots,
)
from panelapp.domain.workdays import WorkingDayCalendar


def test_slots_follow_one_another_from_the_start() -> None:
    timing = time_slots(time(9, 30), [75, 60, 15, 45], sitting_end=time(15, 0))
    assert [(s.start, s.end) for s in timing.slots] == [
        (time(9, 30), time(10, 45)),
        (time(10, 45), time(11, 45)),
        (time(11, 45), time(12, 0)),
        (time(12, 0), time(12, 45)),
    ]
    assert timing.ends_at == time(12, 45)
    assert not timing.overruns and timing.warning == ""


def test_overrun_is_measured_and_explained() -> None:
    timing = time_slots(time(9, 30), [120, 120, 125], sitting_end=time(15, 0))
    assert timing.ends_at == time(15, 35)
    assert timing.overrun_minutes == 35
    assert "15:35" in timing.warning and "35 minutes past" in timing.warning and "15:00" in timing.warning


def test_ending_exactly_on_time_is_not_an_overrun() -> None:
    assert not time_slots(time(9, 30), [330], sitting_end=time(15, 0)).overruns


def test_negative_lengths_are_refused() -> None:
    with pytest.raises(ValueError):
        time_slots(time(9, 0), [30, -5])


@given(st.lists(st.integers(min_value=0, max_value=120), max_size=12))
def test_slots_are_contiguous_and_add_up(durations: list[int]) -> None:
    timing = time_slots(time(9, 0), durations, sitting_end=time(13, 0))
    for before, after in zip(timing.slots, timing.slots[1:], strict=False):
        assert before.end == after.start
    assert timing.total_minutes == sum(durations)
    assert timing.overrun_minutes == max(0, sum(durations) - 240)


def test_sitting_end_and_case_slot_length() -> None:
    assert sitting_end_time(time(9, 30), 330) == time(15, 0)
    assert case_slot_minutes(60, True, 15) == 75
    assert case_slot_minutes(60, False, 15) == 60


def test_moving_a_slot_keeps_every_other_in_order() -> None:
    assert moved(["a", "b", "c", "d"], 3, 0) == ["d", "a", "b", "c"]
    assert moved(["a", "b", "c", "d"], 0, 2) == ["b", "c", "a", "d"]
    assert moved(["a", "b"], 0, 99) == ["b", "a"]
    with pytest.raises(IndexError):
        moved(["a"], 3, 0)


def test_paper_deadline_counts_working_days_before_the_sitting() -> None:
    calendar = WorkingDayCalendar()
    # Tuesday 5 January 2027: 10 working days before skips Christmas and New Year bank holidays.
    assert paper_deadline(date(2027, 1, 5), 10, calendar) == date(2026, 12, 17)
    assert paper_deadline(date(2026, 12, 15), 10, calendar) == date(2026, 12, 1)


def test_paper_states() -> None:
    due = date(2026, 12, 1)
    assert paper_state(due, date(2026, 12, 1), date(2026, 12, 10)) is PaperState.ON_TIME
    assert paper_state(due, date(2026, 12, 2), date(2026, 12, 10)) is PaperState.LATE
    assert paper_state(due, None, date(2026, 12, 1)) is PaperState.AWAITED
    assert paper_state(due, None, date(2026, 12, 2)) is PaperState.MISSING
    assert paper_state(None, None, date(2026, 12, 2)) is PaperState.NOT_DUE


def test_paper_problem_lines_name_the_dates() -> None:
    assert paper_problem("PAR", date(2026, 12, 1), date(2026, 12, 3), date(2026, 12, 4)) == (
        "PAR arrived late on 03/12/2026 (due 01/12/2026)."
    )
    assert "has not been received" in paper_problem("CPR", date(2026, 12, 1), None, date(2026, 12, 4))
    assert paper_problem("APR", date(2026, 12, 1), date(2026, 11, 30), date(2026, 12, 4)) == ""
