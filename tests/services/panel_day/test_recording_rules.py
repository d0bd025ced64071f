"""Nothing recorded that could not have happened (issue 16).

A recommendation, its vote and the gradings are recorded only for a sitting on or before
today and for a case the panel is quorate for at that moment (AAR 2005 reg 6, as substituted
in 2011; Statutory guidance 2013 ch 3: an inquorate panel makes no recommendation). An
inquorate case is recorded as not heard and booked again. Minutes are signed off on or after
the sitting's day.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from db.models import AdmDecisionRecord, AuditEntry, Case, Grading, Hearing, Minutes, Recommendation
from panelapp import clock
from panelapp.domain import case_types
from panelapp.domain.periods import uk_date
from panelapp.domain.vocab import Outcome, UserRole
from panelapp.services import panel_day, sittings
from panelapp.services.cases.booking import book_case
from panelapp.services.context import CurrentUser, ServiceContext
from panelapp.services.errors import PermissionDenied, ValidationError
from panelapp.services.panel_day import CaseSheet, DaySheet, RecommendationForm
from tests.services.panel_day.support import (
    apologies_down_to_bare_quorum,
    mark_everyone_present,
    on_the_day,
    walkthrough_sitting,
)


def _form(**overrides: object) -> RecommendationForm:
    values: dict[str, object] = {
        "outcome": "recommended",
        "vote_for": 5,
        "vote_against": 0,
        "vote_abstain": 0,
        "reasons": "Warm, reflective applicants with a strong support network.",
    }
    values.update(overrides)
    return RecommendationForm(**values)  # type: ignore[arg-type]


def _decided(sheet: DaySheet, skip: int = 0) -> CaseSheet:
    return [c for c in sheet.cases if not case_types.get(c.case_type).noted_only][skip]


def _written(ctx: ServiceContext) -> tuple[int, int, int]:
    """(audit rows, recommendations, panel grades): all unchanged after a refusal."""
    with ctx.read() as session:
        return (
            session.scalar(select(func.count(AuditEntry.id))) or 0,
            session.scalar(select(func.count(Recommendation.id))) or 0,
            session.scalar(select(func.count(Grading.id)).where(Grading.source == "panel")) or 0,
        )


def _hearing_status(ctx: ServiceContext, hearing_id: int) -> tuple[str, str, str]:
    with ctx.read() as session:
        hearing = session.get(Hearing, hearing_id)
        assert hearing is not None
        case = session.get(Case, hearing.case_id)
        assert case is not None
        return hearing.status, hearing.status_note, case.status


# A sitting still to come --------------------------------------------------------------------


def test_nothing_is_recorded_for_a_sitting_still_to_come(demo_ctx: ServiceContext) -> None:
    """AAR 2005 reg 6 / Statutory guidance 2013 ch 3: a recommendation is made at a sitting
    that took place; the day before it, recording is refused and nothing is written."""
    sheet = walkthrough_sitting(demo_ctx)
    mark_everyone_present(demo_ctx, sheet)  # even with everyone marked present in advance
    clock.set_today(sheet.date - timedelta(days=1))
    case = _decided(sheet)
    paper = next(p for c in sheet.cases for p in c.papers)
    before = _written(demo_ctx)
    expected = f"This sitting is on {uk_date(sheet.date)}: its recommendation can be recorded from that day."
    with pytest.raises(ValidationError) as raised:
        panel_day.record_recommendation(demo_ctx, case.hearing_id, _form())
    assert expected in str(raised.value)
    with pytest.raises(ValidationError, match="its papers can be graded from that day"):
        panel_day.record_grading(demo_ctx, paper.hearing_id, paper.paper_type, "requires_improvement")
    with pytest.raises(ValidationError, match="can be recorded from that day"):
        panel_day.record_not_heard_inquorate(demo_ctx, case.hearing_id)
    assert _written(demo_ctx) == before
    assert _hearing_status(demo_ctx, case.hearing_id)[0] == "booked"
    clock.set_today(sheet.date)  # on the day itself it may be recorded
    assert panel_day.record_recommendation(demo_ctx, case.hearing_id, _form()).outcome == "recommended"
    assert _hearing_status(demo_ctx, case.hearing_id)[0] == "heard"


def test_minutes_are_signed_off_only_on_or_after_the_sitting_day(demo_ctx: ServiceContext) -> None:
    """Final minutes record a sitting that happened: no sign-off before its day."""
    sheet = walkthrough_sitting(demo_ctx)
    clock.set_today(sheet.date - timedelta(days=3))
    doc = panel_day.open_minutes(demo_ctx, sheet.meeting_id)
    doc = panel_day.send_to_chair(demo_ctx, sheet.meeting_id, doc.version)
    with pytest.raises(ValidationError) as raised:
        panel_day.sign_off(demo_ctx, sheet.meeting_id, doc.version, "Chair")
    assert f"This sitting is on {uk_date(sheet.date)}: its minutes can be signed off from that day." in str(
        raised.value
    )
    assert panel_day.load_minutes(demo_ctx, sheet.meeting_id).state == "with_chair"  # type: ignore[union-attr]
    clock.set_today(sheet.date + timedelta(days=2))
    with pytest.raises(ValidationError, match="signed off from that day"):  # dated before the sitting
        panel_day.sign_off(
            demo_ctx, sheet.meeting_id, doc.version, "Chair", on=sheet.date - timedelta(days=1)
        )
    signed = panel_day.sign_off(demo_ctx, sheet.meeting_id, doc.version, "Chair", on=sheet.date)
    assert signed.locked and signed.signed_off_on == sheet.date


# Quorum per case, at that moment --------------------------------------------------------------


def test_an_inquorate_case_gets_no_recommendation_and_the_reasons_are_the_quorums(
    demo_ctx: ServiceContext,
) -> None:
    """AAR 2005 reg 6: a panel below quorum for the case makes no recommendation and grades nothing."""
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    sitting = apologies_down_to_bare_quorum(demo_ctx, sheet)
    case = _decided(sheet)
    panel_day.declare_interest(demo_ctx, case.hearing_id, sitting[-1], "Knows the applicants")
    before = _written(demo_ctx)
    with pytest.raises(ValidationError) as raised:
        panel_day.record_recommendation(demo_ctx, case.hearing_id, _form(vote_for=4))
    said = str(raised.value)
    assert "not quorate for this case" in said and "AAR 2005 reg 6" in said
    assert "not quorate under regulation 6: only 4 members are sitting" in said.lower()
    assert raised.value.field_errors["quorum"]
    for paper in case.papers:
        with pytest.raises(ValidationError, match="not quorate for this case"):
            panel_day.record_grading(demo_ctx, case.hearing_id, paper.paper_type, "requires_improvement")
    assert _written(demo_ctx) == before
    assert _hearing_status(demo_ctx, case.hearing_id)[0] == "booked"


def test_a_member_leaving_mid_sitting_makes_only_the_later_case_inquorate(demo_ctx: ServiceContext) -> None:
    """AAR 2005 reg 6, quorum per case and per moment: a member who leaves after the first
    case counts for it and not for the next; the first is recorded, the second refused."""
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    sitting = apologies_down_to_bare_quorum(demo_ctx, sheet)
    timed = sittings.meeting_quorum(demo_ctx, sheet.meeting_id).cases
    first, second = timed[0], timed[1]
    assert first.ends_at is not None, "the demo agenda is timed"
    sittings.set_attendance(demo_ctx, sheet.meeting_id, sitting[-1], "present", left_at=first.ends_at)
    now = {c.hearing_id: c for c in sittings.meeting_quorum(demo_ctx, sheet.meeting_id).cases}
    assert now[first.hearing_id].result.quorate and not now[second.hearing_id].result.quorate
    first_case = panel_day.day_sheet(demo_ctx, sheet.meeting_id).case(first.hearing_id)
    outcome = case_types.get(first_case.case_type).outcomes[0].value
    saved = panel_day.record_recommendation(
        demo_ctx, first.hearing_id, _form(outcome=outcome, vote_for=None if outcome == "noted" else 5)
    )
    assert saved.outcome == outcome
    before = _written(demo_ctx)
    with pytest.raises(ValidationError, match="not quorate for this case"):
        panel_day.record_recommendation(demo_ctx, second.hearing_id, _form(vote_for=4))
    assert _written(demo_ctx) == before


def test_the_vote_never_counts_more_members_than_sat_for_the_case(demo_ctx: ServiceContext) -> None:
    """AAR 2005 reg 6: the members counted for the case are those who can vote on it."""
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    case = _decided(sheet)
    counted = case.quorum.members_counted
    with pytest.raises(ValidationError, match=f"only {counted} members sat for this case"):
        panel_day.record_recommendation(demo_ctx, case.hearing_id, _form(vote_for=counted + 1))
    assert panel_day.get_recommendation(demo_ctx, case.hearing_id) is None


# Not heard: inquorate -------------------------------------------------------------------------


def _inquorate_case(ctx: ServiceContext) -> tuple[DaySheet, CaseSheet]:
    sheet = on_the_day(ctx, walkthrough_sitting(ctx))
    sitting = apologies_down_to_bare_quorum(ctx, sheet)
    case = _decided(sheet)
    panel_day.declare_interest(ctx, case.hearing_id, sitting[-1], "Knows the applicants")
    return sheet, case


def test_an_administrator_records_an_inquorate_case_as_not_heard_and_it_is_booked_again(
    demo_ctx: ServiceContext,
) -> None:
    """Statutory guidance 2013 ch 3: an inquorate panel cannot recommend; the case is not heard
    and comes back to a later sitting, its new hearing next in sequence."""
    sheet, case = _inquorate_case(demo_ctx)
    note = panel_day.record_not_heard_inquorate(demo_ctx, case.hearing_id)
    assert "only 4 members are sitting" in note.lower()
    status, kept, case_status = _hearing_status(demo_ctx, case.hearing_id)
    assert (status, kept, case_status) == ("inquorate", note, "open")
    with demo_ctx.read() as session:
        summaries = list(
            session.scalars(select(AuditEntry.summary).where(AuditEntry.table_name == "hearing"))
        )
    assert any("not heard: the panel was not quorate" in s for s in summaries)
    with pytest.raises(ValidationError, match="recorded as not heard"):
        panel_day.record_recommendation(demo_ctx, case.hearing_id, _form(vote_for=4))
    with pytest.raises(ValidationError, match="already recorded as not heard"):
        panel_day.record_not_heard_inquorate(demo_ctx, case.hearing_id)
    minutes = panel_day.open_minutes(demo_ctx, sheet.meeting_id)
    body = next(s.body for s in minutes.sections if s.hearing_id == case.hearing_id)
    assert "Not heard: the panel was not quorate." in body and note in body
    # Booked onto a later sitting, heard there (quorate) and recommended.
    later = _later_sitting(demo_ctx, sheet)
    booked = book_case(demo_ctx, _case_id(demo_ctx, case.hearing_id), later.meeting_id)
    assert booked.sequence == case.sequence + 1
    later_sheet = on_the_day(demo_ctx, panel_day.day_sheet(demo_ctx, later.meeting_id))
    saved = panel_day.record_recommendation(demo_ctx, booked.hearing_id, _form())
    assert saved.outcome == "recommended"
    assert later_sheet.case(booked.hearing_id).sequence == booked.sequence


def test_only_an_administrator_records_not_heard_and_only_when_inquorate(demo_ctx: ServiceContext) -> None:
    sheet, case = _inquorate_case(demo_ctx)
    adviser = ServiceContext(demo_ctx.engine, CurrentUser("a", "Adviser", UserRole.ADVISER))
    before = _written(demo_ctx)
    with pytest.raises(PermissionDenied):
        panel_day.record_not_heard_inquorate(adviser, case.hearing_id)
    quorate = next(c for c in sheet.cases if c.hearing_id != case.hearing_id)
    with pytest.raises(ValidationError, match="is quorate for"):
        panel_day.record_not_heard_inquorate(demo_ctx, quorate.hearing_id)
    assert _written(demo_ctx) == before
    assert _hearing_status(demo_ctx, case.hearing_id)[0] == "booked"


def _case_id(ctx: ServiceContext, hearing_id: int) -> int:
    with ctx.read() as session:
        found = session.scalar(select(Hearing.case_id).where(Hearing.id == hearing_id))
    assert found is not None
    return found


def _later_sitting(ctx: ServiceContext, sheet: DaySheet) -> panel_day.SittingChoice:
    return next(
        s
        for s in panel_day.list_sittings(ctx)
        if s.date > sheet.date and s.status == "scheduled" and s.cases < 4
    )


def test_a_deferral_heard_twice_records_at_the_second_sitting(demo_ctx: ServiceContext) -> None:
    """A deferred case is heard twice: the second hearing, on a later sitting held by then,
    records its recommendation like any other (domain.md: counted twice in cases heard)."""
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    case = _decided(sheet)
    deferral = _form(
        outcome="deferred", deferral_needed="An updated medical", deferral_by=sheet.date + timedelta(30)
    )
    panel_day.record_recommendation(demo_ctx, case.hearing_id, deferral)
    later = _later_sitting(demo_ctx, sheet)
    booked = book_case(demo_ctx, _case_id(demo_ctx, case.hearing_id), later.meeting_id)
    assert booked.sequence == case.sequence + 1
    clock.set_today(sheet.date + timedelta(days=1))
    with pytest.raises(ValidationError, match=f"This sitting is on {uk_date(later.date)}"):
        panel_day.record_recommendation(demo_ctx, booked.hearing_id, _form())
    on_the_day(demo_ctx, panel_day.day_sheet(demo_ctx, later.meeting_id))
    saved = panel_day.record_recommendation(demo_ctx, booked.hearing_id, _form(outcome="recommended"))
    assert saved.outcome == "recommended"
    first = panel_day.get_recommendation(demo_ctx, case.hearing_id)
    assert first is not None and first.outcome == "deferred"  # the first hearing keeps its deferral


# Conditional wording and the case type's words ------------------------------------------------


def test_ordinary_reasons_with_subject_to_save_without_a_warning(demo_ctx: ServiceContext) -> None:
    """Statutory guidance 2013 ch 3 forbids conditional recommendations, not ordinary words in reasons."""
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    case = _decided(sheet)
    saved = panel_day.record_recommendation(
        demo_ctx,
        case.hearing_id,
        _form(reasons="AB is subject to a placement order; the match meets AB's needs."),
    )
    assert saved.reasons.startswith("AB is subject to") and saved.wording_warning is None


def test_a_conditionally_worded_recommendation_saves_with_a_warning(demo_ctx: ServiceContext) -> None:
    """Statutory guidance 2013 ch 3: never conditional; the phrase is named, the save goes through."""
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    case = _decided(sheet)
    saved = panel_day.record_recommendation(
        demo_ctx, case.hearing_id, _form(advice="approved subject to a medical")
    )
    assert saved.advice == "approved subject to a medical"
    assert saved.wording_warning is not None and "“subject to”" in saved.wording_warning


def test_minutes_give_the_outcome_in_the_case_types_words(demo_ctx: ServiceContext) -> None:
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    case = _decided(sheet)
    row = case_types.get(case.case_type)
    panel_day.record_recommendation(
        demo_ctx, case.hearing_id, _form(outcome="not_recommended", vote_for=1, vote_against=4)
    )
    panel_day.open_minutes(demo_ctx, sheet.meeting_id)
    exported = panel_day.minutes_for_export(demo_ctx, sheet.meeting_id, case.reference)
    lines = [line for part in exported.sections for line in part.lines]
    assert f"Recommendation: {row.answer(Outcome.NOT_RECOMMENDED)}." in lines
    assert f"The question: {row.question}" in lines
    assert "Recommendation: Not recommended." not in lines


def test_an_answer_the_case_type_does_not_have_is_refused(demo_ctx: ServiceContext) -> None:
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    case = _decided(sheet)
    with pytest.raises(ValidationError) as raised:
        panel_day.record_recommendation(demo_ctx, case.hearing_id, _form(outcome="noted", vote_for=None))
    assert case_types.get(case.case_type).answer(Outcome.RECOMMENDED) in raised.value.field_errors["outcome"]
    assert panel_day.get_recommendation(demo_ctx, case.hearing_id) is None


# The demo is a good example -------------------------------------------------------------------


def test_the_demo_records_recommendations_only_where_the_panel_was_quorate(demo_ctx: ServiceContext) -> None:
    """AAR 2005 reg 6: every demo recommendation was made by a quorate panel, its vote no
    larger than the members counted for the case (the historic minutes export says so)."""
    held = [s for s in panel_day.list_sittings(demo_ctx) if s.status == "held"]
    assert held
    checked = 0
    for sitting in held:
        quorum = sittings.meeting_quorum(demo_ctx, sitting.meeting_id)
        with demo_ctx.read() as session:
            recorded = panel_day.recommendations_for_meeting(session, sitting.meeting_id)
        for case in quorum.cases:
            rec = recorded.get(case.hearing_id)
            if rec is None:
                continue
            checked += 1
            assert case.result.quorate, (sitting.label, case.reference, case.result.reasons)
            assert rec.vote.total <= case.result.members_counted, (sitting.label, case.reference)
    assert checked > 50


def test_the_demo_sends_only_signed_off_minutes_to_the_adm(demo_ctx: ServiceContext) -> None:
    """AAR 2005 reg 30(1)-(2): the ADM decides on the panel's final minutes. The demo showed
    "Minutes sent … (minutes draft)" in the tracker, and minutes signed off after they were sent."""
    with demo_ctx.read() as session:
        rows = session.execute(
            select(
                AdmDecisionRecord.minutes_sent_on,
                AdmDecisionRecord.decided_on,
                Minutes.state,
                Minutes.signed_off_on,
            )
            .join(Hearing, Hearing.id == AdmDecisionRecord.hearing_id)
            .outerjoin(Minutes, Minutes.meeting_id == Hearing.meeting_id)
        ).all()
    sent = [r for r in rows if r.minutes_sent_on is not None]
    assert sent and all(r.state == "final" and r.signed_off_on <= r.minutes_sent_on for r in sent)
    assert all(r.minutes_sent_on is not None for r in rows if r.decided_on is not None)
