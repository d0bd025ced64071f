"""Quorum: one test per rule of reg 6 and per reason the administrator sees."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from panelapp.domain.quorum import QuorumPolicy, Sitter, check_quorum, pqe_years

COUNT_REASON_5 = "Only 4 members are sitting; 5 are needed."
NO_CHAIR = "No chair or vice chair is sitting."
NO_SOCIAL_WORKER = "No social work member with at least 3 years' post-qualifying experience is sitting."
NO_INDEPENDENT = "No independent member is sitting."

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


def test_five_members_with_chair_social_worker_and_independent_are_quorate() -> None:
    result = check_quorum(QUORATE_FIVE, QuorumPolicy())
    assert result.quorate
    assert result.reasons == []
    assert (result.members_counted, result.required) == (5, 5)


def test_four_members_are_not_enough() -> None:
    result = check_quorum(QUORATE_FIVE[:4], QuorumPolicy())
    assert not result.quorate
    assert result.reasons == [COUNT_REASON_5]
    assert result.members_counted == 4


def test_count_reason_wording_for_none_and_one() -> None:
    assert check_quorum([], QuorumPolicy()).reasons[0] == "No members are sitting; 5 are needed."
    assert check_quorum([CHAIR], QuorumPolicy()).reasons[0] == "Only 1 member is sitting; 5 are needed."


def test_joint_panel_needs_six() -> None:
    policy = QuorumPolicy(joint=True)
    five = check_quorum(QUORATE_FIVE, policy)
    assert not five.quorate
    assert five.required == 6
    assert five.reasons == ["Only 5 members are sitting; 6 are needed for a joint panel."]
    assert check_quorum([*QUORATE_FIVE, EDUCATION], policy).quorate


def test_agency_minimum_is_configurable() -> None:
    assert check_quorum(QUORATE_FIVE[:4], QuorumPolicy(minimum=4)).quorate
    with pytest.raises(ValueError):
        QuorumPolicy(minimum=0)


def test_chair_or_vice_chair_is_required() -> None:
    result = check_quorum([SOCIAL, INDEPENDENT, MEDICAL, COUNCILLOR, EDUCATION], QuorumPolicy())
    assert result.reasons == [NO_CHAIR]


def test_vice_chair_stands_in_for_the_chair() -> None:
    vice = Sitter("Val Vice", {"vice_chair"})
    assert check_quorum([vice, SOCIAL, INDEPENDENT, MEDICAL, COUNCILLOR], QuorumPolicy()).quorate


def test_social_work_member_is_required() -> None:
    result = check_quorum([CHAIR, INDEPENDENT, MEDICAL, COUNCILLOR, EDUCATION], QuorumPolicy())
    assert result.reasons == [NO_SOCIAL_WORKER]


def test_social_work_member_needs_three_years_pqe() -> None:
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
    assert "qualification date is missing" in result.reasons[1]
    assert "Uma Unknown" in result.reasons[1]


def test_missing_date_is_not_mentioned_when_another_social_worker_qualifies() -> None:
    unknown = Sitter("Uma Unknown", {"social_worker"})
    result = check_quorum([*QUORATE_FIVE, unknown], QuorumPolicy())
    assert result.quorate and result.reasons == []


def test_independent_member_is_required_by_default() -> None:
    result = check_quorum([CHAIR, SOCIAL, MEDICAL, COUNCILLOR, EDUCATION], QuorumPolicy())
    assert result.reasons == [NO_INDEPENDENT]


def test_independent_member_requirement_can_be_turned_off() -> None:
    policy = QuorumPolicy(require_independent=False)
    assert check_quorum([CHAIR, SOCIAL, MEDICAL, COUNCILLOR, EDUCATION], policy).quorate


def test_each_failing_rule_gives_its_own_reason_in_order() -> None:
    result = check_quorum([MEDICAL, ADVISER], QuorumPolicy())
    assert result.reasons == [
        "Only 1 member is sitting; 5 are needed.",
        NO_CHAIR,
        NO_SOCIAL_WORKER,
        NO_INDEPENDENT,
    ]


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
        and (not independent or any("independent" in r for r in members.values()))
    )
    result = check_quorum(people, QuorumPolicy(joint=joint, require_independent=independent))
    assert result.quorate == expected
    assert result.members_counted == len(members)
    assert (result.reasons == []) == expected
