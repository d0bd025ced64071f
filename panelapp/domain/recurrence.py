"""Panel rhythms written in plain words, and the sittings they produce.

An administrator types a rule such as "monthly 1st Monday" or "fortnightly
Thursday from 2024-01-04"; ``parse_rule`` turns it into a ``Rule`` and
``plan_sittings`` lays the sittings over the working-day calendar, moving or
cancelling those that fall on a non-working day.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from dataclasses import dataclass, field
from typing import Literal

from panelapp.domain.periods import parse_user_date, uk_date
from panelapp.domain.vocab import NonWorkingDayPolicy
from panelapp.domain.workdays import WEEKDAY_NAMES, WorkingDayCalendar

Frequency = Literal["weekly", "fortnightly", "monthly"]
FREQUENCIES: tuple[Frequency, ...] = ("weekly", "fortnightly", "monthly")
_FREQUENCY_WORDS: dict[str, Frequency] = {f: f for f in FREQUENCIES}
LAST = -1  # ``Rule.nth`` for "last <weekday> of the month"

_ORDINAL_TEXT = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", LAST: "last"}
_ORDINALS = {
    **{text: n for n, text in _ORDINAL_TEXT.items()},
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
}
_ORDINAL_HINT = "use 1st, 2nd, 3rd, 4th or last"

# Full names, plurals ("Tuesdays") and the usual short forms.
_WEEKDAYS: dict[str, int] = {}
for _i, _name in enumerate(WEEKDAY_NAMES):
    _WEEKDAYS.update({_name.lower(): _i, _name.lower() + "s": _i, _name[:3].lower(): _i})
_WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})

_EXAMPLE = '"weekly Tuesday", "fortnightly Thursday from 2024-01-04" or "monthly 1st Monday"'


class RuleError(ValueError):
    """A rule the app cannot read; the message is meant for the administrator."""


@dataclass(frozen=True)
class Rule:
    """A panel rhythm. Build it with ``parse_rule``; ``text`` is its canonical form.

    ``weekday`` is 0 for Monday as in ``date.weekday()``; ``nth`` (monthly
    only) is 1 to 4 or ``LAST``; ``start`` is the "from" date: the first
    sitting of a fortnightly rule, a lower bound for the others.
    """

    frequency: Frequency
    weekday: int
    nth: int | None = None
    start: dt.date | None = None
    text: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        if self.frequency not in FREQUENCIES:
            raise RuleError(f'"{self.frequency}" is not a frequency: use weekly, fortnightly or monthly')
        if not 0 <= self.weekday <= 6:
            raise RuleError(f"Weekday must be 0 (Monday) to 6 (Sunday), not {self.weekday}")
        if self.frequency == "monthly":
            if self.nth not in _ORDINAL_TEXT:
                raise RuleError(f"A monthly rule needs which week of the month: {_ORDINAL_HINT}")
        elif self.nth is not None:
            raise RuleError(f"Only monthly rules have a week of the month, not {self.frequency} ones")
        if self.frequency == "fortnightly":
            if self.start is None:
                raise RuleError(
                    f"A fortnightly rule needs a start date, e.g. "
                    f'"fortnightly {self.day_name} from YYYY-MM-DD" (a {self.day_name})'
                )
            if self.start.weekday() != self.weekday:
                raise RuleError(
                    f"{uk_date(self.start)} is a {WEEKDAY_NAMES[self.start.weekday()]}, not a {self.day_name}"
                )
        object.__setattr__(self, "text", self._canonical())

    @property
    def day_name(self) -> str:
        return WEEKDAY_NAMES[self.weekday]

    def _canonical(self) -> str:
        words: list[str] = [self.frequency]
        if self.nth is not None:
            words.append(_ORDINAL_TEXT[self.nth])
        words.append(self.day_name)
        if self.start is not None:
            words += ["from", self.start.isoformat()]
        return " ".join(words)

    def describe(self) -> str:
        """e.g. "Every month on the 1st Monday" or "Every other Thursday, from 04/01/2024"."""
        if self.frequency == "weekly":
            words = f"Every {self.day_name}"
        elif self.frequency == "fortnightly":
            words = f"Every other {self.day_name}"
        else:
            assert self.nth is not None
            words = f"Every month on the {_ORDINAL_TEXT[self.nth]} {self.day_name}"
        if self.start is not None:
            words += f", from {uk_date(self.start)}"
        return words

    def matches(self, d: dt.date) -> bool:
        """Whether ``d`` is one of this rule's dates."""
        return self.first_on_or_after(d) == d

    def first_on_or_after(self, d: dt.date) -> dt.date:
        """The rule's first date on or after ``d`` (there always is one)."""
        lo = d if self.start is None else max(d, self.start)
        if self.frequency == "monthly":
            hit = self._in_month(lo.year, lo.month)
            if hit >= lo:
                return hit
            year, month = (lo.year + 1, 1) if lo.month == 12 else (lo.year, lo.month + 1)
            return self._in_month(year, month)
        if self.frequency == "fortnightly":
            assert self.start is not None
            return lo + dt.timedelta(days=-(lo - self.start).days % 14)
        return lo + dt.timedelta(days=(self.weekday - lo.weekday()) % 7)

    def next_after(self, d: dt.date) -> dt.date:
        """The rule's first date strictly after ``d``."""
        return self.first_on_or_after(d + dt.timedelta(days=1))

    def occurrences(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """The rule's dates from ``start`` to ``end`` inclusive, in order."""
        out: list[dt.date] = []
        if end < start:
            return out
        d = self.first_on_or_after(start)
        if self.frequency == "monthly":
            while d <= end:
                out.append(d)
                d = self.next_after(d)
            return out
        step = dt.timedelta(days=7 if self.frequency == "weekly" else 14)
        while d <= end:
            out.append(d)
            d += step
        return out

    def _in_month(self, year: int, month: int) -> dt.date:
        assert self.nth is not None
        first_weekday, days = monthrange(year, month)
        first_hit = 1 + (self.weekday - first_weekday) % 7
        if self.nth == LAST:
            return dt.date(year, month, first_hit + 7 * ((days - first_hit) // 7))
        return dt.date(year, month, first_hit + 7 * (self.nth - 1))


def parse_rule(text: str) -> Rule:
    """Read a rule such as "monthly last Friday"; raises RuleError when it cannot."""
    shown = " ".join(text.split())
    raw = shown.replace(",", " ").split()  # as typed, for quoting back in messages
    words = [w.lower() for w in raw]

    def fail(why: str) -> RuleError:
        return RuleError(f'Could not understand "{shown}": {why}')

    if not words:
        raise RuleError(f"Please enter a rule, e.g. {_EXAMPLE}")
    frequency = _FREQUENCY_WORDS.get(words[0])
    if frequency is None:
        raise fail(f"start with weekly, fortnightly or monthly, e.g. {_EXAMPLE}")
    pos = 1

    nth: int | None = None
    if frequency == "monthly":
        if pos == len(words):
            raise fail('say which day of the month, e.g. "monthly 1st Monday"')
        if words[pos] in _WEEKDAYS:
            day = WEEKDAY_NAMES[_WEEKDAYS[words[pos]]]
            raise fail(f'say which {day} of the month, e.g. "monthly 1st {day}": {_ORDINAL_HINT}')
        if words[pos] not in _ORDINALS:
            raise fail(_ORDINAL_HINT)
        nth = _ORDINALS[words[pos]]
        pos += 1

    if pos == len(words):
        example = "monthly 1st Monday" if frequency == "monthly" else f"{frequency} Tuesday"
        raise fail(f'say which day of the week, e.g. "{example}"')
    if words[pos] not in _WEEKDAYS:
        raise fail(f'"{raw[pos]}" is not a day of the week')
    weekday = _WEEKDAYS[words[pos]]
    pos += 1

    start: dt.date | None = None
    if pos < len(words):
        if words[pos] != "from":
            raise fail(f'did not expect "{raw[pos]}"; a start date is written "from YYYY-MM-DD"')
        if len(words) != pos + 2:
            raise fail('write the start date as "from YYYY-MM-DD"')
        try:
            start = parse_user_date(raw[pos + 1])
        except ValueError as exc:
            raise fail(str(exc)) from None

    try:
        return Rule(frequency, weekday, nth, start)
    except RuleError as exc:
        raise fail(_lower_first(str(exc))) from None


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:]


@dataclass(frozen=True)
class PlannedSitting:
    """One sitting produced by a rule: ``rule_date`` is where the rule put it."""

    rule_date: dt.date
    date: dt.date
    cancelled: bool = False
    reason: str | None = None

    @property
    def moved(self) -> bool:
        return self.date != self.rule_date


def plan_sittings(
    rule: Rule,
    start: dt.date,
    end: dt.date,
    calendar: WorkingDayCalendar,
    policy: NonWorkingDayPolicy | str,
) -> list[PlannedSitting]:
    """The sittings of ``rule`` whose rule date is in [start, end], in order.

    A rule date on a non-working day is cancelled, or moved to the next working
    day, per ``policy``. A move never reaches the rule's next date (which may
    lie after ``end``): such a sitting is cancelled instead, so the plan has no
    two sittings on one day and stays in order. A moved sitting may itself land
    after ``end``.
    """
    policy = NonWorkingDayPolicy(policy)
    plan: list[PlannedSitting] = []
    for day in rule.occurrences(start, end):
        why = calendar.non_working_reason(day)
        if why is None:
            plan.append(PlannedSitting(day, day))
            continue
        not_working = f"{uk_date(day)} is not a working day ({why})"
        if policy == NonWorkingDayPolicy.CANCEL:
            plan.append(PlannedSitting(day, day, True, f"cancelled: {not_working}"))
            continue
        moved_to = calendar.next_working_day_on_or_after(day)
        following = rule.next_after(day)
        if moved_to >= following:
            plan.append(
                PlannedSitting(
                    day,
                    day,
                    True,
                    f"cancelled: {not_working} and the next working day, {uk_date(moved_to)}, "
                    f"is not before the next sitting on {uk_date(following)}",
                )
            )
        else:
            plan.append(PlannedSitting(day, moved_to, False, f"moved from {uk_date(day)}: {why}"))
    return plan
