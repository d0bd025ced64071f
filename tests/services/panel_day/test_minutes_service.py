"""Minutes: pre-filled sections, autosave and recovery, versions, states and the final lock."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import AuditEntry, Meeting, MinutesRevision
from panelapp import clock
from panelapp.domain import case_types
from panelapp.domain.vocab import Outcome, UserRole
from panelapp.services import panel_day
from panelapp.services.context import CurrentUser, ServiceContext
from panelapp.services.errors import ConflictError, PermissionDenied, ValidationError
from panelapp.services.panel_day import (
    DISCUSSION,
    RecommendationForm,
    case_text,
    day_sheet,
    discussion_of,
    merge_facts,
)
from tests.services.panel_day.support import on_the_day, walkthrough_sitting
from tests.services.panel_day.test_minutes_sign_off import link_user_to_panel_role

CHAIR = CurrentUser("chair", "Esme Chair", UserRole.CHAIR)


def _started(ctx: ServiceContext) -> panel_day.MinutesDoc:
    return panel_day.open_minutes(ctx, walkthrough_sitting(ctx).meeting_id)


def _on_sitting_day(ctx: ServiceContext, meeting_id: int) -> None:
    """Minutes are signed off on or after the sitting's day (issue 16): move today there."""
    with ctx.read() as session:
        day = session.scalar(select(Meeting.date).where(Meeting.id == meeting_id))
    assert day is not None
    clock.set_today(day)


def test_minutes_start_with_attendance_and_a_section_per_case_in_agenda_order(
    demo_ctx: ServiceContext,
) -> None:
    sheet = walkthrough_sitting(demo_ctx)
    doc = panel_day.open_minutes(demo_ctx, sheet.meeting_id)
    assert doc.state == "draft" and doc.state_label == "Draft"
    assert [s.hearing_id for s in doc.sections] == [None, *[c.hearing_id for c in sheet.cases]]
    assert "Quorum at the start: quorate" in doc.sections[0].body
    first = doc.sections[1]
    assert first.title.startswith(f"1. {sheet.cases[0].reference}")
    assert "Declarations: none." in first.body and "Recommendation: not yet recorded." in first.body
    assert panel_day.open_minutes(demo_ctx, sheet.meeting_id).minutes_id == doc.minutes_id


def test_prefill_carries_the_recorded_recommendation_and_merge_keeps_the_discussion(
    demo_ctx: ServiceContext,
) -> None:
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    case = next(c for c in sheet.cases if not case_types.get(c.case_type).noted_only)
    typed = merge_facts(case_text(case), case_text(case)).replace(
        DISCUSSION, f"{DISCUSSION}\nThe panel asked X."
    )
    form = RecommendationForm("recommended", 5, 0, 0, "Strong, reflective applicants.")
    panel_day.record_recommendation(demo_ctx, case.hearing_id, form)
    fresh = case_text(day_sheet(demo_ctx, sheet.meeting_id).case(case.hearing_id))
    merged = merge_facts(typed, fresh)
    words = case_types.get(case.case_type).answer(Outcome.RECOMMENDED)  # the case type's own words
    assert f"Recommendation: {words}." in merged and "Vote: Unanimous (5 for)." in merged
    assert "Reasons: Strong, reflective applicants." in merged
    assert discussion_of(merged) == "The panel asked X."
    assert merge_facts("Just my notes", fresh).count("Just my notes") == 1


def test_autosave_is_recovered_until_a_save_supersedes_it(demo_ctx: ServiceContext) -> None:
    doc = _started(demo_ctx)
    section = doc.sections[1]
    assert panel_day.recover_autosave(demo_ctx, doc.meeting_id) is None
    panel_day.autosave(demo_ctx, doc.meeting_id, {section.id: section.body + "\nTyped before the crash"})
    found = panel_day.recover_autosave(demo_ctx, doc.meeting_id)
    assert found is not None and "Typed before the crash" in found.bodies[section.id]
    assert (
        "Typed before the crash"
        not in panel_day.load_minutes(demo_ctx, doc.meeting_id).section(section.id).body
    )  # type: ignore[union-attr]
    saved = panel_day.save_minutes(demo_ctx, doc.meeting_id, found.bodies, doc.version)
    assert saved.version > doc.version and "Typed before the crash" in saved.section(section.id).body
    assert panel_day.recover_autosave(demo_ctx, doc.meeting_id) is None


def test_every_save_is_a_version_that_can_be_compared_and_restored(demo_ctx: ServiceContext) -> None:
    doc = _started(demo_ctx)
    sid = doc.sections[1].id
    one = panel_day.save_minutes(demo_ctx, doc.meeting_id, {sid: "First wording"}, doc.version, "first")
    two = panel_day.save_minutes(demo_ctx, doc.meeting_id, {sid: "Second wording"}, one.version)
    history = panel_day.revisions(demo_ctx, doc.meeting_id)
    assert [r.kind for r in history[:3]] == ["save", "save", "save"] and history[1].note == "first"
    diff = panel_day.compare_revision(demo_ctx, doc.meeting_id, history[1].id)
    changed = next(d for d in diff if d.lines)
    assert "-First wording" in changed.lines and "+Second wording" in changed.lines
    restored = panel_day.restore_revision(demo_ctx, doc.meeting_id, history[1].id, two.version)
    assert restored.section(sid).body == "First wording"
    assert panel_day.revisions(demo_ctx, doc.meeting_id)[0].kind == "restore"


def test_a_stale_save_is_refused_and_names_who_saved(demo_ctx: ServiceContext) -> None:
    doc = _started(demo_ctx)
    sid = doc.sections[1].id
    panel_day.save_minutes(demo_ctx, doc.meeting_id, {sid: "Mine"}, doc.version)
    with pytest.raises(ConflictError, match=r"changed by test\.admin"):
        panel_day.save_minutes(demo_ctx, doc.meeting_id, {sid: "Theirs"}, doc.version)
    assert panel_day.load_minutes(demo_ctx, doc.meeting_id).section(sid).body == "Mine"  # type: ignore[union-attr]


def test_draft_to_chair_to_final_then_locked_until_reopened_with_a_reason(demo_ctx: ServiceContext) -> None:
    doc = _started(demo_ctx)
    _on_sitting_day(demo_ctx, doc.meeting_id)
    sid = doc.sections[1].id
    chair_ctx = ServiceContext(demo_ctx.engine, CHAIR)
    link_user_to_panel_role(demo_ctx, CHAIR.username, doc.meeting_id, "chair")
    with pytest.raises(ValidationError, match="cannot be made final"):
        panel_day.sign_off(chair_ctx, doc.meeting_id, doc.version)
    with_chair = panel_day.send_to_chair(demo_ctx, doc.meeting_id, doc.version)
    with pytest.raises(PermissionDenied):
        panel_day.save_minutes(chair_ctx, doc.meeting_id, {sid: "chair typing"}, with_chair.version)
    final = panel_day.sign_off(chair_ctx, doc.meeting_id, with_chair.version)
    assert final.locked and final.signed_off_by == "Esme Chair" and final.signed_off_on is not None
    with pytest.raises(ValidationError, match=r"final .* and locked"):
        panel_day.save_minutes(demo_ctx, doc.meeting_id, {sid: "sneaky"}, final.version)
    with pytest.raises(ValidationError, match="locked"):
        panel_day.autosave(demo_ctx, doc.meeting_id, {sid: "sneaky"})
    with pytest.raises(ValidationError, match="reason"):
        panel_day.reopen(demo_ctx, doc.meeting_id, "  ", final.version)
    reopened = panel_day.reopen(demo_ctx, doc.meeting_id, "Chair spotted a wrong date", final.version)
    assert reopened.state == "draft" and reopened.reopen_reason == "Chair spotted a wrong date"
    panel_day.save_minutes(demo_ctx, doc.meeting_id, {sid: "corrected"}, reopened.version)
    with demo_ctx.read() as session:
        kinds = session.scalars(select(MinutesRevision.kind).order_by(MinutesRevision.id)).all()
        assert kinds[-3:] == ["state", "reopen", "save"]
        audit = session.scalars(select(AuditEntry.summary).where(AuditEntry.table_name == "minutes")).all()
        assert any("reopened: Chair spotted a wrong date" in s for s in audit)


def test_an_administrator_records_the_chairs_name_at_sign_off(demo_ctx: ServiceContext) -> None:
    doc = _started(demo_ctx)
    sent = panel_day.send_to_chair(demo_ctx, doc.meeting_id, doc.version)
    _on_sitting_day(demo_ctx, doc.meeting_id)
    final = panel_day.sign_off(demo_ctx, doc.meeting_id, sent.version, chair_name="Dr A Chair")
    assert final.signed_off_by == "Dr A Chair"
    assert panel_day.revisions(demo_ctx, doc.meeting_id)[0].note.startswith("Signed off by Dr A Chair on ")


def test_the_history_reads_in_london_time_not_utc() -> None:
    """Issue 20: a version saved at 08:30 UTC on 15 June reads 09:30 (British Summer Time), with
    no 'UTC'; in January the two agree."""
    from datetime import datetime

    from panelapp.services.panel_day.minutes import RevisionInfo

    summer = RevisionInfo(1, datetime(2026, 6, 15, 8, 30, 0), "Esme Chair", "save", "")
    assert summer.label == "15/06/2026 09:30:00 — Saved by Esme Chair"
    winter = RevisionInfo(2, datetime(2026, 1, 15, 8, 30, 0), "Esme Chair", "reopen", "typo")
    assert winter.label == "15/01/2026 08:30:00 — Reopened by Esme Chair: typo"
