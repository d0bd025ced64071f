"""Quorum per case and per moment (AAR 2005 reg 6 as substituted in 2011), from the roster,
declarations and the agenda's times: who is in the room for each case."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select

from db.models import Agency, Member, Panel
from panelapp.domain.permissions import Permission
from panelapp.services import cases, panel_day
from panelapp.services.context import ServiceContext
from panelapp.services.sittings import add_cover, meeting_quorum, roster, set_attendance
from tests.services.cases.support import FRESH_SITTING, TODAY, new_case, new_sitting

REG6 = "Not quorate under regulation 6: "
NO_CHAIR = REG6 + "neither this panel's chair nor one of its vice chairs is sitting."


def _sitting(ctx: ServiceContext, n_cases: int = 3, day: date = FRESH_SITTING) -> tuple[int, dict[str, int]]:
    """Panel 1's home members (7) on a fresh sitting, three approvals: 09:30-10:45,
    10:45-12:00, 12:00-13:15. Returns the sitting and member ids by their first role."""
    meeting_id = new_sitting(ctx, day=day)
    for n in range(n_cases):
        cases.book_case(ctx, new_case(ctx, f"Q-{day:%m%d}-{n}").id, meeting_id, today=TODAY)
    by_role: dict[str, int] = {}
    for e in roster(ctx, meeting_id).entries:
        key = e.roles[0]
        while key in by_role:
            key += "+"
        by_role[key] = e.member_id
    return meeting_id, by_role


def _apologies(ctx: ServiceContext, meeting_id: int, *member_ids: int) -> None:
    for member_id in member_ids:
        set_attendance(ctx, meeting_id, member_id, "apologies")


def test_case_times_come_from_the_agenda(demo_ctx: ServiceContext) -> None:
    meeting_id, _ = _sitting(demo_ctx)
    found = meeting_quorum(demo_ctx, meeting_id)
    assert [(c.starts_at, c.ends_at) for c in found.cases] == [
        (time(9, 30), time(10, 45)),
        (time(10, 45), time(12, 0)),
        (time(12, 0), time(13, 15)),
    ]


def test_reg_6_1_a_late_joiner_counts_only_from_the_case_after_they_joined(demo_ctx: ServiceContext) -> None:
    meeting_id, who = _sitting(demo_ctx)
    _apologies(demo_ctx, meeting_id, who["independent"], who["independent+"])  # 5 left
    set_attendance(demo_ctx, meeting_id, who["social_worker+"], "late", joined_at=time(10, 45))
    first, second, third = meeting_quorum(demo_ctx, meeting_id).cases
    assert not first.result.quorate
    assert first.result.reasons == [REG6 + "only 4 members are sitting; 5 are needed."]
    assert first.not_yet_joined and second.not_yet_joined == ()
    assert second.result.quorate and third.result.quorate


def test_reg_6_1_a_member_leaving_mid_sitting_counts_only_for_cases_ended_by_then(
    demo_ctx: ServiceContext,
) -> None:
    meeting_id, who = _sitting(demo_ctx)
    _apologies(demo_ctx, meeting_id, who["independent"], who["independent+"])
    set_attendance(demo_ctx, meeting_id, who["independent++"], "present", left_at=time(12, 0))
    first, second, third = meeting_quorum(demo_ctx, meeting_id).cases
    assert first.result.quorate and second.result.quorate
    assert not third.result.quorate and third.already_left
    assert third.result.statutory_reasons == (REG6 + "only 4 members are sitting; 5 are needed.",)


def test_reg_6_without_agenda_times_a_late_joiner_counts_as_before(demo_ctx: ServiceContext) -> None:
    meeting_id = new_sitting(demo_ctx)
    who = {e.roles[0]: e.member_id for e in roster(demo_ctx, meeting_id).entries}
    set_attendance(demo_ctx, meeting_id, who["chair"], "late", joined_at=time(14, 0))
    assert meeting_quorum(demo_ctx, meeting_id).overall.quorate


def test_reg_6_1_the_chair_leaving_for_a_declaration_with_the_vice_chair_present(
    demo_ctx: ServiceContext,
) -> None:
    meeting_id, who = _sitting(demo_ctx)
    hearing_id = meeting_quorum(demo_ctx, meeting_id).cases[0].hearing_id
    result = panel_day.declare_interest(demo_ctx, hearing_id, who["chair"], "Knows the applicants")
    assert result.quorate  # the vice chair chairs the case


def test_reg_6_1_the_chair_leaving_for_a_declaration_without_a_vice_chair(demo_ctx: ServiceContext) -> None:
    meeting_id, who = _sitting(demo_ctx)
    _apologies(demo_ctx, meeting_id, who["vice_chair"])
    hearing_id = meeting_quorum(demo_ctx, meeting_id).cases[0].hearing_id
    result = panel_day.declare_interest(demo_ctx, hearing_id, who["chair"], "Knows the applicants")
    assert not result.quorate and result.reasons == [NO_CHAIR]
    found = meeting_quorum(demo_ctx, meeting_id)
    assert found.cases[1].result.quorate  # the chair is back for the next case


def test_reg_6_1_a_vice_chair_of_another_panel_does_not_chair_this_one(demo_ctx: ServiceContext) -> None:
    meeting_id, who = _sitting(demo_ctx)
    with demo_ctx.write(Permission.EDIT_MEMBERS) as session:
        panel_2 = session.scalar(select(Panel).where(Panel.name == "Panel 2"))
        assert panel_2 is not None
        other_vice = panel_2.vice_chair_id
    assert other_vice is not None
    add_cover(demo_ctx, meeting_id, other_vice)
    _apologies(demo_ctx, meeting_id, who["chair"], who["vice_chair"])
    overall = meeting_quorum(demo_ctx, meeting_id).overall
    assert not overall.quorate and overall.members_counted == 6
    assert len(overall.statutory_reasons) == 1
    assert overall.statutory_reasons[0].startswith(NO_CHAIR[:-1] + " (")
    assert "chairs another panel" in overall.statutory_reasons[0]


def test_reg_6_2_a_joint_panel_needs_six(demo_ctx: ServiceContext) -> None:
    meeting_id, who = _sitting(demo_ctx)
    _apologies(demo_ctx, meeting_id, who["independent"])  # 6 left
    assert meeting_quorum(demo_ctx, meeting_id).overall.quorate
    with demo_ctx.write(Permission.EDIT_SETTINGS) as session:
        panel = session.scalar(select(Panel).where(Panel.name == "Panel 1"))
        assert panel is not None
        panel.joint = True
    assert meeting_quorum(demo_ctx, meeting_id).overall.at_bare_minimum
    _apologies(demo_ctx, meeting_id, who["independent+"])
    overall = meeting_quorum(demo_ctx, meeting_id).overall
    assert overall.reasons == [REG6 + "only 5 members are sitting; 6 are needed for a joint panel."]


def test_reg_6_1_relevant_experience_not_years_since_qualifying(demo_ctx: ServiceContext) -> None:
    """A social worker qualified long ago but in relevant work only since last year does not
    give the panel its experienced social worker."""
    meeting_id, who = _sitting(demo_ctx)
    with demo_ctx.write(Permission.EDIT_MEMBERS) as session:
        for key in ("social_worker", "social_worker+"):
            member = session.get(Member, who[key])
            assert member is not None
            member.qualified_on = date(2005, 7, 1)
            member.relevant_experience_from = date(2025, 9, 1)
    overall = meeting_quorum(demo_ctx, meeting_id).overall
    assert overall.statutory_reasons == (
        REG6 + "no social work member with at least 3 years' relevant post-qualifying experience is sitting.",
    )


def test_agency_rule_is_off_by_default_and_labelled_when_on(demo_ctx: ServiceContext) -> None:
    meeting_id, who = _sitting(demo_ctx)
    assert meeting_quorum(demo_ctx, meeting_id).overall.required == 5
    meeting_id, who = _sitting(demo_ctx, day=date(2026, 12, 10))
    with demo_ctx.write(Permission.EDIT_SETTINGS) as session:
        agency = session.scalar(select(Agency))
        assert agency is not None
        agency.quorum_require_independent = True
        agency.quorum_min = 7
    overall = meeting_quorum(demo_ctx, meeting_id).overall
    assert overall.quorate  # 7 members, the independent chair and independent members
    _apologies(demo_ctx, meeting_id, who["independent"])
    overall = meeting_quorum(demo_ctx, meeting_id).overall
    assert overall.meets_regulation and not overall.quorate
    assert overall.reasons == ["Below the agency's own rule: 6 members are sitting; the agency asks for 7."]
