"""Narrative sections of the chairs' report: saved per period and panel, carried forward."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from db.models import AppUser, Member, Panel
from panelapp.domain.permissions import Permission
from panelapp.domain.report_figures import DEFAULT_INTRODUCTION
from panelapp.domain.vocab import UserRole
from panelapp.services.context import CurrentUser, ServiceContext
from panelapp.services.errors import ConflictError, PermissionDenied, ValidationError
from panelapp.services.reports import DocumentControl, NarrativeEdit, load_narrative, save_narrative
from tests.conftest import new_sqlite_context
from tests.services.reports.support import PERIOD_FROM, PERIOD_TO, PeriodData, build_period

NEXT_FROM, NEXT_TO = date(2026, 10, 1), date(2027, 3, 31)


@pytest.fixture
def period(tmp_path: Path) -> tuple[ServiceContext, PeriodData]:
    ctx = new_sqlite_context(tmp_path)
    return ctx, build_period(ctx)


def as_user(ctx: ServiceContext, role: UserRole, username: str = "someone") -> ServiceContext:
    other = ServiceContext(ctx.engine, CurrentUser(username, username.title(), role))
    return other


def test_a_new_period_has_the_default_introduction_and_blank_sections(
    period: tuple[ServiceContext, PeriodData],
) -> None:
    ctx, _ = period
    narrative = load_narrative(ctx, PERIOD_FROM, PERIOD_TO)
    assert narrative.body("introduction") == DEFAULT_INTRODUCTION
    assert narrative.body("summary") == ""
    assert [t.heading for t in narrative.chair_comments()] == ["Panel A", "Panel B"]
    assert not narrative.carried


def test_saved_text_is_read_back_with_who_saved_it(period: tuple[ServiceContext, PeriodData]) -> None:
    ctx, data = period
    control = DocumentControl(owner="Service manager", version="1.0", date="2026-10-20")
    saved = save_narrative(
        ctx,
        PERIOD_FROM,
        PERIOD_TO,
        None,
        [
            NarrativeEdit("summary", None, "A busy half-year."),
            NarrativeEdit("document_control", None, control.to_body()),
            NarrativeEdit("chair_comments", data.panel_a, "Papers were mostly on time."),
        ],
    )
    assert saved.body("summary") == "A busy half-year."
    assert saved.text("summary").updated_by == "Test Admin"  # type: ignore[union-attr]
    assert saved.document_control() == control
    assert ("Date", "20/10/2026") in saved.document_control().rows()
    # The chair's comment belongs to Panel A: it is in Panel A's own report too.
    panel_a = load_narrative(ctx, PERIOD_FROM, PERIOD_TO, data.panel_a)
    assert panel_a.body("chair_comments", data.panel_a) == "Papers were mostly on time."
    assert panel_a.body("summary") == ""  # the all-panels summary is not Panel A's


def test_a_stale_save_is_refused_and_nothing_in_the_batch_is_saved(
    period: tuple[ServiceContext, PeriodData],
) -> None:
    ctx, _ = period
    first = save_narrative(ctx, PERIOD_FROM, PERIOD_TO, None, [NarrativeEdit("summary", None, "v1")])
    loaded_at = first.text("summary").updated_at  # type: ignore[union-attr]
    save_narrative(ctx, PERIOD_FROM, PERIOD_TO, None, [NarrativeEdit("summary", None, "v2", loaded_at)])
    with pytest.raises(ConflictError, match="changed by Test Admin"):
        save_narrative(
            ctx,
            PERIOD_FROM,
            PERIOD_TO,
            None,
            [
                NarrativeEdit("training", None, "Training day in June"),
                NarrativeEdit("summary", None, "v3", loaded_at),
            ],
        )
    after = load_narrative(ctx, PERIOD_FROM, PERIOD_TO)
    assert after.body("summary") == "v2" and after.body("training") == ""


def test_the_next_period_starts_from_the_previous_text(period: tuple[ServiceContext, PeriodData]) -> None:
    ctx, _ = period
    save_narrative(
        ctx,
        PERIOD_FROM,
        PERIOD_TO,
        None,
        [
            NarrativeEdit("recommendations", None, "Keep the training day."),
            NarrativeEdit("training", None, "June"),
        ],
    )
    offered = load_narrative(ctx, NEXT_FROM, NEXT_TO)
    # Last period's 12 Recommendations is this period's starting point for 2 Update on
    # previous recommendations; this period's 12 starts empty (issue 17).
    text = offered.text("previous_recommendations")
    assert text is not None and text.body == "Keep the training day."
    assert text.carried_from == (PERIOD_FROM, PERIOD_TO) and text.updated_at is None
    assert offered.carried
    assert offered.body("previous_recommendations") == ""  # not this period's until someone saves it
    assert offered.body("previous_recommendations", saved_only=False) == "Keep the training day."
    fresh = offered.text("recommendations")
    assert fresh is not None and fresh.body == "" and fresh.carried_from is None
    edits = [
        NarrativeEdit("previous_recommendations", None, "Done: the training day was kept."),
        NarrativeEdit("recommendations", None, "Revised."),
    ]
    save_narrative(ctx, NEXT_FROM, NEXT_TO, None, edits)
    now = load_narrative(ctx, NEXT_FROM, NEXT_TO)
    assert now.body("previous_recommendations") == "Done: the training day was kept."
    assert now.body("recommendations") == "Revised."
    assert now.text("training").carried_from == (PERIOD_FROM, PERIOD_TO)  # type: ignore[union-attr]
    before = load_narrative(ctx, PERIOD_FROM, PERIOD_TO)
    assert before.body("recommendations") == "Keep the training day."
    assert before.body("previous_recommendations") == ""  # the earlier period is untouched


def test_a_chair_writes_comments_but_not_the_rest(period: tuple[ServiceContext, PeriodData]) -> None:
    ctx, data = period
    chair = as_user(ctx, UserRole.CHAIR, "chair.user")
    save_narrative(
        chair, PERIOD_FROM, PERIOD_TO, None, [NarrativeEdit("chair_comments", data.panel_b, "Good.")]
    )
    with pytest.raises(PermissionDenied):
        save_narrative(chair, PERIOD_FROM, PERIOD_TO, None, [NarrativeEdit("summary", None, "x")])
    with pytest.raises(PermissionDenied):
        save_narrative(
            as_user(ctx, UserRole.VIEWER),
            PERIOD_FROM,
            PERIOD_TO,
            None,
            [NarrativeEdit("chair_comments", 1, "x")],
        )
    adviser = as_user(ctx, UserRole.ADVISER)
    save_narrative(adviser, PERIOD_FROM, PERIOD_TO, None, [NarrativeEdit("summary", None, "By the adviser")])
    with pytest.raises(PermissionDenied):  # advisers edit the report but not the chairs' comments
        save_narrative(
            adviser, PERIOD_FROM, PERIOD_TO, None, [NarrativeEdit("chair_comments", data.panel_a, "x")]
        )
    narrative = load_narrative(ctx, PERIOD_FROM, PERIOD_TO)
    assert narrative.body("chair_comments", data.panel_b) == "Good."
    assert narrative.body("summary") == "By the adviser"


def test_a_chair_linked_to_a_member_writes_only_for_the_panel_they_chair(
    period: tuple[ServiceContext, PeriodData],
) -> None:
    ctx, data = period
    with ctx.write(Permission.MANAGE_USERS, "link chair") as s:
        alice = s.query(Member).filter_by(last_name="Zephyr").one()
        s.get(Panel, data.panel_a).chair_id = alice.id  # type: ignore[union-attr]
        s.add(AppUser(username="alice", display_name="Alice Zephyr", role="chair", member_id=alice.id))
    alice_ctx = as_user(ctx, UserRole.CHAIR, "alice")
    save_narrative(
        alice_ctx, PERIOD_FROM, PERIOD_TO, None, [NarrativeEdit("chair_comments", data.panel_a, "Mine")]
    )
    with pytest.raises(PermissionDenied, match="panel you chair"):
        save_narrative(
            alice_ctx, PERIOD_FROM, PERIOD_TO, None, [NarrativeEdit("chair_comments", data.panel_b, "No")]
        )
    assert load_narrative(ctx, PERIOD_FROM, PERIOD_TO).body("chair_comments", data.panel_b) == ""


def test_bad_input_is_refused_with_a_message(period: tuple[ServiceContext, PeriodData]) -> None:
    ctx, _ = period
    with pytest.raises(ValidationError, match="no report section"):
        save_narrative(ctx, PERIOD_FROM, PERIOD_TO, None, [NarrativeEdit("gossip", None, "x")])
    with pytest.raises(ValidationError, match="ends before it starts"):
        load_narrative(ctx, PERIOD_TO, PERIOD_FROM)
    with pytest.raises(ValidationError, match="belong to a panel"):
        save_narrative(ctx, PERIOD_FROM, PERIOD_TO, None, [NarrativeEdit("chair_comments", None, "x")])
    with pytest.raises(ValidationError, match="too long"):
        save_narrative(ctx, PERIOD_FROM, PERIOD_TO, None, [NarrativeEdit("summary", None, "x" * 70_000)])
    assert DocumentControl.from_body("not json") == DocumentControl()
