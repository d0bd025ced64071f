"""Quorum: one test per rule of AAR 2005 reg 6 (as substituted in 2011), per agency rule and per
reason the administrator sees. Statutory reasons start "Not quorate under regulation 6", the
agency's "Below the agency's own rule"."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from panelapp.domain.quorum import (
    Presence,
    QuorumPolicy,
    Sitter,
    check_quorum,
    in_room_for,
    pqe_years,
)

REG6 = "Not quorate under regulation 6: "
AGENCY = "Below the agency's own rule: "
COUNT_REASON_5 = REG6 + "only 4 members are sitting; 5 are needed."
NO_CHAIR = REG6 + "neither this panel's chair nor one of its vice chairs is sitting."
NO_SOCIAL_WORKER = (
    REG6 + "no social work member with at least 3 years' relevant post-qualifying experience is sitting."
)
NO_INDEPENDENT = AGENCY + "no independent member is sitting (the independent chair counts)."
WITH_INDEPENDENT = QuorumPolicy(require_independent=True)

CHAIR = Sitter("Ann Chair", {"chair"})
SOCIAL = Sitter("Sam Social", {"social_worker"}, pqe_years=6.0)
INDEPENDENT = Sitter("Ivy Independent", {"independent"})
MEDICAL = Sitter("Dr Mo", {"medical_adviser"})
COUNCILLOR = Sitter("Cllr Col", {"councillor"})
EDUCATION = Sitter("Ed Education", {"education"})
ADVISER = Sitter("Pat Adviser", {"adviser"})
ADMIN = Sitter("Al Admin", {"administrator"})
OBSERVER = Sitter("Olly Observer", {"observer"})

QUORATE_FIVE = [CHAIR, SOCIAL, INDEPENDENT, MEDICAL, COUNCILLOR]


def test_reg_6_1_five_members_with_chair_and_experienced_social_worker_are_quorate() -> None:
    result = check_quorum(QUORATE_FIVE, QuorumPolicy())
    assert result.quorate
    assert result.reasons == []
    assert (result.members_counted, result.required) == (5, 5)


def test_reg_6_1_four_members_are_not_enough() -> None:
    result = check_quorum(QUORATE_FIVE[:4], QuorumPolicy())
    assert not result.quorate
    assert result.reasons == [COUNT_REASON_5]
    assert result.members_counted == 4


def test_count_reason_wording_for_none_and_one() -> None:
    assert check_quorum([], QuorumPolicy()).reasons[0] == REG6 + "no members are sitting; 5 are needed."
    assert (
        check_quorum([CHAIR], QuorumPolicy()).reasons[0] == REG6 + "only 1 member is sitting; 5 are needed."
    )


def test_reg_6_2_joint_panel_needs_six() -> None:
    policy = QuorumPolicy(joint=True)
    five = check_quorum(QUORATE_FIVE, policy)
    assert not five.quorate
    assert five.required == 6
    assert five.reasons == [REG6 + "only 5 members are sitting; 6 are needed for a joint panel."]
    assert check_quorum([*QUORATE_FIVE, EDUCATION], policy).quorate


def test_reg_6_1_an_agency_minimum_below_five_does_not_lower_the_law() -> None:
    result = check_quorum(QUORATE_FIVE[:4], QuorumPolicy(minimum=4))
    assert not result.quorate and result.reasons == [COUNT_REASON_5]


def test_an_agency_minimum_above_five_is_the_agencys_rule_not_the_law() -> None:
    result = check_quorum(QUORATE_FIVE, QuorumPolicy(minimum=6))
    assert not result.quorate and result.meets_regulation
    assert result.reasons == [AGENCY + "5 members are sitting; the agency asks for 6."]
    assert result.statutory_reasons == () and result.summary == "Below the agency's own rule"
    with pytest.raises(ValueError):
        QuorumPolicy(minimum=0)


def test_reg_6_1_chair_or_vice_chair_is_required() -> None:
    result = check_quorum([SOCIAL, INDEPENDENT, MEDICAL, COUNCILLOR, EDUCATION], QuorumPolicy())
    assert result.reasons == [NO_CHAIR]


def test_reg_6_1_vice_chair_stands_in_for_the_chair() -> None:
    vice = Sitter("Val Vice", {"vice_chair"})
    assert check_quorum([vice, SOCIAL, INDEPENDENT, MEDICAL, COUNCILLOR], QuorumPolicy()).quorate


def test_reg_6_1_social_work_member_is_required() -> None:
    result = check_quorum([CHAIR, INDEPENDENT, MEDICAL, COUNCILLOR, EDUCATION], QuorumPolicy())
    assert result.reasons == [NO_SOCIAL_WORKER]


def test_reg_6_1_social_work_member_needs_three_years_relevant_pqe() -> None:
    junior = Sitter("Jo Junior", {"social_worker"}, pqe_years=2.9)
    result = check_quorum([CHAIR, junior, INDEPENDENT, MEDICAL, COUNCILLOR], QuorumPolicy())
    assert result.reasons == [NO_SOCIAL_WORKER]
    exactly_three = Sitter("Tia Three", {"social_worker"}, pqe_years=3.0)
    assert check_quorum([CHAIR, exactly_three, INDEPENDENT, MEDICAL, COUNCILLOR], QuorumPolicy()).quorate


def test_unknown_pqe_does_not_count_and_says_the_date_is_missing() -> None:
    unknown = Sitter("Uma Unknown", {"social_worker"})
    result = check_quorum([CHAIR, unknown, INDEPENDENT, MEDICAL, COUNCILLOR], QuorumPolicy())
    assert not result.quorate
    assert result.reasons[0] == NO_SOCIAL_WORKER
    assert len(result.reasons) == 2
    assert result.reasons[1].startswith(REG6 + "the date relevant experience started is missing")
    assert "Uma Unknown" in result.reasons[1]


def test_missing_date_is_not_mentioned_when_another_social_worker_qualifies() -> None:
    unknown = Sitter("Uma Unknown", {"social_worker"})
    result = check_quorum([*QUORATE_FIVE, unknown], QuorumPolicy())
    assert result.quorate and result.reasons == []


def test_reg_6_an_independent_member_is_not_required_by_law() -> None:
    """QuorumPolicy() is regulation 6 alone: five members with a vice chair and a social worker
    are quorate without an independent member."""
    vice = Sitter("Val Vice", {"vice_chair"})
    result = check_quorum([vice, SOCIAL, MEDICAL, COUNCILLOR, EDUCATION], QuorumPolicy())
    assert result.quorate and result.meets_regulation and result.reasons == []


def test_agency_rule_independent_member_is_labelled_as_the_agencys() -> None:
    vice = Sitter("Val Vice", {"vice_chair"})
    result = check_quorum([vice, SOCIAL, MEDICAL, COUNCILLOR, EDUCATION], WITH_INDEPENDENT)
    assert not result.quorate and result.meets_regulation
    assert result.reasons == [NO_INDEPENDENT] and result.agency_reasons == (NO_INDEPENDENT,)


def test_agency_rule_the_independent_chair_counts_as_independent() -> None:
    assert check_quorum([CHAIR, SOCIAL, MEDICAL, COUNCILLOR, EDUCATION], WITH_INDEPENDENT).quorate


def test_reg_6_1_a_vice_chair_of_another_panel_does_not_make_this_one_quorate() -> None:
    """Reg 6(1): the chair or a vice chair appointed to *that* panel."""
    other_vice = Sitter("Olive Other", {"vice_chair", "independent"}, appointed_chair=False)
    result = check_quorum([other_vice, SOCIAL, MEDICAL, COUNCILLOR, EDUCATION], QuorumPolicy())
    assert not result.quorate
    assert result.reasons == [
        REG6
        + "neither this panel's chair nor one of its vice chairs is sitting (Olive Other chairs another panel)."
    ]
    ours = Sitter("Vera Ours", {"vice_chair"}, appointed_chair=True)
    assert check_quorum([ours, SOCIAL, MEDICAL, COUNCILLOR, EDUCATION], QuorumPolicy()).quorate


def test_each_failing_rule_gives_its_own_reason_in_order() -> None:
    result = check_quorum([MEDICAL, ADVISER], QuorumPolicy())
    result = check_quorum([MEDICAL, ADVISER], WITH_INDEPENDENT)
    assert result.reasons == [
        REG6 + "only 1 member is sitting; 5 are needed.",
        NO_CHAIR,
        NO_SOCIAL_WORKER,
        NO_INDEPENDENT,
    ]
    assert result.statutory_reasons == tuple(result.reasons[:3])
    assert result.agency_reasons == (NO_INDEPENDENT,)
    assert result.summary == "Not quorate under regulation 6"


def test_advisers_administrators_and_observers_never_count() -> None:
    result = check_quorum([*QUORATE_FIVE[:4], ADVISER, ADMIN, OBSERVER], QuorumPolicy())
    assert not result.quorate
    assert result.members_counted == 4
    assert result.reasons == [COUNT_REASON_5]
    assert "Pat Adviser" not in result.members


def test_an_adviser_who_is_also_a_member_counts_as_the_member() -> None:
    both = Sitter("Bo Both", {"adviser", "education"})
    assert check_quorum([*QUORATE_FIVE[:4], both], QuorumPolicy()).quorate


def test_a_person_with_several_roles_counts_once_but_fills_each_role() -> None:
    vice_and_independent = Sitter("Vi Both", {"vice_chair", "independent"})
    result = check_quorum([vice_and_independent, SOCIAL, MEDICAL, COUNCILLOR], QuorumPolicy())
    assert result.members_counted == 4
    assert result.reasons == [COUNT_REASON_5]


def test_the_same_name_twice_is_one_person_with_both_roles() -> None:
    people = [
        Sitter("Vi Both", {"vice_chair"}),
        Sitter("  vi   both ", ["independent"]),
        SOCIAL,
        MEDICAL,
        COUNCILLOR,
    ]
    result = check_quorum(people, QuorumPolicy())
    assert result.members_counted == 4
    assert result.reasons == [COUNT_REASON_5]
    assert result.members.count("Vi Both") == 1


def test_merging_by_name_keeps_a_known_pqe() -> None:
    people = [Sitter("Sam", {"social_worker"}), Sitter("Sam", {"social_worker"}, 4.0)]
    result = check_quorum([CHAIR, *people, INDEPENDENT, MEDICAL, COUNCILLOR], QuorumPolicy())
    assert result.quorate


def test_unknown_role_codes_do_not_make_someone_count() -> None:
    result = check_quorum([*QUORATE_FIVE[:4], Sitter("Typo", {"chiar"})], QuorumPolicy())
    assert result.members_counted == 4


def test_roles_accept_any_iterable_and_a_single_code() -> None:
    assert Sitter("A", ["chair", "independent"]).roles == frozenset({"chair", "independent"})
    assert Sitter("A", ("chair",)).roles == frozenset({"chair"})
    assert Sitter("A", "vice_chair").roles == frozenset({"vice_chair"})
    assert hash(Sitter("A", {"chair"})) == hash(Sitter("A", frozenset({"chair"})))


def test_bare_minimum_is_flagged_and_one_above_is_not() -> None:
    assert check_quorum(QUORATE_FIVE, QuorumPolicy()).at_bare_minimum
    assert not check_quorum([*QUORATE_FIVE, EDUCATION], QuorumPolicy()).at_bare_minimum
    assert not check_quorum(QUORATE_FIVE[:4], QuorumPolicy()).at_bare_minimum
    assert check_quorum([*QUORATE_FIVE, EDUCATION], QuorumPolicy(joint=True)).at_bare_minimum


# -- post-qualifying experience ------------------------------------------------


def test_pqe_years() -> None:
    assert pqe_years(None, date(2024, 1, 1)) is None
    assert pqe_years(date(2021, 3, 10), date(2024, 3, 10)) == 3.0
    assert pqe_years(date(2021, 3, 10), date(2024, 3, 9)) == 2.9
    assert pqe_years(date(2020, 1, 1), date(2022, 7, 2)) == 2.4
    assert pqe_years(date(2025, 1, 1), date(2024, 1, 1)) == 0.0


def test_pqe_from_29_february_counts_from_1_march() -> None:
    assert pqe_years(date(2020, 2, 29), date(2023, 2, 28)) == 2.9
    assert pqe_years(date(2020, 2, 29), date(2023, 3, 1)) == 3.0


@settings(max_examples=200, deadline=None)
@given(
    qualified=st.dates(date(1990, 1, 1), date(2030, 12, 31)),
    on=st.dates(date(1990, 1, 1), date(2035, 12, 31)),
)
def test_three_years_pqe_is_reached_on_the_third_anniversary(qualified: date, on: date) -> None:
    years = pqe_years(qualified, on)
    assert years is not None and years >= 0
    try:
        third = qualified.replace(year=qualified.year + 3)
    except ValueError:  # 29 February
        third = date(qualified.year + 3, 3, 1)
    assert (years >= 3.0) == (on >= third)


roles = st.frozensets(
    st.sampled_from(
        [
            "chair",
            "vice_chair",
            "social_worker",
            "independent",
            "medical_adviser",
            "councillor",
            "education",
            "adviser",
            "administrator",
            "observer",
        ]
    ),
    max_size=3,
)
sitters = st.lists(
    st.builds(
        Sitter,
        st.sampled_from([f"Person {i}" for i in range(10)]),
        roles,
        st.one_of(st.none(), st.floats(0, 20)),
    ),
    max_size=10,
)


@settings(max_examples=200, deadline=None)
@given(people=sitters, joint=st.booleans(), independent=st.booleans())
def test_quorate_exactly_when_every_rule_holds(people: list[Sitter], joint: bool, independent: bool) -> None:
    by_name: dict[str, set[str]] = {}
    pqe: dict[str, float] = {}
    for p in people:
        by_name.setdefault(p.name, set()).update(p.roles)
        if p.pqe_years is not None:
            pqe[p.name] = max(pqe.get(p.name, 0.0), p.pqe_years)
    members = {n: r for n, r in by_name.items() if r - {"adviser", "administrator", "observer"}}
    expected = (
        len(members) >= (6 if joint else 5)
        and any(r & {"chair", "vice_chair"} for r in members.values())
        and any("social_worker" in r and pqe.get(n, 0.0) >= 3 for n, r in members.items())
        and (not independent or any(r & {"independent", "chair"} for r in members.values()))
    )
    result = check_quorum(people, QuorumPolicy(joint=joint, require_independent=independent))
    assert result.quorate == expected
    assert result.members_counted == len(members)
    assert (result.reasons == []) == expected


# -- per moment: who is in the room for a case ---------------------------------


def test_reg_6_a_late_joiner_counts_from_the_case_starting_when_they_joined() -> None:
    late = Presence(joined_at=time(10, 30))
    assert not in_room_for(late, time(9, 30), time(10, 30))
    assert in_room_for(late, time(10, 30), time(11, 30))
    assert in_room_for(late, None, None)  # no agenda times: counted as before


def test_reg_6_someone_leaving_mid_sitting_counts_only_for_cases_ended_by_then() -> None:
    left = Presence(left_at=time(11, 0))
    assert in_room_for(left, time(10, 0), time(11, 0))
    assert not in_room_for(left, time(10, 30), time(11, 30))
    assert not in_room_for(left, time(11, 30), time(12, 30))
