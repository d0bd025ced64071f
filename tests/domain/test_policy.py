"""Agency policy declared once: declarations, AgencyPolicy's defaults, the law's limits, the one check."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import pytest

from panelapp.domain import policy
from panelapp.domain.policy import (
    ADM_DECISION_WD,
    CLOSURE_DAYS,
    MARKING,
    NON_WORKING_DAY,
    QUORUM_MIN,
    QUORUM_REQUIRE_INDEPENDENT,
    REPRESENTATIONS,
    SW_NOTIFICATION_WD,
    WRITTEN_CONFIRMATION_WD,
    AgencyPolicy,
    Kind,
    Section,
    SettingRefused,
    check,
    check_values,
    declared,
)
from panelapp.domain.vocab import NonWorkingDayPolicy


def test_every_setting_of_agency_policy_is_declared_once_with_its_default() -> None:
    arguments = [f.name for f in fields(AgencyPolicy) if f.init]
    keys = [s.key for s in declared()]
    assert sorted(keys) == sorted(arguments)
    assert len(set(keys)) == len(keys)
    defaults = AgencyPolicy()
    for s in declared():
        assert getattr(defaults, s.key) == s.default, s.key


def test_every_declaration_says_what_it_is_and_allows_its_own_default() -> None:
    for s in declared():
        assert s.label and s.help, s.key
        assert check(s, s.default) == s.default, s.key
        if s.kind is Kind.INT:
            assert s.unit and s.low <= s.default <= s.high, s.key
        if s.kind is Kind.CHOICE:
            assert s.default in [code for code, _words in s.choices], s.key


def test_the_sections_split_the_declarations_between_the_settings_tabs() -> None:
    assert declared(Section.AGENCY) == (MARKING,)
    assert declared(Section.CLOSURE_DAYS) == (CLOSURE_DAYS,)
    assert MARKING.section.file_table == "agency" and CLOSURE_DAYS.section.file_table == "policy"
    assert QUORUM_MIN in declared(Section.POLICY) and MARKING not in declared(Section.POLICY)


def test_non_working_day_offers_exactly_what_the_sitting_generator_understands() -> None:
    assert [code for code, _ in NON_WORKING_DAY.choices] == [p.value for p in NonWorkingDayPolicy]


# -- what the law fixes ------------------------------------------------------------------------


def test_quorum_has_the_statutory_floor_of_five_and_six_for_a_joint_panel() -> None:
    assert QUORUM_MIN.law is not None and QUORUM_MIN.law.bound == "floor"
    assert QUORUM_MIN.low == 5
    at_the_floor = AgencyPolicy(quorum_min=QUORUM_MIN.low)
    assert at_the_floor.quorum().required == 5
    assert at_the_floor.quorum(joint=True).required == 6
    assert check(QUORUM_MIN, 6) == 6  # stricter is allowed
    with pytest.raises(SettingRefused) as caught:
        check(QUORUM_MIN, 4)
    assert caught.value.reason == (
        "must be between 5 and 20, not 4: the law requires at least 5 members "
        "(Adoption Agencies Regulations 2005, reg 6)"
    )


@pytest.mark.parametrize(
    ("declaration", "ceiling"),
    [(ADM_DECISION_WD, 7), (SW_NOTIFICATION_WD, 2), (WRITTEN_CONFIRMATION_WD, 5)],
)
def test_the_adm_clocks_may_be_stricter_never_looser(declaration: policy.Setting[int], ceiling: int) -> None:
    assert declaration.law is not None and declaration.law.bound == "ceiling"
    assert (declaration.high, declaration.default) == (ceiling, ceiling)
    assert check(declaration, ceiling - 1) == ceiling - 1
    with pytest.raises(
        SettingRefused, match=f"not {ceiling + 1}: the law allows at most {ceiling} working days"
    ):
        check(declaration, ceiling + 1)
    assert "Limit: the law allows at most" in declaration.description()


def test_the_representations_window_is_fixed_by_law_and_no_setting() -> None:
    assert "representations_wd" not in [s.key for s in declared()]
    assert AgencyPolicy().representations_wd == REPRESENTATIONS.value == 40
    with pytest.raises(TypeError):
        AgencyPolicy(representations_wd=30)  # type: ignore[call-arg]
    held, refused = check_values({"representations_wd": 40})
    assert held == {}
    assert refused == {
        "representations_wd": "Fixed by law at 40 working days (Adoption Agencies Regulations 2005): not a setting."
    }


def test_a_limit_an_agency_chose_is_refused_without_blaming_the_law() -> None:
    with pytest.raises(SettingRefused) as caught:
        check(QUORUM_MIN, 21)
    assert caught.value.reason == "must be between 5 and 20, not 21"
    assert str(caught.value) == "Must be between 5 and 20, not 21."


# -- the one check, kind by kind ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("declaration", "value", "reason"),
    [
        (QUORUM_MIN, "five", "must be a whole number from 5 to 20"),
        (QUORUM_MIN, True, "must be a whole number from 5 to 20"),
        (QUORUM_REQUIRE_INDEPENDENT, "yes", "must be true or false, without quotes"),
        (
            NON_WORKING_DAY,
            "skip",
            'must be "next_working_day" (move it to the next working day) or "cancel" (cancel it), not \'skip\'',
        ),
        (MARKING, 7, "must be text in quotes"),
        (MARKING, "   ", "must not be empty"),
        (MARKING, "X" * 61, "must be at most 60 characters, not 61"),
        (CLOSURE_DAYS, "2026-12-24", "must be a list of dates, e.g. [2025-12-29, 2025-12-30]"),
        (CLOSURE_DAYS, ["2026-02-30"], 'must list real dates: "2026-02-30" is not one'),
        (CLOSURE_DAYS, ["24/12/2026"], "must list dates written YYYY-MM-DD: '24/12/2026' is not one"),
    ],
)
def test_each_kind_refuses_in_words(declaration: policy.Setting[object], value: object, reason: str) -> None:
    with pytest.raises(SettingRefused) as caught:
        check(declaration, value)
    assert caught.value.reason == reason
    assert caught.value.setting is declaration


def test_values_come_back_as_the_setting_holds_them() -> None:
    assert check(MARKING, "  OFFICIAL -   SENSITIVE ") == "OFFICIAL - SENSITIVE"
    days = check(CLOSURE_DAYS, ["2026-12-31", date(2026, 12, 24), "2026-12-31"])
    assert days == (date(2026, 12, 24), date(2026, 12, 31))


def test_check_values_reports_every_refusal_at_once() -> None:
    held, refused = check_values({"quorum_min": 6, "dbs_recheck_years": 0, "colour": "blue", "marking": "X"})
    assert held == {"quorum_min": 6}
    assert refused == {
        "dbs_recheck_years": "Must be between 1 and 10, not 0.",
        "colour": "colour is not a policy setting.",
        "marking": "marking is not a policy setting.",  # saved with the agency's details, not here
    }
