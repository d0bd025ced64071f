"""The ADM clock: deadline items from a decision record, against a plain day-by-day count."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from panelapp.domain.deadlines import (
    AdmDates,
    CaseDates,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    FurtherInformation,
    TrackerGroup,
    approval_date,
    case_deadlines,
    deadlines_for,
    decision_history,
    is_qualifying_determination,
    overdue,
    par_comments_warning,
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
def test_every_due_date_matches_a_day_by_day_count_of_statutory_working_days(
    sent: date, gaps: tuple[int, int], policy: AgencyPolicy, closures: frozenset[date]
) -> None:
    """AAR 2005 reg 2(1): a working day excludes weekends, Christmas Day, Good Friday and bank
    holidays only. The agency's closure days (drawn here, in its policy) never count."""
    decided = sent + timedelta(days=gaps[0])
    letter = decided + timedelta(days=gaps[1])
    record = refusal(minutes_sent_on=sent, decided_on=decided, letter_sent_on=letter)
    policy = dataclasses.replace(policy, closure_days=tuple(sorted(closures)))
    items = by_kind(deadlines_for(record, policy))
    none: frozenset[date] = frozenset()
    assert items[K.ADM_DECISION].due == plain_nth_after(sent, policy.adm_decision_wd, none)
    assert items[K.SW_NOTIFICATION].due == plain_nth_after(decided, policy.sw_notification_wd, none)
    assert items[K.WRITTEN_CONFIRMATION].due == plain_nth_after(decided, policy.written_confirmation_wd, none)
    assert items[K.REPRESENTATIONS].due == plain_period_end(letter, policy.representations_wd, none)
    # Every deadline falls on a working day, and never on the day its clock started.
    for item in items.values():
        assert plain_is_working(item.due, none)
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
    assert by_kind(deadlines_for(record, POLICY))[kind].due == due


def test_a_refusal_letter_sent_on_christmas_day_starts_its_window_after_the_holiday() -> None:
    # Not a working day, so day 1 is Tuesday 29 December 2026.
    record = refusal(
        minutes_sent_on=date(2026, 12, 21), decided_on=date(2026, 12, 22), letter_sent_on=date(2026, 12, 25)
    )
    assert by_kind(deadlines_for(record, POLICY))[K.REPRESENTATIONS].due == date(2027, 2, 23)


def test_an_agency_closure_inside_the_7_day_window_does_not_move_the_adm_decision() -> None:
    """AAR 2005 reg 2(1): closure days are not excluded from statutory working days, so a
    closure on Christmas Eve and New Year's Eve leaves the ADM's 7 days where they were
    (minutes sent 23/12/2026: due 06/01/2027, as without closures)."""
    record = refusal(minutes_sent_on=date(2026, 12, 23))
    closures = (date(2026, 12, 24), date(2026, 12, 29), date(2026, 12, 31))
    policy = AgencyPolicy(closure_days=closures)
    assert by_kind(deadlines_for(record, policy))[K.ADM_DECISION].due == date(2027, 1, 6)
    # The agency's own calendar (sittings, papers) does skip them.
    agency = WorkingDayCalendar(closures)
    assert agency.add_working_days(date(2026, 12, 23), 7) == date(2027, 1, 11)
    assert not agency.is_statutory and WorkingDayCalendar.statutory().is_statutory


def test_the_reproduced_closure_day_bug_minutes_sent_29_december() -> None:
    """Minutes sent 29/12/2026 with a closure on 31/12: due 08/01/2027 (was 11/01/2027)."""
    record = refusal(minutes_sent_on=date(2026, 12, 29))
    policy = AgencyPolicy(closure_days=(date(2026, 12, 31),))
    assert by_kind(deadlines_for(record, policy))[K.ADM_DECISION].due == date(2027, 1, 8)


def test_the_agency_policy_sets_the_number_of_days() -> None:
    policy = AgencyPolicy(adm_decision_wd=10, sw_notification_wd=1, written_confirmation_wd=3)
    record = AdmDates(
        CaseType.MATCH,
        Outcome.RECOMMENDED,
        AdmDecision.AGREED,
        minutes_sent_on=date(2026, 3, 2),
        decided_on=date(2026, 3, 9),
    )
    items = by_kind(deadlines_for(record, policy))
    assert items[K.ADM_DECISION].due == date(2026, 3, 16)
    assert items[K.SW_NOTIFICATION].due == date(2026, 3, 10)
    assert items[K.WRITTEN_CONFIRMATION].due == date(2026, 3, 12)


# -- which items a record has ------------------------------------------------------------------


def test_no_clock_until_the_minutes_are_sent() -> None:
    assert deadlines_for(AdmDates(CaseType.APPROVAL, Outcome.RECOMMENDED), POLICY) == ()


def test_while_pending_or_asking_for_more_information_only_the_decision_is_due() -> None:
    for decision in (AdmDecision.PENDING, AdmDecision.FURTHER_INFO):
        record = AdmDates(
            CaseType.APPROVAL,
            Outcome.RECOMMENDED,
            decision,
            minutes_sent_on=date(2026, 6, 1),
            decided_on=date(2026, 6, 3) if decision is AdmDecision.FURTHER_INFO else None,
        )
        (item,) = deadlines_for(record, POLICY)
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
    assert [i.kind for i in deadlines_for(record, POLICY)] == [
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
        # reg 30D: the ADM ends an approval on review (agreeing "approval ends", or not
        # agreeing "approval continues").
        (CaseType.REVIEW, Outcome.NOT_RECOMMENDED, AdmDecision.AGREED, True),
        (CaseType.REVIEW, Outcome.RECOMMENDED, AdmDecision.NOT_AGREED, True),
        (CaseType.REVIEW, Outcome.RECOMMENDED, AdmDecision.AGREED, False),
        # reg 30B(5) after a brief report: the ADM agrees the applicants are not suitable,
        # or decides so against the panel's "the assessment should continue".
        (CaseType.BRIEF_REPORT, Outcome.RECOMMENDED, AdmDecision.AGREED, True),
        (CaseType.BRIEF_REPORT, Outcome.NOT_RECOMMENDED, AdmDecision.NOT_AGREED, True),
        (CaseType.BRIEF_REPORT, Outcome.NOT_RECOMMENDED, AdmDecision.AGREED, False),
        (CaseType.CONSENT_PLAN, Outcome.NOT_RECOMMENDED, AdmDecision.AGREED, False),
    ],
)
def test_qualifying_determination_is_the_adm_deciding_against_the_applicants(
    case_type: CaseType, outcome: Outcome, decision: AdmDecision, qualifying: bool
) -> None:
    assert is_qualifying_determination(case_type, outcome, decision) is qualifying


def test_the_representations_window_opens_when_the_refusal_letter_is_sent() -> None:
    decided = refusal(minutes_sent_on=date(2026, 6, 1), decided_on=date(2026, 6, 4))
    assert K.REPRESENTATIONS not in by_kind(deadlines_for(decided, POLICY))
    sent = refusal(
        minutes_sent_on=date(2026, 6, 1), decided_on=date(2026, 6, 4), letter_sent_on=date(2026, 6, 8)
    )
    window = by_kind(deadlines_for(sent, POLICY))[K.REPRESENTATIONS]
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
    window = by_kind(deadlines_for(record, POLICY))[K.REPRESENTATIONS]
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
    item = by_kind(deadlines_for(answered, POLICY))[K.REPRESENTATIONS]
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


# -- issue 16: the regulations' working days, qualifying determinations, the case's clocks ----


def test_a_bank_holiday_at_the_end_of_the_40_day_window_moves_it_a_day() -> None:
    """AAR 2005 reg 30B(5)(c): 40 working days beginning with the day the notice was sent.
    From Tuesday 07/07/2026 the 40th weekday is Monday 31/08/2026, the summer bank holiday,
    so the window ends on Tuesday 01/09/2026 (closure days make no difference)."""
    record = refusal(
        minutes_sent_on=date(2026, 6, 29), decided_on=date(2026, 7, 6), letter_sent_on=date(2026, 7, 7)
    )
    closing = AgencyPolicy(closure_days=(date(2026, 8, 28), date(2026, 9, 1)))
    for policy in (POLICY, closing):
        window = by_kind(deadlines_for(record, policy))[K.REPRESENTATIONS]
        assert (window.starts_on, window.due) == (date(2026, 7, 7), date(2026, 9, 1))


def test_representations_then_the_rehearing_then_the_final_decision() -> None:
    """reg 30B(5)-(8): representations (or the IRM) close the window; after the re-hearing's
    recommendation the ADM's final decision is due within the ADM's working days (the
    guidance's 7), and is done when recorded."""
    base = dict(
        minutes_sent_on=date(2026, 6, 1), decided_on=date(2026, 6, 4), letter_sent_on=date(2026, 6, 8)
    )
    challenged = refusal(**base, representations_received_on=date(2026, 6, 22))
    assert K.FINAL_DECISION not in by_kind(deadlines_for(challenged, POLICY))
    reheard = dataclasses.replace(challenged, review_recommendation_on=date(2026, 8, 24))
    final = by_kind(deadlines_for(reheard, POLICY))[K.FINAL_DECISION]
    # 7 working days after Mon 24/08: the bank holiday Mon 31/08 is skipped.
    assert (final.starts_on, final.due, final.done_on) == (date(2026, 8, 24), date(2026, 9, 3), None)
    assert final.status(date(2026, 9, 4)) is DeadlineStatus.OVERDUE
    decided = dataclasses.replace(
        reheard, final_decision=Outcome.RECOMMENDED, final_decided_on=date(2026, 9, 2)
    )
    assert by_kind(deadlines_for(decided, POLICY))[K.FINAL_DECISION].done_on == date(2026, 9, 2)


def test_a_brief_report_the_adm_agrees_opens_the_window() -> None:
    """reg 30B(5) after a brief report: the panel agreed the applicants are not suitable and
    the ADM agrees: a qualifying determination, so the 40 working days open."""
    record = AdmDates(
        CaseType.BRIEF_REPORT,
        Outcome.RECOMMENDED,
        AdmDecision.AGREED,
        minutes_sent_on=date(2026, 6, 1),
        decided_on=date(2026, 6, 4),
        letter_sent_on=date(2026, 6, 8),
    )
    assert by_kind(deadlines_for(record, POLICY))[K.REPRESENTATIONS].due == date(2026, 7, 31)


def test_a_review_ending_the_approval_opens_the_window() -> None:
    """reg 30D: the ADM decides, on review, that the adopters are no longer suitable."""
    record = AdmDates(
        CaseType.REVIEW,
        Outcome.RECOMMENDED,
        AdmDecision.NOT_AGREED,
        minutes_sent_on=date(2026, 6, 1),
        decided_on=date(2026, 6, 4),
        letter_sent_on=date(2026, 6, 8),
    )
    assert K.REPRESENTATIONS in by_kind(deadlines_for(record, POLICY))
    continues = dataclasses.replace(record, decision=AdmDecision.AGREED)
    assert K.REPRESENTATIONS not in by_kind(deadlines_for(continues, POLICY))


def test_further_information_then_agreed_is_kept_as_history() -> None:
    """The ADM's request is not overwritten by the decision that follows it."""
    asked = FurtherInformation(date(2026, 12, 2), "updated medical", date(2026, 12, 9), date(2026, 12, 9))
    assert decision_history((asked,), AdmDecision.AGREED, date(2026, 12, 14)) == (
        "Further information requested 02/12/2026: updated medical (by 09/12/2026); "
        "provided 09/12/2026; then agreed 14/12/2026"
    )
    waiting = dataclasses.replace(asked, due_by=None, provided_on=None)
    assert decision_history((waiting,), AdmDecision.FURTHER_INFO, date(2026, 12, 2)) == (
        "Further information requested 02/12/2026: updated medical; not provided yet"
    )
    assert decision_history((), AdmDecision.AGREED, date(2026, 12, 14)) == ""


def test_par_comments_10_working_days_including_a_bank_holiday() -> None:
    """AAR 2005 reg 30 (as substituted in 2013): the applicants have 10 working days,
    beginning with the day the report was sent, to comment. Sent Thursday 21/05/2026, the
    late May bank holiday (Monday 25/05) is skipped: the 10th day is Thursday 04/06/2026."""
    dates = CaseDates(CaseType.APPROVAL, par_sent_on=date(2026, 5, 21))
    (item,) = case_deadlines(dates)
    assert (item.kind, item.starts_on, item.due) == (K.PAR_COMMENTS, date(2026, 5, 21), date(2026, 6, 4))
    assert item.status(date(2026, 6, 5)) is DeadlineStatus.DONE  # the applicants' time: never overdue
    assert "before the applicants' 10 working days" in par_comments_warning(dates, date(2026, 6, 3))
    assert par_comments_warning(dates, date(2026, 6, 5)) == ""
    commented = dataclasses.replace(dates, par_comments_on=date(2026, 5, 29))
    assert par_comments_warning(commented, date(2026, 6, 3)) == ""
    assert case_deadlines(commented)[0].done_on == date(2026, 5, 29)


def test_the_adm_decides_within_four_months_of_stage_two() -> None:
    """AAR 2005 reg 30B(1): the decision within four months of the notice to proceed."""
    dates = CaseDates(CaseType.APPROVAL, stage_two_started_on=date(2026, 1, 31))
    (item,) = case_deadlines(dates)
    assert (item.kind, item.due) == (K.STAGE_TWO_DECISION, date(2026, 5, 31))
    assert item.status(date(2026, 6, 1)) is DeadlineStatus.OVERDUE
    decided = dataclasses.replace(dates, first_decided_on=date(2026, 5, 20))
    assert case_deadlines(decided)[0].status(date(2026, 6, 1)) is DeadlineStatus.DONE
    # A match keeps no stage-two date: its row declares none.
    assert case_deadlines(CaseDates(CaseType.MATCH, stage_two_started_on=date(2026, 1, 31))) == ()


def test_approval_is_reviewed_a_year_after_approval_then_yearly_until_a_child_is_placed() -> None:
    """AAR 2005 reg 30D(1)-(2): not more than a year after approval, then at intervals of
    not more than a year, unless a child is placed."""
    approved = CaseDates(CaseType.APPROVAL, approved_on=date(2025, 12, 15))
    (item,) = case_deadlines(approved)
    assert (item.kind, item.starts_on, item.due) == (
        K.APPROVAL_REVIEW,
        date(2025, 12, 15),
        date(2026, 12, 15),
    )
    reviewed = dataclasses.replace(approved, approval_reviewed_on=date(2026, 11, 30))
    assert case_deadlines(reviewed)[0].due == date(2027, 11, 30)
    placed = dataclasses.replace(reviewed, child_placed_on=date(2027, 2, 1))
    assert case_deadlines(placed)[0].status(date(2027, 2, 1)) is DeadlineStatus.DONE


def test_the_approval_date_is_the_first_favourable_adm_decision() -> None:
    """Approved when the ADM decides the applicants suitable (not a qualifying determination);
    after a refusal, a favourable final decision approves them."""
    refused = (Outcome.RECOMMENDED, AdmDecision.NOT_AGREED, date(2026, 3, 2))
    assert approval_date(CaseType.APPROVAL, [refused]) is None
    final = (Outcome.RECOMMENDED, AdmDecision.AGREED, date(2026, 6, 1))
    assert approval_date(CaseType.APPROVAL, [refused, final]) == date(2026, 6, 1)
    assert approval_date(CaseType.MATCH, [final]) is None
