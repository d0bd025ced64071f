"""Grading cap for late PARs and the rules a recommendation must meet."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from panelapp.domain.grading_policy import (
    RecommendationDraft,
    Vote,
    add_months,
    check_grade,
    conditional_spans,
    conditional_warning,
    conditional_wording,
    grade_steps_apart,
    grades_offered,
    recommendation_problems,
)
from panelapp.domain.vocab import Grade

SITTING = date(2026, 12, 8)


def test_a_par_within_the_cap_may_get_any_grade() -> None:
    offer = grades_offered("PAR", date(2026, 8, 8), SITTING, 4)
    assert not offer.capped and offer.allows(Grade.GOOD) and offer.allows(Grade.OUTSTANDING)
    assert offer.reason == ""


def test_a_par_one_day_past_the_cap_cannot_be_good_and_the_reason_says_why() -> None:
    offer = grades_offered("PAR", date(2026, 8, 7), SITTING, 4)
    assert offer.capped
    assert offer.grades == (Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)
    assert "08/12/2026" in offer.reason and "07/08/2026" in offer.reason and "4 months" in offer.reason
    problem = check_grade("good", offer)
    assert problem is not None and "cannot be graded Good" in problem


def test_the_cap_only_applies_to_the_par_and_follows_agency_policy() -> None:
    assert not grades_offered("CPR", date(2020, 1, 1), SITTING, 4).capped
    assert not grades_offered("PAR", date(2026, 6, 10), SITTING, 6).capped
    assert not grades_offered("PAR", date(2020, 1, 1), SITTING, 0).capped  # 0 switches the cap off


def test_an_unknown_stage2_start_is_said_not_guessed() -> None:
    offer = grades_offered("PAR", None, SITTING, 4)
    assert not offer.capped and "not recorded" in offer.reason


def test_only_par_cpr_and_apr_are_graded() -> None:
    with pytest.raises(ValueError):
        grades_offered("health", None, SITTING, 4)
    assert check_grade("excellent", grades_offered("CPR", None, SITTING, 4)) is not None


def test_add_months_keeps_month_ends_inside_the_month() -> None:
    assert add_months(date(2026, 10, 31), 4) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 15), 13) == date(2027, 2, 15)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)), st.integers(1, 24))
def test_the_cap_starts_the_day_after_the_limit(start: date, months: int) -> None:
    limit = add_months(start, months)
    assert not grades_offered("PAR", start, limit, months).capped
    assert grades_offered("PAR", start, date.fromordinal(limit.toordinal() + 1), months).capped


def test_grade_distance() -> None:
    assert grade_steps_apart("good", "good") == 0
    assert grade_steps_apart("outstanding", "requires_improvement") == 2


def _draft(**overrides: object) -> RecommendationDraft:
    values: dict[str, object] = {
        "outcome": "recommended",
        "vote": Vote(6, 0, 0),
        "reasons": "The applicants showed insight into a child's needs.",
    }
    values.update(overrides)
    return RecommendationDraft(**values)  # type: ignore[arg-type]


def test_a_sound_recommendation_has_no_problems() -> None:
    assert recommendation_problems(_draft(), SITTING, 6) == {}


def test_reasons_are_required() -> None:
    assert "reasons" in recommendation_problems(_draft(reasons="   "), SITTING, 6)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Recommended in principle", "in principle"),
        ("Approval conditional on a medical", "conditional"),
        ("approved subject to the DBS check", "subject to"),
        ("suitable provided that the loft is made safe", "provided that"),
        ("suitable on condition they move", "on condition"),
    ],
)
def test_conditional_wording_is_a_warning_naming_the_phrase_never_a_refusal(text: str, phrase: str) -> None:
    """Statutory guidance 2013 ch 3: a recommendation is never conditional; the words are flagged."""
    warning = conditional_warning(text)
    assert warning is not None and f"“{phrase}”" in warning and "defer" in warning
    start, end = conditional_spans(text)[0]
    assert text[start:end] == phrase
    assert recommendation_problems(_draft(reasons=text), SITTING, 6) == {}
    assert recommendation_problems(_draft(advice=text), SITTING, 6) == {}


def test_ordinary_words_raise_no_warning() -> None:
    assert conditional_wording("The panel was unanimous.") is None
    assert conditional_warning("Suitable to adopt two children aged 0 to 4.") is None
    assert conditional_spans("AB is a child.") == []


def test_a_conditional_outcome_code_is_not_an_outcome() -> None:
    problems = recommendation_problems(_draft(outcome="conditional"), SITTING, 6)
    assert "defer" in problems["outcome"]


def test_deferral_needs_what_and_a_later_date() -> None:
    problems = recommendation_problems(_draft(outcome="deferred"), SITTING, 6)
    assert set(problems) >= {"deferral_needed", "deferral_by"}
    problems = recommendation_problems(
        _draft(outcome="deferred", deferral_needed="A medical", deferral_by=SITTING), SITTING, 6
    )
    assert "after the sitting" in problems["deferral_by"]
    ok = _draft(outcome="deferred", deferral_needed="A medical", deferral_by=date(2027, 1, 12))
    assert recommendation_problems(ok, SITTING, 6) == {}


def test_the_vote_cannot_count_more_people_than_sat() -> None:
    problems = recommendation_problems(_draft(vote=Vote(6, 1, 0)), SITTING, 6)
    assert "only 6 members sat" in problems["vote"]
    assert "vote" in recommendation_problems(_draft(vote=Vote(None, None, None)), SITTING, 6)
    assert "vote" in recommendation_problems(_draft(vote=Vote(2, 3, 0)), SITTING, 6)
    assert "vote" in recommendation_problems(_draft(vote=Vote(-1, 0, 0)), SITTING, 6)


def test_unanimous_only_with_nobody_against_or_abstaining() -> None:
    assert Vote(6, 0, 0).unanimous and Vote(6, 0, 0).describe() == "Unanimous (6 for)"
    assert not Vote(5, 0, 1).unanimous
    assert Vote(4, 1, 1).describe() == "Majority: 4 for, 1 against, 1 abstaining"
    assert Vote(None, None, None).describe() == "No vote recorded"
