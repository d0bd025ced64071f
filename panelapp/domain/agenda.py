"""Agenda timing and paper lateness: pure rules shared by the agenda builder, booking and exports.

Slot timing: from the sitting's start time and the ordered slots' lengths, each slot's
expected start and end, and how far the agenda runs past the sitting's end.

Papers: each paper is due a number of working days before the sitting (agency policy,
default 10) and circulated to members a number of working days before (default 5). A
paper received after its deadline is late; one not received once the deadline has passed
is missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import TypeVar

from panelapp.domain.periods import uk_date
from panelapp.domain.workdays import WorkingDayCalendar

T = TypeVar("T")

_ANCHOR = date(2000, 1, 3)  # any date: slot arithmetic is done on datetimes, shown as times


@dataclass(frozen=True)
class TimedSlot:
    index: int
    start: time
    end: time
    minutes: int


@dataclass(frozen=True)
class AgendaTiming:
    slots: tuple[TimedSlot, ...]
    starts_at: time
    ends_at: time
    sitting_end: time | None
    total_minutes: int
    overrun_minutes: int  # 0 when the agenda fits

    @property
    def overruns(self) -> bool:
        return self.overrun_minutes > 0

    @property
    def warning(self) -> str:
        """What to tell the administrator, or "" when the agenda fits the sitting."""
        if not self.overruns or self.sitting_end is None:
            return ""
        return (
            f"The agenda runs to {self.ends_at:%H:%M}, {_minutes_text(self.overrun_minutes)} past "
            f"the sitting's end at {self.sitting_end:%H:%M}. Shorten slots or move a case to another sitting."
        )


def _minutes_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def time_slots(start: time, durations: Sequence[int], sitting_end: time | None = None) -> AgendaTiming:
    """Expected start and end of every slot, one after the other from ``start``.

    Durations are minutes (negative ones are refused). ``sitting_end`` is when the
    sitting is due to finish; the agenda overruns when its last slot ends later.
    """
    if any(d < 0 for d in durations):
        raise ValueError("A slot cannot last less than 0 minutes.")
    clock = datetime.combine(_ANCHOR, start)
    slots = []
    for index, minutes in enumerate(durations):
        end = clock + timedelta(minutes=minutes)
        slots.append(TimedSlot(index, clock.time(), end.time(), minutes))
        clock = end
    total = sum(durations)
    overrun = 0
    if sitting_end is not None:
        due_end = datetime.combine(_ANCHOR, sitting_end)
        overrun = max(0, int((clock - due_end).total_seconds() // 60))
    return AgendaTiming(tuple(slots), start, clock.time(), sitting_end, total, overrun)


def sitting_end_time(start: time, duration_minutes: int) -> time:
    """When a sitting starting at ``start`` for ``duration_minutes`` is due to finish."""
    return (datetime.combine(_ANCHOR, start) + timedelta(minutes=duration_minutes)).time()


def case_slot_minutes(base_minutes: int, applicants_attend: bool, applicants_extra_minutes: int) -> int:
    """The default length of a case's slot: the case type's length, plus time for applicants."""
    return base_minutes + (applicants_extra_minutes if applicants_attend else 0)


def moved(items: Sequence[T], from_index: int, to_index: int) -> list[T]:
    """``items`` with the one at ``from_index`` moved to ``to_index`` (clamped to the ends)."""
    if not 0 <= from_index < len(items):
        raise IndexError(f"No slot at position {from_index + 1}.")
    result = list(items)
    item = result.pop(from_index)
    result.insert(max(0, min(to_index, len(result))), item)
    return result


# -- papers ------------------------------------------------------------------


class PaperState(StrEnum):
    ON_TIME = "on_time"  # received by its deadline
    LATE = "late"  # received after its deadline
    AWAITED = "awaited"  # not received, deadline not yet passed
    MISSING = "missing"  # not received and the deadline has passed
    NOT_DUE = "not_due"  # no sitting booked, so no deadline yet

    @property
    def label(self) -> str:
        return {
            "on_time": "Received",
            "late": "Received late",
            "awaited": "Awaited",
            "missing": "Missing",
            "not_due": "No deadline yet",
        }[self.value]


def paper_deadline(sitting: date, working_days_before: int, calendar: WorkingDayCalendar) -> date:
    """The date papers are due: ``working_days_before`` working days before the sitting."""
    return calendar.add_working_days(sitting, -working_days_before)


def circulation_deadline(sitting: date, working_days_before: int, calendar: WorkingDayCalendar) -> date:
    """The date papers go to members: ``working_days_before`` working days before the sitting."""
    return calendar.add_working_days(sitting, -working_days_before)


def paper_state(due_on: date | None, received_on: date | None, today: date) -> PaperState:
    if received_on is not None:
        if due_on is not None and received_on > due_on:
            return PaperState.LATE
        return PaperState.ON_TIME
    if due_on is None:
        return PaperState.NOT_DUE
    return PaperState.MISSING if today > due_on else PaperState.AWAITED


def paper_problem(paper_label: str, due_on: date | None, received_on: date | None, today: date) -> str:
    """One line about a late or missing paper, or "" when there is nothing to say."""
    state = paper_state(due_on, received_on, today)
    if state is PaperState.LATE and due_on is not None and received_on is not None:
        return f"{paper_label} arrived late on {uk_date(received_on)} (due {uk_date(due_on)})."
    if state is PaperState.MISSING and due_on is not None:
        return f"{paper_label} has not been received (it was due {uk_date(due_on)})."
    return ""
