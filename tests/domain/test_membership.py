"""Central-list rules: due dates, status history, names, Appendix A words, suppression."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from panelapp.domain.membership import (
    Compliance,
    StatusPeriod,
    add_months,
    appraisal_due,
    compliance_state,
    current_status,
    dbs_recheck_due,
    member_field_errors,
    overdue_cutoff,
    parse_roles,
    role_description,
    split_name,
    suppress_small,
    surname_key,
)
from panelapp.domain.vocab import Role


def test_dbs_recheck_is_three_years_on_and_a_leap_day_falls_back_to_28_february() -> None:
    assert dbs_recheck_due(date(2023, 5, 10)) == date(2026, 5, 10)
    assert dbs_recheck_due(date(2024, 2, 29)) == date(2027, 2, 28)
    assert dbs_recheck_due(date(2024, 2, 29), recheck_years=4) == date(2028, 2, 29)


def test_appraisal_is_due_a_year_after_the_last_or_after_joining() -> None:
    assert appraisal_due(date(2025, 3, 1), date(2019, 1, 1)) == date(2026, 3, 1)
    assert appraisal_due(None, date(2025, 9, 1)) == date(2026, 9, 1)
    assert appraisal_due(None, None) is None
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (date(2026, 5, 31), Compliance.OVERDUE),
        (date(2026, 6, 1), Compliance.DUE_SOON),  # due today: not yet overdue
        (date(2026, 7, 1), Compliance.DUE_SOON),  # 30 days ahead
        (date(2026, 7, 2), Compliance.OK),
        (None, Compliance.MISSING),
    ],
)
def test_compliance_state_boundaries(due: date | None, expected: Compliance) -> None:
    assert compliance_state(due, date(2026, 6, 1)) == expected


@given(st.dates(date(2000, 1, 1), date(2040, 12, 31)), st.sampled_from([12, 36, 60]))
def test_overdue_cutoff_agrees_with_the_due_date_rule(today: date, months: int) -> None:
    cutoff = overdue_cutoff(today, months)
    for checked in (cutoff - timedelta(days=1), cutoff, cutoff + timedelta(days=1)):
        overdue = compliance_state(add_months(checked, months), today) == Compliance.OVERDUE
        assert overdue == (checked < cutoff)


def test_current_status_takes_the_period_covering_today_and_keeps_leaving_after_a_gap() -> None:
    history = [
        StatusPeriod("active", date(2020, 1, 1), date(2025, 9, 30)),
        StatusPeriod("on_leave", date(2025, 10, 1), date(2026, 4, 30), "maternity leave"),
        StatusPeriod("active", date(2026, 5, 1)),
    ]
    assert current_status(history, date(2025, 12, 1)).note == "maternity leave"
    assert current_status(history, date(2026, 6, 1)).status == "active"
    left = [
        StatusPeriod("active", date(2020, 1, 1), date(2024, 1, 1)),
        StatusPeriod("left", date(2024, 1, 2), date(2024, 1, 3)),
    ]
    assert current_status(left, date(2025, 1, 1)).status == "left"
    assert current_status([], date(2025, 1, 1)).status == "active"


@pytest.mark.parametrize(
    ("text", "title", "first", "last"),
    [
        ("Dr Jane Smith", "Dr", "Jane", "Smith"),
        ("Mary Ann Jones", "", "Mary Ann", "Jones"),
        ("Anna van der Berg", "", "Anna", "van der Berg"),
        ("Cher", "", "", "Cher"),
    ],
)
def test_split_name(text: str, title: str, first: str, last: str) -> None:
    name = split_name(text)
    assert (name.title, name.first, name.last) == (title, first, last)
    assert name.full == text


def test_surname_order_ignores_particles() -> None:
    names = [("Anna", "van der Berg"), ("Tom", "Adams"), ("Zoe", "Carter")]
    assert [n[1] for n in sorted(names, key=lambda n: surname_key(*n))] == ["Adams", "van der Berg", "Carter"]


def test_parse_roles_names_every_unknown_role() -> None:
    assert parse_roles("vice_chair; independent") == (Role.VICE_CHAIR, Role.INDEPENDENT)
    with pytest.raises(ValueError, match="'wizard', 'observer'"):
        parse_roles("chair;wizard;observer")


@pytest.mark.parametrize(
    ("roles", "council", "leave", "words"),
    [
        (["chair"], None, None, "independent chair"),
        (["vice_chair", "independent"], None, None, "independent vice chair"),
        (["medical_adviser"], None, None, "medical adviser"),
        (["social_worker"], None, None, "social work member"),
        (["independent"], None, "maternity leave", "independent member – currently on maternity leave"),
        (["councillor"], "Medway", None, "Medway councillor"),
        (["independent"], None, "", "independent member – currently on leave"),
    ],
)
def test_appendix_a_role_words(roles: list[str], council: str | None, leave: str | None, words: str) -> None:
    assert role_description(roles, council, leave) == words


def test_small_categories_are_suppressed() -> None:
    assert [suppress_small(n) for n in (0, 1, 4, 5, 12)] == ["0", "fewer than 5", "fewer than 5", "5", "12"]


def test_member_field_errors_name_the_field() -> None:
    today = date(2026, 1, 1)
    errors = member_field_errors(
        last_name="",
        email="not-an-email",
        roles=["social_worker"],
        qualified_on=None,
        joined_on=None,
        today=today,
    )
    assert set(errors) == {"last_name", "email", "qualified_on"}
    assert "qualification date" in errors["qualified_on"]
    ok = member_field_errors(
        last_name="Smith",
        email="a@b.org",
        roles=["social_worker"],
        qualified_on=date(2010, 1, 1),
        joined_on=None,
        today=today,
    )
    assert ok == {}


def test_membership_events_are_one_rule_for_statistics_and_report() -> None:
    from datetime import date as d

    from panelapp.domain.membership import membership_events

    start, end = d(2026, 4, 1), d(2026, 9, 30)
    events = membership_events(
        d(2026, 5, 1),
        [("active", d(2026, 5, 1)), ("left", d(2026, 9, 30)), ("left", d(2026, 10, 1))],
        [
            ("independent", d(2026, 5, 1)),
            ("vice_chair", d(2026, 6, 1)),
            ("chair", d(2025, 1, 1)),
            ("chair", None),
        ],
        start,
        end,
    )
    assert events == [("joined", d(2026, 5, 1)), ("left", d(2026, 9, 30)), ("new_vice_chair", d(2026, 6, 1))]
