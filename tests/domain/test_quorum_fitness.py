"""Members fit to sit on a day (issue 16): DBS, the DBS Update Service, appraisal, leave.

The checks are agency policy under the 2013 statutory guidance on the central list (DBS
re-check every dbs_recheck_years, appraisal every appraisal_interval_months); a member who
is not fit is shown with the reason in words on the roster, attendance and agenda.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from panelapp.domain.fitness import (
    UPDATE_SERVICE_RECHECK_MONTHS,
    ComplianceFacts,
    dbs_certificate_number,
    fitness_on,
    update_service_id,
)
from panelapp.domain.membership import StatusPeriod

DAY = date(2026, 11, 24)
GOOD = ComplianceFacts(
    roles=frozenset({"independent"}),
    dbs_checks=(date(2025, 1, 10),),
    appraisals=(date(2026, 2, 1),),
    joined_on=date(2020, 1, 1),
    statuses=(StatusPeriod("active", date(2020, 1, 1)),),
)


def facts(**changes: Any) -> ComplianceFacts:
    return replace(GOOD, **changes)


def test_a_member_with_everything_in_date_is_fit() -> None:
    result = fitness_on(DAY, GOOD)
    assert result.fit and result.reasons == () and result.words == ""


def test_dbs_lapses_after_the_agencys_recheck_years_and_says_when() -> None:
    lapsed = facts(dbs_checks=(date(2021, 3, 14),))
    assert fitness_on(DAY, lapsed).reasons == ("DBS lapsed 14/03/2024",)
    # the agency's own period: six years keeps it in date
    assert fitness_on(DAY, lapsed, dbs_recheck_years=6).fit
    # the last day is still in date; the day after is not
    on_edge = facts(dbs_checks=(date(2023, 11, 24),))
    assert fitness_on(DAY, on_edge).fit
    assert not fitness_on(date(2026, 11, 25), on_edge).fit


def test_only_checks_made_by_the_day_count() -> None:
    """A past sitting is judged as it stood: a renewal made afterwards does not mend it."""
    renewed_later = facts(dbs_checks=(date(2021, 3, 14), date(2026, 12, 1)))
    assert fitness_on(DAY, renewed_later).reasons == ("DBS lapsed 14/03/2024",)
    assert fitness_on(date(2026, 12, 2), renewed_later).fit


def test_no_dbs_check_at_all_is_named() -> None:
    assert fitness_on(DAY, facts(dbs_checks=())).reasons == ("No DBS check recorded",)


def test_a_recent_update_service_status_check_keeps_an_old_certificate_current() -> None:
    assert UPDATE_SERVICE_RECHECK_MONTHS == 12  # the status check is made at least yearly
    old = facts(
        dbs_checks=(date(2019, 5, 1),),
        update_service_id="C0A1B2C3D4",
        update_checked_on=date(2026, 6, 1),
    )
    assert fitness_on(DAY, old).fit


def test_an_update_service_check_more_than_a_year_old_lapses() -> None:
    stale = facts(
        dbs_checks=(date(2019, 5, 1),),
        update_service_id="C0A1B2C3D4",
        update_checked_on=date(2025, 6, 1),
    )
    assert fitness_on(DAY, stale).reasons == (
        "DBS lapsed 01/06/2026 (Update Service last checked 01/06/2025)",
    )


def test_a_status_check_without_a_subscription_id_does_not_count() -> None:
    no_id = facts(dbs_checks=(date(2019, 5, 1),), update_checked_on=date(2026, 6, 1))
    assert fitness_on(DAY, no_id).reasons == ("DBS lapsed 01/05/2022",)


def test_appraisal_lapses_after_the_agencys_interval() -> None:
    late = facts(appraisals=(date(2025, 10, 1),))
    assert fitness_on(DAY, late).reasons == ("Appraisal lapsed 01/10/2026",)
    assert fitness_on(DAY, late, appraisal_interval_months=18).fit


def test_a_new_member_has_a_year_from_joining_for_a_first_appraisal() -> None:
    assert fitness_on(DAY, facts(appraisals=(), joined_on=date(2026, 3, 1))).fit
    assert fitness_on(DAY, facts(appraisals=(), joined_on=date(2025, 3, 1))).reasons == (
        "Appraisal lapsed 01/03/2026",
    )
    assert fitness_on(DAY, facts(appraisals=(), joined_on=None)).reasons == ("No appraisal recorded",)


def test_leave_on_the_day_is_named_with_its_note() -> None:
    leave = facts(
        statuses=(
            StatusPeriod("active", date(2020, 1, 1), date(2025, 9, 30)),
            StatusPeriod("on_leave", date(2025, 10, 1), None, "maternity leave"),
        )
    )
    assert fitness_on(DAY, leave).reasons == ("On leave (maternity leave) from 01/10/2025",)
    assert not any(r.startswith("On leave") for r in fitness_on(date(2025, 9, 30), leave).reasons)


def test_a_member_who_has_left_is_not_fit() -> None:
    gone = facts(
        statuses=(
            StatusPeriod("active", date(2020, 1, 1), date(2025, 6, 30)),
            StatusPeriod("left", date(2025, 7, 1)),
        )
    )
    assert fitness_on(DAY, gone).reasons == ("Left the central list on 01/07/2025",)


def test_every_reason_is_given_in_order() -> None:
    everything = facts(
        dbs_checks=(date(2021, 3, 14),),
        appraisals=(date(2024, 1, 1),),
        statuses=(StatusPeriod("on_leave", date(2026, 11, 1)),),
    )
    assert fitness_on(DAY, everything).words == (
        "On leave from 01/11/2026; DBS lapsed 14/03/2024; Appraisal lapsed 01/01/2025"
    )


def test_staff_are_not_members_and_need_no_checks() -> None:
    assert fitness_on(DAY, facts(roles=frozenset({"adviser"}), dbs_checks=(), appraisals=())).fit


# -- what is typed ---------------------------------------------------------------


def test_a_dbs_certificate_number_is_twelve_digits_spaces_allowed() -> None:
    assert dbs_certificate_number("0012 3456 7890") == "001234567890"
    assert dbs_certificate_number(" 001234567890 ") == "001234567890"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12", "12 digits; this one has 2"),
        ("0012345678901", "this one has 13"),
        ("00123456789X", "no letters or other marks"),
        ("0012-3456-7890", "no letters or other marks"),
        ("", "Enter the DBS certificate number"),
    ],
)
def test_anything_else_is_refused_with_a_reason(typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        dbs_certificate_number(typed)


def test_update_service_subscription_id_letters_and_digits() -> None:
    assert update_service_id(" c0a1 b2c3d4 ") == "C0A1B2C3D4"
    assert update_service_id("") == ""
    for bad in ("AB12", "C0A1-B2C3D4", "C0A1B2C3D4É", "X" * 21):
        with pytest.raises(ValueError, match="letters and digits only"):
            update_service_id(bad)
