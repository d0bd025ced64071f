"""pytest-qt walks a whole sitting through the Panel day view, as an administrator would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from panelapp import clock
from panelapp.domain import case_types
from panelapp.domain.vocab import Outcome
from panelapp.services import panel_day
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from tests.conftest import DEMO_UNTIL
from tests.services.panel_day.support import walkthrough_sitting
from tests.ui.panel_day.fakes import RecordingMessenger
from ui.panel_day.view import PanelDayView
from ui.shell import messages


@pytest.fixture
def messenger(monkeypatch: pytest.MonkeyPatch) -> RecordingMessenger:
    fake = RecordingMessenger()
    monkeypatch.setattr(messages, "messenger", fake)
    return fake


@pytest.fixture
def view(qtbot: QtBot, demo_ctx: ServiceContext, messenger: RecordingMessenger) -> PanelDayView:
    widget = PanelDayView(demo_ctx, autosave_ms=200, today=DEMO_UNTIL)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.refresh()
    return widget


def _mark(qtbot: QtBot, view: PanelDayView, member_id: int, status: str) -> None:
    view.attendance.select_member(member_id)
    qtbot.mouseClick(view.attendance.buttons[status], Qt.MouseButton.LeftButton)


def test_the_view_opens_on_the_next_sitting_by_default(view: PanelDayView) -> None:
    assert view.sheet is not None and view.sheet.date > DEMO_UNTIL
    assert view.tabs.tabText(0) == "Attendance" and view.tabs.tabText(view.tabs.count() - 1) == "Minutes"
    assert view.tabs.count() == len(view.sheet.cases) + 2


def test_a_whole_sitting_from_attendance_to_final_minutes(
    qtbot: QtBot, view: PanelDayView, demo_ctx: ServiceContext, messenger: RecordingMessenger
) -> None:
    sheet = walkthrough_sitting(demo_ctx)
    clock.set_today(sheet.date)  # the day of the sitting: its business may be recorded (issue 16)
    view.select_sitting(sheet.meeting_id)
    view.reload(reload_forms=True)
    assert view.sheet is not None and view.sheet.meeting_id == sheet.meeting_id

    # Attendance: apologies until the sitting is at its bare quorum of 5, everyone else present.
    members = [a.member_id for a in sheet.attendance if a.is_member]
    sitting = list(members)
    for member_id in reversed(members[1:]):
        if len(sitting) == 5:
            break
        _mark(qtbot, view, member_id, "apologies")
        if view.sheet.overall.quorate:
            sitting.remove(member_id)
        else:
            _mark(qtbot, view, member_id, "present")
    for member_id in sitting:
        _mark(qtbot, view, member_id, "present")
    statuses = {a.member_id: a.status for a in view.sheet.attendance}
    assert all(statuses[m] == "present" for m in sitting) and len(sitting) == 5
    assert "quorate, 5 members" in view.overall.text()

    # A declaration: the member leaves the room for case 1, which becomes inquorate; case 2 is not.
    first = view.show_case(1)
    first.declarations.choose_member(sitting[-1])
    qtbot.keyClicks(first.declarations.description, "Knows the applicants through church")
    qtbot.mouseClick(first.declarations.add_button, Qt.MouseButton.LeftButton)
    first = view.case_page(1)
    assert "NOT QUORATE under regulation 6 — only 4 members are sitting" in first.quorum.text()
    assert "⚠" in view.tabs.tabText(view.tabs.indexOf(first))
    second = view.case_page(2)
    assert "⚠" not in view.tabs.tabText(view.tabs.indexOf(second))
    assert "quorate, 5 members" in second.quorum.text()

    # Case 1 is not quorate: its forms are read-only and say why (AAR 2005 reg 6).
    assert not first.recommendation.save_button.isEnabled()
    assert "not quorate for this case" in first.recommendation.locked_note.text()

    # A recommendation for case 2, in its case type's words; no vote larger than those sitting.
    view.show_case(2)
    form = second.recommendation
    qtbot.mouseClick(form.radios["recommended"], Qt.MouseButton.LeftButton)
    form.vote_for.setValue(5)
    assert form.vote_summary.text() == "Unanimous (5 for)"
    qtbot.keyClicks(form.reasons, "The review shows the household remains suitable.")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    saved = panel_day.get_recommendation(demo_ctx, second.case.hearing_id)
    assert saved is not None and saved.reasons == "The review shows the household remains suitable."

    # Grading: the capped PAR is not offered Good, says why, and takes Requires improvement.
    capped_page = next(p for p in view.case_pages.values() if any(g.paper.offer.capped for g in p.gradings))
    view.tabs.setCurrentWidget(capped_page)
    par = capped_page.grading("PAR")
    assert "Good" not in par.offered() and "Outstanding" not in par.offered()
    assert not par.choose("good")
    assert par.reason.isVisible() and "Good and Outstanding are not offered" in par.reason.text()
    assert par.choose("requires_improvement")
    qtbot.keyClicks(par.strengths, "Clear analysis")
    qtbot.mouseClick(par.save_button, Qt.MouseButton.LeftButton)
    graded = next(
        p for p in panel_day.papers_to_grade(demo_ctx, par.paper.hearing_id) if p.paper_type == "PAR"
    )
    assert graded.grade == "requires_improvement" and graded.strengths == "Clear analysis"

    # Minutes: started from the records, discussion typed (autosaved), saved.
    editor = view.show_minutes()
    qtbot.mouseClick(editor.start_button, Qt.MouseButton.LeftButton)
    assert editor.doc is not None and editor.doc.state == "draft"
    editor.sections.setCurrentRow(2)  # case 2's section
    text = editor.editor.toPlainText()
    words = case_types.get(second.case.case_type).answer(Outcome.RECOMMENDED)
    assert f"Recommendation: {words}." in text and "household remains suitable" in text
    assert "Declaration:" in editor.bodies[editor.section_ids[1]]  # case 1 records who left the room
    editor.move_cursor_to_end()
    with qtbot.waitSignal(editor.autosaved, timeout=5000):
        qtbot.keyClick(editor.editor, Qt.Key.Key_Return)
        qtbot.keyClicks(editor.editor, "The panel asked about support from family.")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    doc = panel_day.load_minutes(demo_ctx, sheet.meeting_id)
    assert doc is not None and "support from family" in doc.sections[2].body and not editor.dirty

    # Send to the chair, sign off: final and locked.
    qtbot.mouseClick(editor.send_button, Qt.MouseButton.LeftButton)
    assert "With the chair" in editor.state.text()
    assert editor.chair_name.text()  # the sitting's chair, for the administrator to confirm
    qtbot.mouseClick(editor.sign_button, Qt.MouseButton.LeftButton)
    assert editor.doc is not None and editor.doc.locked and "Final" in editor.state.text()
    before = editor.editor.toPlainText()
    qtbot.keyClicks(editor.editor, "A sneaky change")
    assert editor.editor.toPlainText() == before and not editor.save_button.isEnabled()
    with pytest.raises(ValidationError, match="locked"):
        panel_day.save_minutes(demo_ctx, sheet.meeting_id, {editor.section_ids[2]: "x"}, editor.doc.version)

    # Reopening needs a reason; with one, the minutes can be edited again.
    qtbot.mouseClick(editor.reopen_button, Qt.MouseButton.LeftButton)
    assert messenger.errors and "reason" in messenger.errors[-1]
    assert editor.doc.locked
    qtbot.keyClicks(editor.reopen_reason, "Chair corrected a name")
    qtbot.mouseClick(editor.reopen_button, Qt.MouseButton.LeftButton)
    assert editor.doc is not None and editor.doc.state == "draft" and not editor.editor.isReadOnly()
    assert "reopened: Chair corrected a name" in editor.state.text()
    assert panel_day.revisions(demo_ctx, sheet.meeting_id)[0].kind == "reopen"


def test_history_compares_and_restores_a_version(
    qtbot: QtBot, view: PanelDayView, demo_ctx: ServiceContext
) -> None:
    sheet = walkthrough_sitting(demo_ctx)
    view.select_sitting(sheet.meeting_id)
    editor = view.show_minutes()
    qtbot.mouseClick(editor.start_button, Qt.MouseButton.LeftButton)
    editor.sections.setCurrentRow(1)
    editor.move_cursor_to_end()
    qtbot.keyClicks(editor.editor, "First wording.")
    editor.save()
    qtbot.keyClicks(editor.editor, " Second wording.")
    editor.save()
    dialog = editor.open_history()
    assert dialog is not None
    dialog.list.setCurrentRow(1)  # the save with the first wording only
    assert "-" in dialog.diff.toPlainText() and "Second wording." in dialog.diff.toPlainText()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert editor.editor.toPlainText().endswith("First wording.")
    assert panel_day.revisions(demo_ctx, sheet.meeting_id)[0].kind == "restore"
