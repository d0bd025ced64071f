"""The chairs' report arithmetic: percentages, complete tables, areas, periods."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from panelapp.domain import report_figures as fig


def test_percentage_to_one_decimal_rounding_halves_up() -> None:
    assert fig.percentage(2, 3) == 66.7
    assert fig.percentage(1, 8) == 12.5
    assert fig.percentage(1, 16) == 6.3  # 6.25 rounds up, not to even
    assert fig.percentage(4, 5) == 80.0
    assert fig.percentage(0, 0) is None
    assert fig.percent_text(None) == "not applicable" and fig.percent_text(80.0) == "80.0%"


@given(st.integers(0, 500), st.integers(1, 500))
def test_percentage_is_within_a_twentieth_of_the_exact_share(part: int, whole: int) -> None:
    value = fig.percentage(part, whole)
    assert value is not None
    assert abs(value - part * 100 / whole) <= 0.05 + 1e-9


def test_grading_table_has_every_paper_and_all_four_grades() -> None:
    table = fig.grading_table({("PAR", "good"): 3, ("APR", "inadequate"): 1})
    assert list(table) == ["PAR", "CPR", "APR"]
    assert table["PAR"] == {"outstanding": 0, "good": 3, "requires_improvement": 0, "inadequate": 0}
    assert table["CPR"] == dict.fromkeys(fig.GRADE_CODES, 0)
    assert table["APR"]["inadequate"] == 1


def test_adm_outcomes_count_no_record_as_pending() -> None:
    out = fig.adm_outcomes({"agreed": 4, None: 2, "pending": 1}, decided_after_period=3)
    assert out == {"agreed": 4, "not_agreed": 0, "further_info": 0, "pending": 3, "decided_after_period": 3}


def test_all_codes_keeps_order_fills_zeros_and_keeps_unknown_codes() -> None:
    assert fig.all_codes(["a", "b"], {"b": 2, "z": 1}) == {"a": 0, "b": 2, "z": 1}


def test_match_area_is_the_locality_or_else_the_local_authority() -> None:
    assert fig.area_name("Kent", "North Kent") == "North Kent"
    assert fig.area_name("Medway", None) == "Medway"
    assert fig.area_name(None, None) == fig.NO_AREA


def test_latest_completed_period_and_recent_periods() -> None:
    assert fig.latest_completed_period(date(2026, 11, 23)).start == date(2026, 4, 1)
    assert fig.latest_completed_period(date(2026, 4, 1)).start == date(2025, 10, 1)
    periods = fig.recent_periods(date(2026, 11, 23), 3)
    assert [p.start for p in periods] == [date(2026, 10, 1), date(2026, 4, 1), date(2025, 10, 1)]


def test_role_span_held_on_its_dates() -> None:
    span = fig.RoleSpan("chair", date(2026, 9, 1), None)
    assert not span.held_on(date(2026, 8, 31)) and span.held_on(date(2026, 9, 1))
    assert fig.RoleSpan("independent", None, date(2026, 8, 31)).held_on(date(2000, 1, 1))


def test_report_sections_one_to_twelve_are_all_named() -> None:
    titles = [fig.section_title(n) for n in range(1, 13)]
    assert titles[0] == "Introduction, roles and functions of panel"
    assert titles[2] == "Membership and membership changes" and titles[11] == "Recommendations"
    assert fig.NARRATIVE_BY_CODE["chair_comments"].chair_comments
