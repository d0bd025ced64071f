"""Working days in England: checked against a plain day-by-day count."""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from panelapp.domain.workdays import WorkingDayCalendar, english_bank_holidays

ONE = timedelta(days=1)
FIRST, LAST = date(2020, 1, 1), date(2030, 12, 31)
PROPS = settings(max_examples=200, deadline=None)

# The reference: the holidays package read directly, a margin of a year each side
# so that counting 60 working days out of the range stays inside it.
_BANK = set(holidays.country_holidays("GB", subdiv="ENG", years=range(2019, 2032)))


def plain_is_working(d: date, closures: frozenset[date] = frozenset()) -> bool:
    return d.weekday() < 5 and d not in _BANK and d not in closures


def plain_add(d: date, n: int, closures: frozenset[date]) -> date:
    step = ONE if n > 0 else -ONE
    left = abs(n)
    while left:
        d += step
        if plain_is_working(d, closures):
            left -= 1
    return d


def plain_between(start: date, end: date, closures: frozenset[date]) -> int:
    """Start excluded, end included, in whichever direction."""
    step = ONE if end >= start else -ONE
    count, d = 0, end
    while d != start:
        count += plain_is_working(d, closures)
        d -= step
    return count if end >= start else -count


days = st.dates(min_value=FIRST, max_value=LAST)
closure_sets = st.frozensets(days, max_size=12)


# -- the bank holiday list -----------------------------------------------------


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2020, 5, 8), "May Day"),  # moved for VE Day 75
        (date(2020, 12, 28), "Boxing Day (observed)"),
        (date(2021, 12, 27), "Christmas Day (observed)"),
        (date(2021, 12, 28), "Boxing Day (observed)"),
        (date(2022, 1, 3), "New Year's Day (observed)"),
        (date(2022, 6, 2), "Spring Bank Holiday"),
        (date(2022, 6, 3), "Platinum Jubilee of Elizabeth II"),
        (date(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
        (date(2022, 12, 27), "Christmas Day (observed)"),
        (date(2023, 5, 8), "Coronation of Charles III"),
        (date(2027, 12, 27), "Christmas Day (observed)"),
        (date(2027, 12, 28), "Boxing Day (observed)"),
    ],
)
def test_substitute_and_one_off_days_are_bank_holidays(day: date, name: str) -> None:
    cal = WorkingDayCalendar()
    assert not cal.is_working_day(day)
    assert cal.non_working_reason(day) == name


def test_early_may_bank_holiday_2020_is_not_the_first_monday() -> None:
    assert WorkingDayCalendar().is_working_day(date(2020, 5, 4))


def test_scottish_and_northern_irish_days_are_working_days_in_england() -> None:
    cal = WorkingDayCalendar()
    assert cal.is_working_day(date(2025, 1, 2))  # 2 January, Scotland only
    assert cal.is_working_day(date(2025, 3, 17))  # St Patrick's Day, NI only
    assert cal.is_working_day(date(2025, 8, 4))  # Scottish summer bank holiday


def test_bank_holidays_of_a_year_are_eight_in_an_ordinary_year() -> None:
    assert len(english_bank_holidays(2025)) == 8
    assert WorkingDayCalendar().bank_holidays(2025) == english_bank_holidays(2025)


# -- reasons -----------------------------------------------------------------


def test_non_working_reasons() -> None:
    closure = date(2026, 12, 24)
    cal = WorkingDayCalendar([closure, date(2026, 12, 25)])
    assert cal.non_working_reason(date(2026, 12, 19)) == "Saturday"
    assert cal.non_working_reason(date(2026, 12, 20)) == "Sunday"
    assert cal.non_working_reason(closure) == "agency closure day"
    # A bank holiday that is also a closure day, or on a weekend, is named as the holiday.
    assert cal.non_working_reason(date(2026, 12, 25)) == "Christmas Day"
    assert cal.non_working_reason(date(2027, 12, 25)) == "Christmas Day"
    assert cal.non_working_reason(date(2026, 12, 23)) is None


def test_closure_days_are_not_working_days_and_are_kept() -> None:
    closure = date(2025, 12, 24)
    cal = WorkingDayCalendar(iter([closure]))
    assert not cal.is_working_day(closure)
    assert cal.closure_days == frozenset({closure})
    assert WorkingDayCalendar().is_working_day(closure)


# -- Christmas and Easter ------------------------------------------------------


def test_christmas_2026_boxing_day_on_saturday_substitute_monday() -> None:
    cal = WorkingDayCalendar()
    assert cal.add_working_days(date(2026, 12, 23), 2) == date(2026, 12, 29)
    assert cal.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert cal.add_working_days(date(2026, 12, 29), -1) == date(2026, 12, 24)
    assert cal.working_days_between(date(2026, 12, 24), date(2026, 12, 29)) == 1
    assert cal.working_days_between(date(2026, 12, 29), date(2026, 12, 24)) == -1
    assert cal.working_days_between(date(2026, 12, 28), date(2026, 12, 23)) == -2


def test_christmas_2027_on_saturday_gives_two_substitute_days() -> None:
    cal = WorkingDayCalendar()
    for d in (date(2027, 12, 27), date(2027, 12, 28)):
        assert not cal.is_working_day(d)
    assert cal.add_working_days(date(2027, 12, 24), 1) == date(2027, 12, 29)
    assert cal.next_working_day_on_or_after(date(2027, 12, 25)) == date(2027, 12, 29)
    assert cal.period_end_beginning_with(date(2027, 12, 25), 3) == date(2027, 12, 31)


def test_easter_2026_good_friday_and_easter_monday() -> None:
    cal = WorkingDayCalendar()
    assert not cal.is_working_day(date(2026, 4, 3))
    assert not cal.is_working_day(date(2026, 4, 6))
    assert cal.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert cal.working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1
    # Papers due 10 working days before a sitting on Tuesday 14 April 2026.
    assert cal.add_working_days(date(2026, 4, 14), -10) == date(2026, 3, 27)


def test_adm_clock_seven_working_days_over_easter_2025() -> None:
    # Minutes received Thursday 17 April 2025; Good Friday and Easter Monday follow.
    cal = WorkingDayCalendar()
    assert cal.add_working_days(date(2025, 4, 17), 7) == date(2025, 4, 30)


# -- edge cases ------------------------------------------------------------------


def test_zero_working_days_is_the_same_day() -> None:
    saturday = date(2025, 3, 1)
    assert WorkingDayCalendar().add_working_days(saturday, 0) == saturday


def test_period_beginning_with_a_working_day_counts_it() -> None:
    cal = WorkingDayCalendar()
    monday = date(2025, 3, 3)
    assert cal.period_end_beginning_with(monday, 1) == monday
    assert cal.period_end_beginning_with(monday, 5) == date(2025, 3, 7)
    assert cal.period_end_beginning_with(date(2025, 3, 1), 1) == monday


def test_period_must_have_at_least_one_day() -> None:
    with pytest.raises(ValueError, match="at least 1 working day"):
        WorkingDayCalendar().period_end_beginning_with(date(2025, 3, 3), 0)


def test_long_counts_cross_many_years_both_ways() -> None:
    cal = WorkingDayCalendar()
    start = date(2025, 6, 2)
    later = cal.add_working_days(start, 2000)
    assert cal.working_days_between(start, later) == 2000
    assert cal.add_working_days(later, -2000) == start
    assert cal.working_days_between(later, start) == -2000


def test_counting_past_the_last_representable_year_raises() -> None:
    with pytest.raises(OverflowError):
        WorkingDayCalendar().add_working_days(date(9999, 12, 30), 5)


def test_ten_years_of_calls_is_cheap() -> None:
    cal = WorkingDayCalendar([date(2024, 12, 24)])
    began = time.perf_counter()
    d = FIRST
    while d <= LAST:
        cal.add_working_days(d, 10)
        cal.add_working_days(d, -10)
        cal.working_days_between(FIRST, d)
        cal.is_working_day(d)
        d += ONE
    # About 16,000 calls; a day-by-day walk would take far longer than this.
    assert time.perf_counter() - began < 2.0


# -- against a plain count over 2020-2030 ---------------------------------------------


@PROPS
@given(d=days, closures=closure_sets)
def test_is_working_day_matches_plain_rule(d: date, closures: frozenset[date]) -> None:
    cal = WorkingDayCalendar(closures)
    assert cal.is_working_day(d) == plain_is_working(d, closures)
    assert (cal.non_working_reason(d) is None) == plain_is_working(d, closures)


@PROPS
@given(d=days, n=st.integers(-60, 60), closures=closure_sets)
def test_add_working_days_matches_plain_count(d: date, n: int, closures: frozenset[date]) -> None:
    assert WorkingDayCalendar(closures).add_working_days(d, n) == plain_add(d, n, closures)


@PROPS
@given(d=days, n=st.integers(1, 60), closures=closure_sets)
def test_period_end_beginning_with_matches_plain_count(d: date, n: int, closures: frozenset[date]) -> None:
    first = d
    while not plain_is_working(first, closures):
        first += ONE
    expected = plain_add(first, n - 1, closures)
    cal = WorkingDayCalendar(closures)
    assert cal.period_end_beginning_with(d, n) == expected
    assert cal.next_working_day_on_or_after(d) == first


@PROPS
@given(start=days, end=days, closures=closure_sets)
def test_working_days_between_matches_plain_count(start: date, end: date, closures: frozenset[date]) -> None:
    cal = WorkingDayCalendar(closures)
    assert cal.working_days_between(start, end) == plain_between(start, end, closures)


@PROPS
@given(start=days, n=st.integers(-300, 300))
def test_adding_then_counting_round_trips(start: date, n: int) -> None:
    cal = WorkingDayCalendar()
    end = cal.add_working_days(start, n)
    assert cal.is_working_day(end) or n == 0
    assert cal.working_days_between(start, end) == n
    if cal.is_working_day(start):
        assert cal.add_working_days(end, -n) == start


def test_every_day_of_ten_years_against_plain_rule() -> None:
    cal = WorkingDayCalendar()
    d, count = FIRST, 0
    while d <= LAST:
        assert cal.is_working_day(d) == plain_is_working(d), d
        count += plain_is_working(d)
        d += ONE
    assert cal.working_days_between(FIRST - ONE, LAST) == count


def test_the_statutory_calendar_ignores_closure_days() -> None:
    """AAR 2005 reg 2(1): a working day is any day but a Saturday, Sunday, Christmas Day, Good
    Friday or bank holiday in England. A closure day inside a 7-day window moves the agency's
    count (sittings, papers) but not the statutory one."""
    statutory, agency = WorkingDayCalendar.statutory(), WorkingDayCalendar([date(2026, 6, 3)])
    assert statutory is WorkingDayCalendar.statutory() and statutory.is_statutory
    assert statutory.add_working_days(date(2026, 6, 1), 7) == date(2026, 6, 10)
    assert agency.add_working_days(date(2026, 6, 1), 7) == date(2026, 6, 11)
    # Good Friday and Christmas Day are never working days, in either calendar.
    for day in (date(2027, 3, 26), date(2026, 12, 25)):
        assert not statutory.is_working_day(day) and not agency.is_working_day(day)


def test_bank_holidays_without_the_countrys_source_file_come_the_usual_way(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The installer's bundle keeps modules in an archive, with no united_kingdom.py to load on
    its own (the bundle failed with "cannot find united_kingdom.py"): then every country loads."""
    from panelapp.domain import workdays

    monkeypatch.setattr(holidays, "__file__", str(tmp_path / "archive" / "holidays" / "__init__.py"))
    monkeypatch.delitem(sys.modules, workdays.UK_MODULE, raising=False)
    workdays._united_kingdom.cache_clear()
    try:
        uk = workdays._united_kingdom()
        assert date(2027, 3, 26) in uk(subdiv="ENG", years=2027, observed=True)  # Good Friday
    finally:
        workdays._united_kingdom.cache_clear()
