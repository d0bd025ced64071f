"""The ADM clock: deadline items from a decision record, against a plain day-by-day count."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from panelapp.domain.deadlines import (
    AdmDates,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    TrackerGroup,
    deadlines_for,
    is_qualifying_determination,
    overdue,
)
from panelapp.domain.policy import AgencyPolicy
from panelapp.domain.vocab import AdmDecision, CaseType, Outcome
from panelapp.domain.workdays import WorkingDayCalendar
from tests.domain.test_workdays import plain_is_working

ONE = timedelta(days=1)
POLICY = AgencyPolicy()
CAL = WorkingDayCalendar()
K = DeadlineKind
PROPS = settings(max_examples=200, deadline=None)


def plain_nth_after(d: date, n: int, closures: frozenset[date]) -> date:
    """Walk forward a day at a time; the n-th working day met (d itself not counted)."""
    met = 0
    while met < n:
        d += ONE
        met += plain_is_working(d, closures)
    return d


def plain_period_end(d: date, n: int, closures: frozenset[date]) -> date:
    """Walk forward from d itself; the day on which the n-th working day is met."""
    met = plain_is_working(d, closures)
    while met < n:
        d += ONE
        met += plain_is_working(d, closures)
    return d


def refusal(**dates: date | None) -> AdmDates:
    """A recommended approval the ADM did not agree: a qualifying determination."""
    return AdmDates(CaseType.APPROVAL, Outcome.RECOMMENDED, AdmDecision.NOT_AGREED, **dates)  # type: ignore[arg-type]


def by_kind(items: tuple[Deadline, ...]) -> dict[DeadlineKind, Deadline]:
    return {i.kind: i for i in items}


# -- against a plain count over ten years of English bank holidays -------------------------

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 10, 31))
closure_sets = st.frozensets(days, max_size=12)
policies = st.builds(
    AgencyPolicy,
    adm_decision_wd=st.integers(1, 20),
    sw_notification_wd=st.integers(1, 10),
    written_confirmation_wd=st.integers(1, 15),
)  # the representations window is fixed by law (40 working days): not drawn


@PROPS
@given(
    sent=days,
    gaps=st.tuples(st.integers(0, 30), st.integers(0, 20)),
    policy=policies,
    closures=closure_sets,
)
def test_every_due_date_matches_a_day_by_day_count(
    sent: date, gaps: tuple[int, int], policy: AgencyPolicy, closures: frozenset[date]
) -> None:
    decided = sent + timedelta(days=gaps[0])
    letter = decided + timedelta(days=gaps[1])
    record = refusal(minutes_sent_on=sent, decided_on=decided, letter_sent_on=letter)
    items = by_kind(deadlines_for(record, policy, WorkingDayCalendar(closures)))
    assert items[K.ADM_DECISION].due == plain_nth_after(sent, policy.adm_decision_wd, closures)
    assert items[K.SW_NOTIFICATION].due == plain_nth_after(decided, policy.sw_notification_wd, closures)
    assert items[K.WRITTEN_CONFIRMATION].due == plain_nth_after(
        decided, policy.written_confirmation_wd, closures
    )
    assert items[K.REPRESENTATIONS].due == plain_period_end(letter, policy.representations_wd, closures)
    # Every deadline falls on a working day, and never on the day its clock started.
    for item in items.values():
        assert plain_is_working(item.due, closures)
        assert item.due > item.starts_on or item.kind is K.REPRESENTATIONS


@PROPS
@given(start=days, n=st.integers(1, 60), closures=closure_sets)
def test_a_period_beginning_with_a_working_day_counts_that_day(
    start: date, n: int, closures: frozenset[date]
) -> None:
    cal = WorkingDayCalendar(closures)
    end = cal.period_end_beginning_with(start, n)
    # n working days from start to end inclusive, and end is the n-th of them.
    counted = sum(plain_is_working(start + ONE * i, closures) for i in range((end - start).days + 1))
    assert counted == n and plain_is_working(end, closures)
    if plain_is_working(start, closures):
        assert end == plain_nth_after(start, n - 1, closures)


@PROPS
@given(due_offset=st.integers(-40, 40), done_offset=st.one_of(st.none(), st.integers(-40, 40)), start=days)
def test_status_and_group_agree(due_offset: int, done_offset: int | None, start: date) -> None:
    as_of = start
    due = start + timedelta(days=due_offset)
    done_on = None if done_offset is None else start + timedelta(days=done_offset)
    item = Deadline(K.SW_NOTIFICATION, due - timedelta(days=3), due, done_on)
    status, group = item.status(as_of), item.group(as_of)
    if done_on is not None and done_on <= as_of:
        assert status is DeadlineStatus.DONE and group in (TrackerGroup.DONE, TrackerGroup.ARCHIVED)
    elif as_of > due:
        assert status is DeadlineStatus.OVERDUE and group is TrackerGroup.OVERDUE
    else:
        assert status is DeadlineStatus.DUE
        assert group in (TrackerGroup.DUE_TODAY, TrackerGroup.DUE_THIS_WEEK, TrackerGroup.LATER)
        assert (group is TrackerGroup.DUE_TODAY) == (due == as_of)


# -- Christmas and Easter weeks, each kind ----------------------------------------------------
# Christmas 2026: Friday 25 December, Boxing Day on Saturday so Monday 28 is the substitute,
# New Year's Day on Friday 1 January 2027. Easter 2027: Good Friday 26 March, Easter Monday
# 29 March, early May bank holiday Monday 3 May. Expected dates counted by hand.


@pytest.mark.parametrize(
    ("kind", "start", "due"),
    [
        (K.ADM_DECISION, date(2026, 12, 23), date(2027, 1, 6)),
        (K.SW_NOTIFICATION, date(2026, 12, 24), date(2026, 12, 30)),
        (K.WRITTEN_CONFIRMATION, date(2026, 12, 23), date(2027, 1, 4)),
        (K.REPRESENTATIONS, date(2026, 12, 24), date(2027, 2, 22)),
        (K.ADM_DECISION, date(2027, 3, 25), date(2027, 4, 7)),
        (K.SW_NOTIFICATION, date(2027, 3, 25), date(2027, 3, 31)),
        (K.WRITTEN_CONFIRMATION, date(2027, 3, 24), date(2027, 4, 2)),
        (K.REPRESENTATIONS, date(2027, 3, 25), date(2027, 5, 24)),
    ],
)
def test_christmas_and_easter_weeks(kind: DeadlineKind, start: date, due: date) -> None:
    record = refusal(minutes_sent_on=start, decided_on=start, letter_sent_on=start)
    assert by_kind(deadlines_for(record, POLICY, CAL))[kind].due == due


def test_a_refusal_letter_sent_on_christmas_day_starts_its_window_after_the_holiday() -> None:
    # Not a working day, so day 1 is Tuesday 29 December 2026.
    record = refusal(
        minutes_sent_on=date(2026, 12, 21), decided_on=date(2026, 12, 22), letter_sent_on=date(2026, 12, 25)
    )
    assert by_kind(deadlines_for(record, POLICY, CAL))[K.REPRESENTATIONS].due == date(2027, 2, 23)


def test_an_agency_closure_on_christmas_eve_pushes_the_decision_a_day() -> None:
    record = refusal(minutes_sent_on=date(2026, 12, 23))
    closed = WorkingDayCalendar([date(2026, 12, 24)])
    assert by_kind(deadlines_for(record, POLICY, closed))[K.ADM_DECISION].due == date(2027, 1, 7)


def test_the_agency_policy_sets_the_number_of_days() -> None:
    policy = AgencyPolicy(adm_decision_wd=10, sw_notification_wd=1, written_confirmation_wd=3)
    record = AdmDates(
        CaseType.MATCH,
        Outcome.RECOMMENDED,
        AdmDecision.AGREED,
        minutes_sent_on=date(2026, 3, 2),
        decided_on=date(2026, 3, 9),
    )
    items = by_kind(deadlines_for(record, policy, CAL))
    assert items[K.ADM_DECISION].due == date(2026, 3, 16)
    assert items[K.SW_NOTIFICATION].due == date(2026, 3, 10)
    assert items[K.WRITTEN_CONFIRMATION].due == date(2026, 3, 12)


# -- which items a record has ------------------------------------------------------------------


def test_no_clock_until_the_minutes_are_sent() -> None:
    assert deadlines_for(AdmDates(CaseType.APPROVAL, Outcome.RECOMMENDED), POLICY, CAL) == ()


def test_while_pending_or_asking_for_more_information_only_the_decision_is_due() -> None:
    for decision in (AdmDecision.PENDING, AdmDecision.FURTHER_INFO):
        record = AdmDates(
            CaseType.APPROVAL,
            Outcome.RECOMMENDED,
            decision,
            minutes_sent_on=date(2026, 6, 1),
            decided_on=date(2026, 6, 3) if decision is AdmDecision.FURTHER_INFO else None,
        )
        (item,) = deadlines_for(record, POLICY, CAL)
        assert item.kind is K.ADM_DECISION and item.done_on is None
        assert item.status(date(2026, 6, 11)) is DeadlineStatus.OVERDUE


def test_an_agreed_match_has_no_representations_window() -> None:
    record = AdmDates(
        CaseType.MATCH,
        Outcome.RECOMMENDED,
        AdmDecision.AGREED,
        minutes_sent_on=date(2026, 6, 1),
        decided_on=date(2026, 6, 4),
        letter_sent_on=date(2026, 6, 5),
    )
    assert [i.kind for i in deadlines_for(record, POLICY, CAL)] == [
        K.ADM_DECISION,
        K.SW_NOTIFICATION,
        K.WRITTEN_CONFIRMATION,
    ]


@pytest.mark.parametrize(
    ("case_type", "outcome", "decision", "qualifying"),
    [
        (CaseType.APPROVAL, Outcome.RECOMMENDED, AdmDecision.NOT_AGREED, True),
        (CaseType.APPROVAL, Outcome.NOT_RECOMMENDED, AdmDecision.AGREED, True),
        (CaseType.APPROVAL, Outcome.RECOMMENDED, AdmDecision.AGREED, False),
        (CaseType.APPROVAL, Outcome.NOT_RECOMMENDED, AdmDecision.NOT_AGREED, False),
        (CaseType.APPROVAL, Outcome.RECOMMENDED, AdmDecision.FURTHER_INFO, False),
        (CaseType.MATCH, Outcome.RECOMMENDED, AdmDecision.NOT_AGREED, False),
        (CaseType.REVIEW, Outcome.NOT_RECOMMENDED, AdmDecision.AGREED, False),
    ],
)
def test_qualifying_determination_is_a_refusal_to_approve_adopters(
    case_type: CaseType, outcome: Outcome, decision: AdmDecision, qualifying: bool
) -> None:
    assert is_qualifying_determination(case_type, outcome, decision) is qualifying


def test_the_representations_window_opens_when_the_refusal_letter_is_sent() -> None:
    decided = refusal(minutes_sent_on=date(2026, 6, 1), decided_on=date(2026, 6, 4))
    assert K.REPRESENTATIONS not in by_kind(deadlines_for(decided, POLICY, CAL))
    sent = refusal(
        minutes_sent_on=date(2026, 6, 1), decided_on=date(2026, 6, 4), letter_sent_on=date(2026, 6, 8)
    )
    window = by_kind(deadlines_for(sent, POLICY, CAL))[K.REPRESENTATIONS]
    assert window.starts_on == date(2026, 6, 8) and window.due == date(2026, 7, 31)


# -- status: overdue, due, done ---------------------------------------------------------------


def test_due_on_the_day_overdue_the_day_after_done_once_recorded() -> None:
    item = Deadline(K.ADM_DECISION, date(2026, 6, 1), date(2026, 6, 10))
    assert item.status(date(2026, 6, 10)) is DeadlineStatus.DUE
    assert item.status(date(2026, 6, 11)) is DeadlineStatus.OVERDUE
    late = Deadline(K.ADM_DECISION, date(2026, 6, 1), date(2026, 6, 10), done_on=date(2026, 6, 12))
    assert late.status(date(2026, 6, 12)) is DeadlineStatus.DONE and late.late
    # Seen from before it was recorded, it was still open.
    assert late.status(date(2026, 6, 11)) is DeadlineStatus.OVERDUE
    assert overdue([item, late], date(2026, 6, 11)) == 2


def test_the_representations_window_is_never_overdue() -> None:
    record = refusal(
        minutes_sent_on=date(2026, 6, 1), decided_on=date(2026, 6, 4), letter_sent_on=date(2026, 6, 8)
    )
    window = by_kind(deadlines_for(record, POLICY, CAL))[K.REPRESENTATIONS]
    assert window.status(date(2026, 7, 31)) is DeadlineStatus.DUE
    assert window.status(date(2026, 8, 1)) is DeadlineStatus.DONE  # closed by itself
    assert window.closed_on(date(2026, 8, 1)) == date(2026, 7, 31)
    answered = refusal(
        minutes_sent_on=date(2026, 6, 1),
        decided_on=date(2026, 6, 4),
        letter_sent_on=date(2026, 6, 8),
        irm_applied_on=date(2026, 6, 30),
        representations_received_on=date(2026, 7, 2),
    )
    item = by_kind(deadlines_for(answered, POLICY, CAL))[K.REPRESENTATIONS]
    assert item.done_on == date(2026, 6, 30)
    assert item.status(date(2026, 6, 30)) is DeadlineStatus.DONE


@pytest.mark.parametrize(
    ("as_of", "group"),
    [
        (date(2026, 6, 11), TrackerGroup.OVERDUE),
        (date(2026, 6, 10), TrackerGroup.DUE_TODAY),
        (date(2026, 6, 3), TrackerGroup.DUE_THIS_WEEK),
        (date(2026, 6, 2), TrackerGroup.LATER),
    ],
)
def test_open_items_are_grouped_by_how_soon_they_are_due(as_of: date, group: TrackerGroup) -> None:
    assert Deadline(K.SW_NOTIFICATION, date(2026, 6, 1), date(2026, 6, 10)).group(as_of) is group


def test_done_items_stay_in_view_for_four_weeks() -> None:
    item = Deadline(K.SW_NOTIFICATION, date(2026, 6, 1), date(2026, 6, 3), done_on=date(2026, 6, 2))
    assert item.group(date(2026, 6, 30)) is TrackerGroup.DONE
    assert item.group(date(2026, 7, 1)) is TrackerGroup.ARCHIVED
