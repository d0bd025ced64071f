"""Panel day services: attendance, declarations with quorum per case, recommendations, gradings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from db.models import AuditEntry, Case, Grading, Hearing
from panelapp.domain import case_types
from panelapp.domain.vocab import Outcome, UserRole
from panelapp.services import panel_day, sittings
from panelapp.services import panel_day as gradings
from panelapp.services import panel_day as recommendations
from panelapp.services.context import CurrentUser, ServiceContext
from panelapp.services.errors import ConflictError, PermissionDenied, ValidationError
from panelapp.services.panel_day import CaseSheet, DaySheet, RecommendationForm
from tests.conftest import DEMO_UNTIL
from tests.services.panel_day.support import apologies_down_to_bare_quorum, on_the_day, walkthrough_sitting


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


def test_default_sitting_is_todays_else_the_next_else_the_last(demo_ctx: ServiceContext) -> None:
    sittings = panel_day.list_sittings(demo_ctx)
    coming = panel_day.default_sitting(sittings, DEMO_UNTIL)
    assert coming is not None and coming.date > DEMO_UNTIL and coming.status == "scheduled"
    on_the_day = panel_day.default_sitting(sittings, coming.date)
    assert on_the_day == coming
    last = panel_day.default_sitting(sittings, date(2030, 1, 1))
    assert last == sittings[-1]
    assert "/" in coming.label and coming.panel_name in coming.label


def test_day_sheet_lists_cases_in_agenda_order_with_papers_to_grade(demo_ctx: ServiceContext) -> None:
    sheet = walkthrough_sitting(demo_ctx)
    assert [c.position for c in sheet.cases] == list(range(1, len(sheet.cases) + 1))
    assert sheet.attendance and sheet.attendance[0].roles_label.startswith(
        ("Independent chair", "Vice chair")
    )
    capped = [p for c in sheet.cases for p in c.papers if p.offer.capped]
    assert capped and all("Good and Outstanding are not offered" in p.offer.reason for p in capped)


def test_day_sheet_runs_the_same_number_of_queries_for_any_number_of_cases(demo_ctx: ServiceContext) -> None:
    sittings = panel_day.list_sittings(demo_ctx)
    small = next(s for s in sittings if s.cases == 1)
    large = max(sittings, key=lambda s: s.cases)
    counts = []
    for choice in (small, large):
        seen: list[str] = []

        def listener(*args: object, seen: list[str] = seen) -> None:
            seen.append(str(args[2]))

        event.listen(demo_ctx.engine, "before_cursor_execute", listener)
        panel_day.day_sheet(demo_ctx, choice.meeting_id)
        event.remove(demo_ctx.engine, "before_cursor_execute", listener)
        counts.append(len(seen))
    assert large.cases > small.cases and counts[0] == counts[1]


def test_a_declaration_makes_only_that_case_inquorate_and_withdrawing_it_restores(
    demo_ctx: ServiceContext,
) -> None:
    sheet = walkthrough_sitting(demo_ctx)
    sitting = apologies_down_to_bare_quorum(demo_ctx, sheet)
    first, second = sheet.cases[0], sheet.cases[1]
    result = panel_day.declare_interest(demo_ctx, first.hearing_id, sitting[-1], "Knows the applicants")
    said = " ".join(result.reasons)
    assert not result.quorate and "not quorate under regulation 6: only 4 members are sitting" in said.lower()
    after = panel_day.day_sheet(demo_ctx, sheet.meeting_id)
    assert not after.case(first.hearing_id).quorum.quorate
    assert after.case(first.hearing_id).absent_for_case
    assert after.case(second.hearing_id).quorum.quorate
    declaration = after.case(first.hearing_id).declarations[0]
    assert declaration.leaves_for_case and declaration.description == "Knows the applicants"
    assert panel_day.withdraw_declaration(demo_ctx, declaration.id).quorate


def test_a_declaration_needs_words_and_a_member_on_the_roster(demo_ctx: ServiceContext) -> None:
    sheet = walkthrough_sitting(demo_ctx)
    with pytest.raises(ValidationError):
        panel_day.declare_interest(demo_ctx, sheet.cases[0].hearing_id, sheet.attendance[0].member_id, " ")
    with pytest.raises(ValidationError, match="roster"):
        panel_day.declare_interest(demo_ctx, sheet.cases[0].hearing_id, 99_999, "Unknown")


def test_attendance_late_keeps_the_time_and_bad_status_changes_nothing(demo_ctx: ServiceContext) -> None:
    sheet = walkthrough_sitting(demo_ctx)
    member = sheet.attendance[1].member_id
    from datetime import time

    sittings.set_attendance(demo_ctx, sheet.meeting_id, member, "late", joined_at=time(10, 15))
    row = next(a for a in panel_day.day_sheet(demo_ctx, sheet.meeting_id).attendance if a.member_id == member)
    assert row.status_label == "Joined late" and row.joined_at == time(10, 15)
    with pytest.raises(ValidationError):
        sittings.set_attendance(demo_ctx, sheet.meeting_id, member, "asleep")
    row = next(a for a in panel_day.day_sheet(demo_ctx, sheet.meeting_id).attendance if a.member_id == member)
    assert row.status == "late"


def _decided_case(sheet: DaySheet) -> CaseSheet:
    """A case at the sitting whose case type has a recommended / not recommended answer."""
    return next(c for c in sheet.cases if not case_types.get(c.case_type).noted_only)


def test_recording_a_recommendation_moves_the_case_on(demo_ctx: ServiceContext) -> None:
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    case = _decided_case(sheet)
    saved = recommendations.record_recommendation(demo_ctx, case.hearing_id, _form(advice_children="up to 2"))
    assert saved.outcome_label == "Recommended" and saved.vote_text == "Unanimous (5 for)"
    assert saved.approval_advice == "number of children: up to 2"
    words = case_types.get(case.case_type).answer(Outcome.RECOMMENDED)
    assert saved.answer(case.case_type) == words
    with demo_ctx.read() as session:
        hearing = session.get(Hearing, case.hearing_id)
        assert hearing is not None and hearing.status == "heard"
        assert session.get(Case, hearing.case_id).status == "awaiting_decision"  # type: ignore[union-attr]
        audit = session.scalars(select(AuditEntry.summary).where(AuditEntry.table_name == "recommendation"))
        assert any(words in s for s in audit)


def test_a_deferred_case_stays_open_for_rebooking(demo_ctx: ServiceContext) -> None:
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    case = sheet.cases[0]
    form = _form(
        outcome="deferred", deferral_needed="An updated medical", deferral_by=sheet.date + timedelta(42)
    )
    saved = recommendations.record_recommendation(demo_ctx, case.hearing_id, form)
    assert saved.deferral_needed == "An updated medical"
    with demo_ctx.read() as session:
        case_id = session.scalar(select(Hearing.case_id).where(Hearing.id == case.hearing_id))
        assert session.get(Case, case_id).status == "open"  # type: ignore[union-attr]


def test_bad_recommendations_change_nothing(demo_ctx: ServiceContext) -> None:
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    hearing_id = _decided_case(sheet).hearing_id
    for form in (_form(reasons=""), _form(outcome="noted"), _form(vote_for=40)):
        with pytest.raises(ValidationError) as raised:
            recommendations.record_recommendation(demo_ctx, hearing_id, form)
        assert raised.value.field_errors
    assert recommendations.get_recommendation(demo_ctx, hearing_id) is None


def test_a_stale_recommendation_form_is_refused(demo_ctx: ServiceContext) -> None:
    hearing_id = _decided_case(on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))).hearing_id
    first = recommendations.record_recommendation(demo_ctx, hearing_id, _form())
    recommendations.record_recommendation(demo_ctx, hearing_id, _form(vote_for=4), first.version)
    with pytest.raises(ConflictError, match=r"changed by test\.admin"):
        recommendations.record_recommendation(demo_ctx, hearing_id, _form(vote_for=3), first.version)


def test_the_capped_par_cannot_be_graded_good_even_bypassing_the_form(demo_ctx: ServiceContext) -> None:
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    paper = next(p for c in sheet.cases for p in c.papers if p.offer.capped)
    with pytest.raises(ValidationError, match="cannot be graded Good"):
        gradings.record_grading(demo_ctx, paper.hearing_id, "PAR", "good")
    graded = gradings.record_grading(
        demo_ctx, paper.hearing_id, "PAR", "requires_improvement", "Warm writing", "Late to panel"
    )
    assert graded.grade_label == "Requires improvement" and graded.strengths == "Warm writing"
    with demo_ctx.read() as session:
        rows = session.scalars(select(Grading).where(Grading.hearing_id == paper.hearing_id)).all()
        assert [(g.paper_type, g.source, g.grade) for g in rows] == [("PAR", "panel", "requires_improvement")]


def test_a_viewer_cannot_record_anything(demo_ctx: ServiceContext) -> None:
    sheet = walkthrough_sitting(demo_ctx)
    viewer = ServiceContext(demo_ctx.engine, CurrentUser("v", "Viewer", UserRole.VIEWER))
    with pytest.raises(PermissionDenied):
        recommendations.record_recommendation(viewer, sheet.cases[0].hearing_id, _form())
    with pytest.raises(PermissionDenied):
        sittings.set_attendance(viewer, sheet.meeting_id, sheet.attendance[0].member_id, "present")


def test_adm_concurrence_compares_grades_from_the_demo_year(demo_ctx: ServiceContext) -> None:
    comparisons = gradings.grade_comparisons(demo_ctx, date(2025, 11, 1), DEMO_UNTIL)
    assert comparisons
    found = gradings.concurrence_of(comparisons)
    assert found.compared == len(comparisons) and 0 < found.agreed <= found.compared
    assert f"{found.percent_agreed}%" in found.sentence()
