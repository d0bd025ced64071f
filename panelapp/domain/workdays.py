"""Working-day arithmetic for England: paper deadlines and the statutory clocks.

Two calendars, one class:

- The **agency's** calendar (``WorkingDayCalendar(closure_days)``): Monday to Friday, not
  an English bank holiday and not one of the agency's own closure days. It moves sittings
  and paper deadlines (agency practice).
- The **statutory** calendar (``WorkingDayCalendar.statutory()``): a "working day" as the
  Adoption Agencies Regulations 2005 reg 2(1) define it, any day other than a Saturday,
  a Sunday, Christmas Day, Good Friday or a bank holiday in England. Closure days are
  not in it: every statutory clock (the ADM's decision, the notifications, the 40-day
  representations / IRM window, the applicants' 10 days to comment on their PAR) runs
  on this calendar, so a council's closure day never stretches one.

Bank holidays include substitute "observed" days and one-off days such as the 2022 state
funeral; Christmas Day and Good Friday are bank holidays in England, so both are in the
list.

The bank holiday list comes from the ``holidays`` package, which follows the
gov.uk list. One-off holidays announced after the installed version was built
are unknown to it: an agency can add them as closure days meanwhile.
"""

from __future__ import annotations

import importlib.util
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from datetime import MAXYEAR, MINYEAR, date, timedelta
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CLOSURE_REASON = "agency closure day"


@cache
def english_bank_holidays(year: int) -> Mapping[date, str]:
    """Bank holidays in England in ``year``, substitute days named "... (observed)".

    Cached per process: the list is the same for every calendar, only closure
    days differ between agencies.
    """
    found = _united_kingdom()(subdiv="ENG", years=year, observed=True)
    # Several names on one day come back joined with "; ", which reads fine.
    return MappingProxyType({d: name for d, name in sorted(found.items()) if d.year == year})


UK_MODULE = "holidays.countries.united_kingdom"


@cache
def _united_kingdom() -> Any:
    """The ``holidays`` package's United Kingdom class, loaded at the first working-day sum.

    Importing it the usual way runs ``holidays.countries``, which imports every one of the
    package's 250 countries (~14 MB, issue 21's memory target); only the United Kingdom's
    module is loaded here, as the same module the package would load, so a later
    ``holidays.country_holidays("GB")`` (the tests' reference) reuses it.
    """
    import holidays  # the package's calendars and base classes (~6 MB), not its countries

    module = sys.modules.get(UK_MODULE)
    if module is None:
        path = Path(holidays.__file__).parent / "countries" / "united_kingdom.py"
        spec = importlib.util.spec_from_file_location(UK_MODULE, path) if path.is_file() else None
        if spec is None or spec.loader is None:
            # No source file to load on its own (the installer's bundle keeps modules in an
            # archive; a release laid out differently): the usual way, every country.
            return holidays.country_holidays("GB", subdiv="ENG", years=()).__class__
        module = importlib.util.module_from_spec(spec)
        sys.modules[UK_MODULE] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[UK_MODULE]
            raise
    return module.UnitedKingdom


class WorkingDayCalendar:
    """Answers "is this a working day?" and counts working days.

    Counting uses a sorted list of working-day ordinals for a contiguous range
    of years, grown on demand, so each query is a binary search rather than a
    day-by-day walk.
    """

    def __init__(self, closure_days: Iterable[date] = ()) -> None:
        self._closures: frozenset[date] = frozenset(closure_days)
        # (first year, last year, sorted ordinals of their working days); empty at first.
        self._span: tuple[int, int, list[int]] = (0, -1, [])

    @classmethod
    def statutory(cls) -> WorkingDayCalendar:
        """The calendar of the regulations' working days (AAR 2005 reg 2(1)): no closure days.

        One shared instance per process: it holds nothing agency-specific.
        """
        return _statutory_calendar()

    @property
    def is_statutory(self) -> bool:
        """True when no agency closure day is counted (the regulations' working days)."""
        return not self._closures

    @property
    def closure_days(self) -> frozenset[date]:
        return self._closures

    def bank_holidays(self, year: int) -> Mapping[date, str]:
        """English bank holidays in ``year`` (closure days not included)."""
        return english_bank_holidays(year)

    # -- single days -----------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        return d.weekday() < 5 and d not in english_bank_holidays(d.year) and d not in self._closures

    def non_working_reason(self, d: date) -> str | None:
        """Why ``d`` is not a working day, in words, or None if it is one.

        A bank holiday's name wins over "Saturday" (Christmas Day on a Saturday
        reads better as "Christmas Day"), and both win over a closure day.
        """
        name = english_bank_holidays(d.year).get(d)
        if name is not None:
            return name
        if d.weekday() >= 5:
            return WEEKDAY_NAMES[d.weekday()]
        if d in self._closures:
            return CLOSURE_REASON
        return None

    def next_working_day_on_or_after(self, d: date) -> date:
        return d if self.is_working_day(d) else self.add_working_days(d, 1)

    # -- counting --------------------------------------------------------

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after ``d`` (``d`` itself not counted).

        Negative ``n`` gives the n-th working day before ``d``, as in "papers
        due 10 working days before the sitting". ``n == 0`` returns ``d``.
        """
        if n == 0:
            return d
        o = d.toordinal()
        # About 250 working days a year: load enough years up front, more if short.
        if n > 0:
            first, last, w = self._load(d.year, d.year + 1 + n // 200)
            while True:
                i = bisect_right(w, o) + n - 1
                if i < len(w):
                    return date.fromordinal(w[i])
                if last == MAXYEAR:
                    raise OverflowError("date value out of range")
                first, last, w = self._load(first, last + 1 + (i - len(w)) // 200)
        first, last, w = self._load(d.year - 1 + n // 200, d.year)
        while True:
            i = bisect_left(w, o) + n
            if i >= 0:
                return date.fromordinal(w[i])
            if first == MINYEAR:
                raise OverflowError("date value out of range")
            first, last, w = self._load(first - 1 + i // 200, last)

    def period_end_beginning_with(self, d: date, n: int) -> date:
        """Last day of a period of ``n`` working days "beginning with" ``d``.

        ``d`` is day 1 when it is a working day; otherwise the period starts on
        the next working day.
        """
        if n < 1:
            raise ValueError(f"A period must be at least 1 working day long, not {n}")
        return self.add_working_days(self.next_working_day_on_or_after(d), n - 1)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days from ``start`` to ``end``, ``start`` excluded and ``end`` included.

        Going forward that is (start, end]; when ``end`` is before ``start`` it is
        minus the count of [end, start), so ``add_working_days(start,
        working_days_between(start, end)) == end`` whenever ``end`` is a working day.
        """
        _, _, w = self._load(min(start, end).year, max(start, end).year)
        if end < start:
            return bisect_left(w, end.toordinal()) - bisect_left(w, start.toordinal())
        return bisect_right(w, end.toordinal()) - bisect_right(w, start.toordinal())

    # -- internals -------------------------------------------------------

    def _load(self, first: int, last: int) -> tuple[int, int, list[int]]:
        """The loaded (first year, last year, working ordinals), covering [first, last].

        A grown list is a new object swapped in whole, so a caller holding the
        returned snapshot is never disturbed by another thread growing it.
        """
        first, last = max(first, MINYEAR), min(last, MAXYEAR)
        span = self._span
        have_first, have_last, working = span
        if have_first <= first and last <= have_last:
            return span
        if have_last < have_first:  # nothing loaded yet
            span = (first, last, self._years(first, last))
        else:
            before = self._years(first, have_first - 1) if first < have_first else []
            after = self._years(have_last + 1, last) if last > have_last else []
            span = (min(first, have_first), max(last, have_last), before + working + after)
        self._span = span
        return span

    def _years(self, first: int, last: int) -> list[int]:
        out: list[int] = []
        day = date(first, 1, 1)
        stop = date(last, 12, 31)
        one = timedelta(days=1)
        while True:
            if self.is_working_day(day):
                out.append(day.toordinal())
            if day == stop:
                return out
            day += one


@cache
def _statutory_calendar() -> WorkingDayCalendar:
    return WorkingDayCalendar()
