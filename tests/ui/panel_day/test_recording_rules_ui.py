"""Panel day shows what may be recorded before anyone types (issue 16).

A sitting still to come has read-only forms with the reason; an inquorate case (AAR 2005
reg 6) has read-only forms and, for an administrator, "Record as not heard (inquorate)…";
conditional words in the recommendation's wording are highlighted and the save goes through
(Statutory guidance 2013 ch 3); the form asks the case type's question in its own words.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from panelapp.domain import case_types
from panelapp.domain.periods import uk_date
from panelapp.domain.vocab import Outcome, UserRole
from panelapp.services import panel_day
from panelapp.services.context import CurrentUser, ServiceContext
from panelapp.services.panel_day import DaySheet
from tests.conftest import DEMO_UNTIL
from tests.services.panel_day.support import apologies_down_to_bare_quorum, on_the_day, walkthrough_sitting
from tests.ui.panel_day.fakes import RecordingMessenger
from ui.panel_day.case_page import CasePage
from ui.panel_day.view import PanelDayView
from ui.shell import messages


@pytest.fixture
def messenger(monkeypatch: pytest.MonkeyPatch) -> RecordingMessenger:
    fake = RecordingMessenger()
    monkeypatch.setattr(messages, "messenger", fake)
    return fake


def _view(qtbot: QtBot, ctx: ServiceContext, sheet: DaySheet) -> PanelDayView:
    widget = PanelDayView(ctx, autosave_ms=200, today=DEMO_UNTIL)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.refresh()
    widget.select_sitting(sheet.meeting_id)
    widget.reload(reload_forms=True)
    return widget


def _decided_page(view: PanelDayView) -> CasePage:
    return next(p for p in view.case_pages.values() if not case_types.get(p.case.case_type).noted_only)


def test_a_sitting_still_to_come_has_read_only_forms_that_say_why(
    qtbot: QtBot, demo_ctx: ServiceContext, messenger: RecordingMessenger
) -> None:
    sheet = walkthrough_sitting(demo_ctx)
    assert sheet.date > DEMO_UNTIL
    view = _view(qtbot, demo_ctx, sheet)
    page = view.show_case(1)
    form = page.recommendation
    reason = f"This sitting is on {uk_date(sheet.date)}: its recommendation and gradings can be recorded from that day."
    assert form.locked_note.isVisible() and form.locked_note.text() == reason
    assert not form.save_button.isEnabled() and form.reasons.isReadOnly()
    assert not any(r.isEnabled() for r in form.radios.values())
    qtbot.keyClicks(form.reasons, "typed anyway")
    assert form.reasons.toPlainText() == ""
    for grading in (g for p in view.case_pages.values() for g in p.gradings):
        assert not grading.save_button.isEnabled() and grading.save_button.toolTip() == reason
    assert not page.not_heard_button.isVisible()  # nothing to say about a sitting not yet held
    editor = view.show_minutes()
    qtbot.mouseClick(editor.start_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.send_button, Qt.MouseButton.LeftButton)
    assert editor.sign_button.isVisible() and not editor.sign_button.isEnabled()
    assert "its minutes can be signed off from that day" in editor.state.text()
    assert messenger.errors == []


def test_an_inquorate_case_is_recorded_as_not_heard_after_confirmation(
    qtbot: QtBot, demo_ctx: ServiceContext, messenger: RecordingMessenger
) -> None:
    """AAR 2005 reg 6: the inquorate case's forms are read-only; the administrator records it
    as not heard, and the page, its tab and the minutes say so."""
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    sitting = apologies_down_to_bare_quorum(demo_ctx, sheet)
    case = sheet.cases[0]
    panel_day.declare_interest(demo_ctx, case.hearing_id, sitting[-1], "Knows the applicants")
    view = _view(qtbot, demo_ctx, sheet)
    page = view.show_case(1)
    assert "not quorate for this case" in page.recommendation.locked_note.text()
    assert page.not_heard_button.isVisible() and page.not_heard_button.isEnabled()
    messenger.answer = False  # "No": nothing recorded
    qtbot.mouseClick(page.not_heard_button, Qt.MouseButton.LeftButton)
    assert messenger.questions and "not quorate" in messenger.questions[0]
    assert panel_day.not_heard_notes(demo_ctx, sheet.meeting_id) == {}
    messenger.answer = True
    qtbot.mouseClick(page.not_heard_button, Qt.MouseButton.LeftButton)
    assert case.hearing_id in panel_day.not_heard_notes(demo_ctx, sheet.meeting_id)
    page = view.case_page(1)
    assert page.not_heard.isVisible() and page.not_heard.text().startswith(
        "Not heard: the panel was not quorate."
    )
    assert not page.not_heard_button.isVisible() and not page.recommendation.save_button.isEnabled()
    assert "(not heard)" in view.tabs.tabText(view.tabs.indexOf(page))
    editor = view.show_minutes()
    qtbot.mouseClick(editor.start_button, Qt.MouseButton.LeftButton)
    assert "Not heard: the panel was not quorate." in editor.bodies[editor.section_ids[1]]
    assert messenger.errors == []


def test_an_adviser_sees_the_not_heard_action_but_cannot_use_it(
    qtbot: QtBot, demo_ctx: ServiceContext, messenger: RecordingMessenger
) -> None:
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    sitting = apologies_down_to_bare_quorum(demo_ctx, sheet)
    panel_day.declare_interest(demo_ctx, sheet.cases[0].hearing_id, sitting[-1], "Knows the applicants")
    adviser = ServiceContext(demo_ctx.engine, CurrentUser("a", "Adviser", UserRole.ADVISER))
    page = _view(qtbot, adviser, sheet).show_case(1)
    assert page.not_heard_button.isVisible() and not page.not_heard_button.isEnabled()
    assert "Only an administrator" in page.not_heard_button.toolTip()


def test_conditional_wording_is_highlighted_and_saved_with_a_warning(
    qtbot: QtBot, demo_ctx: ServiceContext, messenger: RecordingMessenger
) -> None:
    """Statutory guidance 2013 ch 3: a recommendation is never conditional; the words are
    flagged in its own wording, never in its reasons, and the save goes through."""
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    view = _view(qtbot, demo_ctx, sheet)
    page = _decided_page(view)
    view.tabs.setCurrentWidget(page)
    form = page.recommendation
    qtbot.mouseClick(form.radios["recommended"], Qt.MouseButton.LeftButton)
    form.vote_for.setValue(5)
    qtbot.keyClicks(form.reasons, "AB is subject to a placement order.")
    assert not form.wording_warning.isVisible() and form.highlighted() == []
    qtbot.keyClicks(form.advice, "approved subject to a medical")
    assert form.wording_warning.isVisible() and "“subject to”" in form.wording_warning.text()
    assert form.highlighted() == ["subject to"]
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    saved = panel_day.get_recommendation(demo_ctx, page.case.hearing_id)
    assert saved is not None and saved.advice == "approved subject to a medical"
    assert saved.reasons == "AB is subject to a placement order."
    assert messenger.errors == [] and form.field_errors.summary.text() == ""


def test_the_form_asks_the_case_types_question_in_its_words(
    qtbot: QtBot, demo_ctx: ServiceContext, messenger: RecordingMessenger
) -> None:
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    view = _view(qtbot, demo_ctx, sheet)
    for page in view.case_pages.values():
        row = case_types.get(page.case.case_type)
        form = page.recommendation
        assert form.question.text() == row.question
        shown = {code: r.text() for code, r in form.radios.items() if not r.isHidden()}
        expected = {o.value: words for o, words in row.answers} | {"deferred": "Deferred"}
        assert shown == expected
        if row.answer(Outcome.RECOMMENDED) != Outcome.RECOMMENDED.label:
            assert "Recommended" not in shown.values()  # no generic label where the type has words
