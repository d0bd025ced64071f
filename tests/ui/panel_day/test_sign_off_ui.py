"""Sign-off in the minutes editor is the chair's act, confirmed (issue 20; Statutory guidance 2013
para 3.84): the question summarises the sitting, its cases and outcomes; No changes nothing; an
administrator records it for the chair, named; a user who is not the panel's chair sees no button."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from panelapp.domain.vocab import UserRole
from panelapp.services import panel_day
from panelapp.services.context import CurrentUser, ServiceContext
from tests.services.panel_day.support import on_the_day, walkthrough_sitting
from tests.services.panel_day.test_minutes_sign_off import link_user_to_panel_role
from tests.ui.panel_day.fakes import RecordingMessenger
from ui.panel_day.minutes_editor import MinutesEditor
from ui.shell import messages


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> RecordingMessenger:
    made = RecordingMessenger(confirm=False)
    monkeypatch.setattr(messages, "messenger", made)
    return made


def _editor(qtbot: QtBot, ctx: ServiceContext, meeting_id: int) -> MinutesEditor:
    editor = MinutesEditor(ctx)
    qtbot.addWidget(editor)
    editor.show()
    editor.load(meeting_id)
    return editor


def _with_chair(ctx: ServiceContext) -> int:
    sheet = on_the_day(ctx, walkthrough_sitting(ctx))
    doc = panel_day.open_minutes(ctx, sheet.meeting_id)
    panel_day.send_to_chair(ctx, sheet.meeting_id, doc.version)
    return sheet.meeting_id


def test_an_administrator_is_asked_with_a_summary_and_no_signs_nothing(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: RecordingMessenger
) -> None:
    meeting_id = _with_chair(demo_ctx)
    editor = _editor(qtbot, demo_ctx, meeting_id)
    assert editor.sign_button.isVisible() and editor.chair_name.isVisible()
    chair = editor.chair_name.text()
    assert chair  # the panel's chair, by name
    assert editor.sign_off() is None
    question = fake.questions[-1]
    assert f"recorded by Test Admin for {chair}" in question
    for case in panel_day.day_sheet(demo_ctx, meeting_id).cases:
        assert case.reference in question
    assert panel_day.load_minutes(demo_ctx, meeting_id).state == "with_chair"  # type: ignore[union-attr]
    fake.answer = True
    final = editor.sign_off()
    assert final is not None and final.signed_off_by == chair


def test_the_chair_signs_as_themselves_without_typing_a_name(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: RecordingMessenger
) -> None:
    meeting_id = _with_chair(demo_ctx)
    user = CurrentUser("rosa.e", "Rosa Ellery", UserRole.CHAIR)
    link_user_to_panel_role(demo_ctx, user.username, meeting_id, "chair")
    editor = _editor(qtbot, ServiceContext(demo_ctx.engine, user), meeting_id)
    assert editor.sign_button.isVisible() and not editor.chair_name.isVisible()
    fake.answer = True
    final = editor.sign_off()
    assert "You are signing off as Rosa Ellery" in fake.questions[-1]
    assert final is not None and final.signed_off_by == "Rosa Ellery"


def test_a_chair_of_another_panel_sees_no_sign_off(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: RecordingMessenger
) -> None:
    meeting_id = _with_chair(demo_ctx)
    other = ServiceContext(demo_ctx.engine, CurrentUser("x.chair", "X Chair", UserRole.CHAIR))
    editor = _editor(qtbot, other, meeting_id)
    assert not editor.sign_button.isVisible()
