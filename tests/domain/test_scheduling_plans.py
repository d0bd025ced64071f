"""Scheduling properties beyond tests/domain/test_recurrence.py: plans join up across ranges.

Generating sittings month by month must give the same sittings as generating the year at
once; that is what lets `meetings generate` be re-run over overlapping ranges without
duplicates. Under the "cancel" policy nothing ever moves.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from panelapp.domain.recurrence import LAST, Rule, plan_sittings
from panelapp.domain.vocab import NonWorkingDayPolicy
from panelapp.domain.workdays import WorkingDayCalendar

PROPS = settings(max_examples=150, deadline=None)

rules = st.one_of(
    st.builds(Rule, st.just("weekly"), st.integers(0, 6)),
    st.builds(
        lambda d: Rule("fortnightly", d.weekday(), start=d),
        st.dates(date(2023, 1, 1), date(2027, 12, 31)),
    ),
    st.builds(Rule, st.just("monthly"), st.integers(0, 6), st.sampled_from([1, 2, 3, 4, LAST])),
)
starts = st.dates(date(2024, 1, 1), date(2028, 12, 31))
closures = st.frozensets(st.dates(date(2024, 1, 1), date(2030, 1, 31)), max_size=20)
policies = st.sampled_from(list(NonWorkingDayPolicy))


@PROPS
@given(
    rule=rules,
    start=starts,
    length=st.integers(0, 400),
    cut=st.integers(0, 400),
    closed=closures,
    policy=policies,
)
def test_a_plan_split_in_two_is_the_plan_of_the_whole(
    rule: Rule, start: date, length: int, cut: int, closed: frozenset[date], policy: NonWorkingDayPolicy
) -> None:
    cal = WorkingDayCalendar(closed)
    end = start + timedelta(days=length)
    middle = start + timedelta(days=min(cut, length))
    whole = plan_sittings(rule, start, end, cal, policy)
    parts = plan_sittings(rule, start, middle, cal, policy) + plan_sittings(
        rule, middle + timedelta(days=1), end, cal, policy
    )
    assert parts == whole


@PROPS
@given(rule=rules, start=starts, length=st.integers(0, 400), closed=closures, policy=policies)
def test_every_held_sitting_is_on_a_working_day_and_one_per_rule_date(
    rule: Rule, start: date, length: int, closed: frozenset[date], policy: NonWorkingDayPolicy
) -> None:
    cal = WorkingDayCalendar(closed)
    plan = plan_sittings(rule, start, start + timedelta(days=length), cal, policy)
    assert len({p.rule_date for p in plan}) == len(plan)
    for p in plan:
        assert p.cancelled or cal.is_working_day(p.date)
        if policy == NonWorkingDayPolicy.CANCEL:
            assert p.date == p.rule_date
