"""Panel rhythm rules: parsing, dates, and sittings laid over the working-day calendar."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from panelapp.domain.recurrence import (
    LAST,
    PlannedSitting,
    Rule,
    RuleError,
    parse_rule,
    plan_sittings,
)
from panelapp.domain.vocab import NonWorkingDayPolicy
from panelapp.domain.workdays import WorkingDayCalendar

PROPS = settings(max_examples=200, deadline=None)
CAL = WorkingDayCalendar()
MOVE, CANCEL = NonWorkingDayPolicy.NEXT_WORKING_DAY, NonWorkingDayPolicy.CANCEL


def follows_rule(rule: Rule, d: date) -> bool:
    """The rule spelt out independently of the code under test."""
    if d.weekday() != rule.weekday or (rule.start is not None and d < rule.start):
        return False
    if rule.frequency == "fortnightly":
        assert rule.start is not None
        return (d - rule.start).days % 14 == 0
    if rule.frequency == "monthly":
        if rule.nth == LAST:
            return d.day + 7 > monthrange(d.year, d.month)[1]
        return (d.day - 1) // 7 + 1 == rule.nth
    return True


# -- parsing --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "canonical", "described"),
    [
        ("weekly Tuesday", "weekly Tuesday", "Every Tuesday"),
        ("  WEEKLY   tuesdays ", "weekly Tuesday", "Every Tuesday"),
        (
            "fortnightly Thursday from 2024-01-04",
            "fortnightly Thursday from 2024-01-04",
            "Every other Thursday, from 04/01/2024",
        ),
        (
            "Fortnightly thurs, from 4/1/2024",
            "fortnightly Thursday from 2024-01-04",
            "Every other Thursday, from 04/01/2024",
        ),
        ("monthly 1st Monday", "monthly 1st Monday", "Every month on the 1st Monday"),
        ("monthly second wed", "monthly 2nd Wednesday", "Every month on the 2nd Wednesday"),
        ("monthly 3rd Friday", "monthly 3rd Friday", "Every month on the 3rd Friday"),
        ("monthly 4th sunday", "monthly 4th Sunday", "Every month on the 4th Sunday"),
        (
            "monthly LAST friday from 2024-03-01",
            "monthly last Friday from 2024-03-01",
            "Every month on the last Friday, from 01/03/2024",
        ),
        (
            "weekly Saturday from 2024-01-03",
            "weekly Saturday from 2024-01-03",
            "Every Saturday, from 03/01/2024",
        ),
    ],
)
def test_accepted_rules(typed: str, canonical: str, described: str) -> None:
    rule = parse_rule(typed)
    assert rule.text == canonical
    assert rule.describe() == described
    assert parse_rule(rule.text) == rule


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("monthly 5th Monday", 'Could not understand "monthly 5th Monday": use 1st, 2nd, 3rd, 4th or last'),
        ("monthly Monday", "say which Monday of the month"),
        ("monthly", "say which day of the month"),
        ("monthly 1st", "say which day of the week"),
        ("fortnightly Thursday", "needs a start date"),
        ("fortnightly Thursday from 2024-01-05", "05/01/2024 is a Friday, not a Thursday"),
        ("weekly Tusday", '"Tusday" is not a day of the week'),
        ("weekly", "say which day of the week"),
        ("daily", "start with weekly, fortnightly or monthly"),
        ("weekly Tuesday please", 'did not expect "please"'),
        ("weekly Tuesday from", 'write the start date as "from YYYY-MM-DD"'),
        ("weekly Tuesday from 2024-02-30", '"2024-02-30" is not a real date'),
        ("weekly Tuesday from soon", '"soon" is not a date'),
        ("   ", "Please enter a rule"),
    ],
)
def test_rejected_rules_say_why(typed: str, message: str) -> None:
    with pytest.raises(RuleError) as caught:
        parse_rule(typed)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_rule_built_directly_is_checked() -> None:
    with pytest.raises(RuleError, match="needs a start date"):
        Rule("fortnightly", 3)
    with pytest.raises(RuleError, match="week of the month"):
        Rule("monthly", 0)
    with pytest.raises(RuleError, match="Only monthly"):
        Rule("weekly", 0, nth=1)
    with pytest.raises(RuleError, match="Weekday"):
        Rule("weekly", 7)


# -- occurrences -----------------------------------------------------------------


def test_monthly_first_monday_2024() -> None:
    got = parse_rule("monthly 1st Monday").occurrences(date(2024, 1, 1), date(2024, 4, 30))
    assert got == [date(2024, 1, 1), date(2024, 2, 5), date(2024, 3, 4), date(2024, 4, 1)]


def test_monthly_last_friday_and_fourth_friday_differ_in_five_friday_months() -> None:
    span = (date(2024, 3, 1), date(2024, 3, 31))
    assert parse_rule("monthly last Friday").occurrences(*span) == [date(2024, 3, 29)]
    assert parse_rule("monthly 4th Friday").occurrences(*span) == [date(2024, 3, 22)]


def test_fortnightly_keeps_its_parity_from_the_start_date() -> None:
    rule = parse_rule("fortnightly Thursday from 2024-01-04")
    assert rule.occurrences(date(2024, 1, 5), date(2024, 2, 10)) == [
        date(2024, 1, 18),
        date(2024, 2, 1),
    ]
    assert rule.occurrences(date(2023, 12, 1), date(2024, 1, 10)) == [date(2024, 1, 4)]


def test_bounds_are_inclusive_and_an_empty_range_gives_nothing() -> None:
    rule = parse_rule("weekly Tuesday")
    assert rule.occurrences(date(2024, 1, 2), date(2024, 1, 9)) == [date(2024, 1, 2), date(2024, 1, 9)]
    assert rule.occurrences(date(2024, 1, 9), date(2024, 1, 2)) == []


def test_from_date_is_a_lower_bound_for_weekly_and_monthly() -> None:
    assert parse_rule("weekly Tuesday from 2024-01-10").occurrences(date(2024, 1, 1), date(2024, 1, 20)) == [
        date(2024, 1, 16)
    ]
    assert parse_rule("monthly 1st Monday from 2024-02-06").occurrences(
        date(2024, 1, 1), date(2024, 3, 31)
    ) == [date(2024, 3, 4)]


rules = st.one_of(
    st.builds(Rule, st.just("weekly"), st.integers(0, 6)),
    st.builds(
        lambda d: Rule("fortnightly", d.weekday(), start=d),
        st.dates(date(2019, 6, 1), date(2030, 6, 1)),
    ),
    st.builds(Rule, st.just("monthly"), st.integers(0, 6), st.sampled_from([1, 2, 3, 4, LAST])),
)
starts = st.dates(date(2020, 1, 1), date(2029, 12, 31))
lengths = st.integers(0, 500).map(lambda n: timedelta(days=n))


@PROPS
@given(rule=rules, start=starts, length=lengths)
def test_occurrences_are_exactly_the_days_that_follow_the_rule(
    rule: Rule, start: date, length: timedelta
) -> None:
    end = start + length
    expected = [start + timedelta(days=i) for i in range(length.days + 1)]
    assert rule.occurrences(start, end) == [d for d in expected if follows_rule(rule, d)]
    assert all(rule.matches(d) == follows_rule(rule, d) for d in expected)


@PROPS
@given(rule=rules)
def test_canonical_text_reads_back_as_the_same_rule(rule: Rule) -> None:
    assert parse_rule(rule.text) == rule
    assert parse_rule(rule.text.upper()) == rule


# -- planned sittings ----------------------------------------------------------------


def test_christmas_sitting_moves_to_next_working_day_with_reason() -> None:
    plan = plan_sittings(parse_rule("weekly Wednesday"), date(2024, 12, 18), date(2025, 1, 8), CAL, MOVE)
    assert plan == [
        PlannedSitting(date(2024, 12, 18), date(2024, 12, 18), False, None),
        PlannedSitting(date(2024, 12, 25), date(2024, 12, 27), False, "moved from 25/12/2024: Christmas Day"),
        PlannedSitting(date(2025, 1, 1), date(2025, 1, 2), False, "moved from 01/01/2025: New Year's Day"),
        PlannedSitting(date(2025, 1, 8), date(2025, 1, 8), False, None),
    ]
    assert [p.moved for p in plan] == [False, True, True, False]


def test_cancel_policy_keeps_the_rule_date_and_says_why() -> None:
    plan = plan_sittings(parse_rule("weekly Wednesday"), date(2024, 12, 25), date(2024, 12, 25), CAL, CANCEL)
    assert plan == [
        PlannedSitting(
            date(2024, 12, 25),
            date(2024, 12, 25),
            True,
            "cancelled: 25/12/2024 is not a working day (Christmas Day)",
        )
    ]


def test_policy_may_be_given_as_its_code() -> None:
    plan = plan_sittings(
        parse_rule("weekly Wednesday"), date(2024, 12, 25), date(2024, 12, 25), CAL, "cancel"
    )
    assert plan[0].cancelled


def test_a_move_that_would_reach_the_next_sitting_is_cancelled_instead() -> None:
    # Agency closed 23 December 2024 to 1 January 2025: Monday 23rd cannot move
    # past Monday 30th; Monday 30th moves to Thursday 2 January.
    closed = WorkingDayCalendar(date(2024, 12, 23) + timedelta(days=i) for i in range(10))
    plan = plan_sittings(parse_rule("weekly Monday"), date(2024, 12, 23), date(2025, 1, 6), closed, MOVE)
    first, second, third = plan
    assert first.cancelled and first.date == date(2024, 12, 23)
    assert first.reason is not None
    assert "02/01/2025" in first.reason and "30/12/2024" in first.reason
    assert (second.date, second.cancelled) == (date(2025, 1, 2), False)
    assert second.reason == "moved from 30/12/2024: agency closure day"
    assert (third.date, third.cancelled) == (date(2025, 1, 6), False)


def test_next_sitting_outside_the_range_still_blocks_a_move() -> None:
    closed = WorkingDayCalendar(date(2024, 12, 23) + timedelta(days=i) for i in range(10))
    plan = plan_sittings(parse_rule("weekly Monday"), date(2024, 12, 23), date(2024, 12, 23), closed, MOVE)
    assert len(plan) == 1
    assert plan[0].cancelled


def test_a_move_may_land_after_the_end_of_the_range() -> None:
    plan = plan_sittings(parse_rule("monthly last Friday"), date(2026, 12, 1), date(2026, 12, 31), CAL, MOVE)
    assert plan == [
        PlannedSitting(date(2026, 12, 25), date(2026, 12, 29), False, "moved from 25/12/2026: Christmas Day")
    ]


def test_easter_monday_monthly_sitting_moves_to_tuesday() -> None:
    plan = plan_sittings(parse_rule("monthly 1st Monday"), date(2024, 4, 1), date(2024, 4, 30), CAL, MOVE)
    assert [(p.date, p.reason) for p in plan] == [(date(2024, 4, 2), "moved from 01/04/2024: Easter Monday")]


closure_sets = st.frozensets(st.dates(date(2020, 1, 1), date(2031, 3, 31)), max_size=15)
closure_blocks = st.tuples(starts, st.integers(0, 30)).map(
    lambda t: frozenset(t[0] + timedelta(days=i) for i in range(t[1]))
)


@PROPS
@given(rule=rules, start=starts, length=lengths, scattered=closure_sets, block=closure_blocks)
def test_moved_plans_are_sound(
    rule: Rule, start: date, length: timedelta, scattered: frozenset[date], block: frozenset[date]
) -> None:
    cal = WorkingDayCalendar(scattered | block)
    plan = plan_sittings(rule, start, start + length, cal, MOVE)

    assert [p.rule_date for p in plan] == rule.occurrences(start, start + length)
    dates = [p.date for p in plan]
    assert dates == sorted(dates)
    assert len(set(dates)) == len(dates)
    held = [p for p in plan if not p.cancelled]
    assert len({p.date for p in held}) == len(held)
    for p in plan:
        assert follows_rule(rule, p.rule_date)
        if p.cancelled:
            assert p.date == p.rule_date and p.reason
            assert not cal.is_working_day(p.rule_date)
            continue
        assert cal.is_working_day(p.date)
        if not p.moved:
            assert follows_rule(rule, p.date)
            assert p.reason is None
        else:
            # Moved to the very next working day, and before the rule's next date.
            assert p.date == cal.next_working_day_on_or_after(p.rule_date)
            assert p.date < rule.next_after(p.rule_date)
            assert p.reason is not None and p.reason.startswith("moved from ")


@PROPS
@given(rule=rules, start=starts, length=lengths, scattered=closure_sets)
def test_cancel_plans_cancel_exactly_the_non_working_days(
    rule: Rule, start: date, length: timedelta, scattered: frozenset[date]
) -> None:
    cal = WorkingDayCalendar(scattered)
    plan = plan_sittings(rule, start, start + length, cal, CANCEL)
    for p in plan:
        assert p.date == p.rule_date
        assert p.cancelled == (not cal.is_working_day(p.rule_date))
        assert (p.reason is None) == (not p.cancelled)
