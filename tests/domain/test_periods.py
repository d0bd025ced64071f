"""Reporting periods and dates as users type and read them."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from panelapp.domain.periods import (
    ReportingPeriod,
    long_date,
    parse_user_date,
    period_containing,
    periods_between,
    uk_date,
)

PROPS = settings(max_examples=200, deadline=None)
any_day = st.dates(date(1900, 1, 1), date(2199, 12, 31))


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2026, 4, 1), date(2026, 4, 1), date(2026, 9, 30)),
        (date(2026, 9, 30), date(2026, 4, 1), date(2026, 9, 30)),
        (date(2026, 10, 1), date(2026, 10, 1), date(2027, 3, 31)),
        (date(2026, 12, 31), date(2026, 10, 1), date(2027, 3, 31)),
        (date(2027, 1, 1), date(2026, 10, 1), date(2027, 3, 31)),
        (date(2027, 3, 31), date(2026, 10, 1), date(2027, 3, 31)),
    ],
)
def test_period_containing_at_the_boundaries(day: date, start: date, end: date) -> None:
    period = period_containing(day)
    assert (period.start, period.end) == (start, end)
    assert day in period


def test_labels() -> None:
    assert period_containing(date(2026, 5, 5)).label == "1 April 2026 to 30 September 2026"
    assert period_containing(date(2027, 2, 1)).label == "1 October 2026 to 31 March 2027"


def test_previous_and_next() -> None:
    summer = period_containing(date(2026, 6, 1))
    assert summer.next() == ReportingPeriod(date(2026, 10, 1), date(2027, 3, 31))
    assert summer.previous() == ReportingPeriod(date(2025, 10, 1), date(2026, 3, 31))
    assert summer.next().previous() == summer


def test_periods_between() -> None:
    got = periods_between(date(2025, 12, 25), date(2027, 4, 1))
    assert [p.start for p in got] == [
        date(2025, 10, 1),
        date(2026, 4, 1),
        date(2026, 10, 1),
        date(2027, 4, 1),
    ]
    assert periods_between(date(2026, 5, 1), date(2026, 6, 1)) == [period_containing(date(2026, 5, 1))]
    assert periods_between(date(2026, 6, 1), date(2026, 5, 1)) == []


def test_a_period_must_be_a_real_half_year() -> None:
    with pytest.raises(ValueError, match="starts on 1 April or 1 October"):
        ReportingPeriod(date(2026, 1, 1), date(2026, 6, 30))
    with pytest.raises(ValueError, match="ends on 30 September 2026"):
        ReportingPeriod(date(2026, 4, 1), date(2026, 10, 1))


def test_periods_sort_by_start_and_do_not_contain_other_things() -> None:
    a, b = period_containing(date(2026, 5, 1)), period_containing(date(2026, 11, 1))
    assert sorted([b, a]) == [a, b]
    assert "2026-05-01" not in a


@PROPS
@given(d=any_day)
def test_every_day_is_in_exactly_one_period_and_periods_meet(d: date) -> None:
    period = period_containing(d)
    assert d in period
    assert d not in period.next() and d not in period.previous()
    assert period.next().start == period.end + timedelta(days=1)
    assert period.previous().end == period.start - timedelta(days=1)
    assert 182 <= (period.end - period.start).days + 1 <= 183


@PROPS
@given(a=any_day, b=any_day)
def test_periods_between_is_contiguous_and_covers_both_ends(a: date, b: date) -> None:
    got = periods_between(a, b)
    if b < a:
        assert got == []
        return
    assert a in got[0] and b in got[-1]
    assert all(x.next() == y for x, y in pairwise(got))


# -- dates as users see them -----------------------------------------------


def test_uk_date_and_long_date() -> None:
    assert uk_date(date(2024, 1, 4)) == "04/01/2024"
    assert long_date(date(2024, 1, 4)) == "4 January 2024"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2025-03-31", date(2025, 3, 31)),
        ("31/03/2025", date(2025, 3, 31)),
        ("1/4/2025", date(2025, 4, 1)),
        (" 01/04/2025 ", date(2025, 4, 1)),
        ("01-04-2025", date(2025, 4, 1)),
        ("01.04.2025", date(2025, 4, 1)),
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_parse_user_date_accepts(typed: str, expected: date) -> None:
    assert parse_user_date(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2025", '"31/02/2025" is not a real date'),
        ("29/02/2025", '"29/02/2025" is not a real date'),
        ("2025-13-01", '"2025-13-01" is not a real date'),
        ("next tuesday", '"next tuesday" is not a date: use dd/mm/yyyy'),
        ("1/4/25", '"1/4/25" is not a date: use dd/mm/yyyy'),
        ("01/04-2025", '"01/04-2025" is not a date: use dd/mm/yyyy'),
        ("", "No date was given: use dd/mm/yyyy"),
    ],
)
def test_parse_user_date_rejects_with_a_clear_message(typed: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_user_date(typed)
    assert str(caught.value) == message


@PROPS
@given(d=st.dates(date(1000, 1, 1), date(9999, 12, 31)))
def test_dates_read_back_in_both_forms(d: date) -> None:
    assert parse_user_date(uk_date(d)) == d
    assert parse_user_date(d.isoformat()) == d
