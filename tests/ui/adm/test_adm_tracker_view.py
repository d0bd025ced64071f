"""The ADM tracker view: record a decision and see the item move from overdue to done."""

from __future__ import annotations

import email
from datetime import date
from email import policy
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from panelapp.domain.deadlines import TrackerGroup
from panelapp.domain.vocab import AdmDecision, CaseType, UserRole
from panelapp.services import adm
from panelapp.services import adm as adm_record
from panelapp.services.admin import save_user
from panelapp.services.context import CurrentUser, ServiceContext
from tests.services.adm.test_adm_tracker import add_heard_case
from ui.adm.dialogs import DecisionDialog, MinutesSentDialog
from ui.adm.view import AdmTrackerView

TODAY = date(2026, 11, 30)  # the minutes below went on 18/11, so the decision was due 27/11


class Recorder:
    def __init__(self, confirm: bool = True) -> None:
        self.errors: list[str] = []
        self.infos: list[str] = []
        self.answer = confirm

    def error(self, _parent: object, _title: str, text: str) -> None:
        self.errors.append(text)

    def info(self, _parent: object, _title: str, text: str) -> None:
        self.infos.append(text)

    def confirm(self, _parent: object, _title: str, _text: str) -> bool:
        return self.answer


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr("ui.shell.messages.messenger", recorder)
    return recorder


@pytest.fixture
def overdue_approval(demo_ctx: ServiceContext) -> str:
    hearing_id = add_heard_case(demo_ctx, CaseType.APPROVAL)
    adm_record.record_minutes_sent(demo_ctx, hearing_id, date(2026, 11, 18), None, today=TODAY)
    return adm.tracker_case(demo_ctx, hearing_id).reference


def make_view(qtbot: QtBot, ctx: ServiceContext) -> AdmTrackerView:
    view = AdmTrackerView(ctx)
    qtbot.addWidget(view)
    view.today = lambda: TODAY
    view.resize(1366, 768)
    with qtbot.waitActive(view):  # keyboard shortcuts go to the active window
        view.show()
        view.activateWindow()
    view.refresh()
    return view


def test_recording_a_decision_moves_the_item_from_overdue_to_done(
    qtbot: QtBot, demo_ctx: ServiceContext, overdue_approval: str, told: Recorder
) -> None:
    view = make_view(qtbot, demo_ctx)
    assert (overdue_approval, "ADM decision") in view.group_rows(TrackerGroup.OVERDUE)
    overdue_before = view.counts["overdue"]
    assert view.select_case(overdue_approval, TrackerGroup.OVERDUE)
    assert overdue_approval in view.details.text()

    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    dialog = view.dialog
    assert isinstance(dialog, DecisionDialog) and dialog.isVisible()
    dialog.decision.setCurrentIndex(dialog.decision.findData(AdmDecision.AGREED))
    dialog.decided_on.edit.clear()
    qtbot.keyClicks(dialog.decided_on.edit, "30/11/2026")
    dialog.grade.setCurrentIndex(dialog.grade.findText("Good"))
    qtbot.keyClicks(dialog.sw_notified.edit, "30/11/2026")
    with qtbot.waitSignal(view.badge_changed) as badge:
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
        )

    assert told.errors == []
    assert (overdue_approval, "ADM decision") not in view.group_rows(TrackerGroup.OVERDUE)
    assert (overdue_approval, "ADM decision") in view.group_rows(TrackerGroup.DONE)
    assert (overdue_approval, "Social worker told") in view.group_rows(TrackerGroup.DONE)
    assert (overdue_approval, "Decision in writing") in view.group_rows(TrackerGroup.DUE_THIS_WEEK)
    assert view.counts["overdue"] == overdue_before - 1 == badge.args[0]
    # The same case stays selected, now showing the decision and the ADM's grade.
    assert "Agreed 30/11/2026" in view.details.text() and "ADM Good" in view.details.text()


def test_a_bad_date_is_shown_on_the_field_and_nothing_is_saved(
    qtbot: QtBot, demo_ctx: ServiceContext, overdue_approval: str, told: Recorder
) -> None:
    view = make_view(qtbot, demo_ctx)
    view.select_case(overdue_approval)
    view.record_decision()
    dialog = view.dialog
    assert isinstance(dialog, DecisionDialog)
    qtbot.keyClicks(dialog.sw_notified.edit, "31/02/2026")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.isVisible() and not dialog.sw_notified.error.isHidden()
    # A readable date the rules refuse: told before the decision.
    dialog.sw_notified.edit.clear()
    qtbot.keyClicks(dialog.sw_notified.edit, "01/11/2026")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.isVisible() and "before the decision" in dialog.sw_notified.error.text()
    assert told.errors == []  # said in the dialog, beneath the field, not in a box on top of it
    dialog.reject()
    assert (overdue_approval, "ADM decision") in view.group_rows(TrackerGroup.OVERDUE)


def test_minutes_sent_starts_the_clock_from_the_tracker(
    qtbot: QtBot, demo_ctx: ServiceContext, told: Recorder
) -> None:
    hearing_id = add_heard_case(demo_ctx, CaseType.MATCH, la_name="Medway")
    reference = adm.tracker_case(demo_ctx, hearing_id).reference
    view = make_view(qtbot, demo_ctx)
    assert (reference, "Minutes to the ADM") in view.group_rows("awaiting_minutes")
    view.select_case(reference)
    assert view.minutes_button.isEnabled() and not view.decision_button.isEnabled()
    qtbot.keyClick(
        view.tree, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dialog = view.dialog
    assert isinstance(dialog, MinutesSentDialog) and dialog.sent.edit.text() == "30/11/2026"
    with qtbot.waitSignal(dialog.finished):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    # Seven working days after Monday 30 November: Wednesday 9 December, more than a week off.
    assert (reference, "ADM decision") in view.group_rows(TrackerGroup.LATER)
    assert view.tree.currentIndex().siblingAtColumn(0).data() == "09/12/2026"
    assert (reference, "Minutes to the ADM") not in view.group_rows("awaiting_minutes")
    assert view.decision_button.isEnabled() and not view.minutes_button.isEnabled()


def test_filters_narrow_the_tracker(qtbot: QtBot, demo_ctx: ServiceContext, told: Recorder) -> None:
    view = make_view(qtbot, demo_ctx)
    everything = sum(view.counts.values())
    view.la_filter.setCurrentIndex(view.la_filter.findText("Medway"))
    medway = sum(view.counts.values())
    assert 0 < medway < everything
    model = view.model
    rows = [
        model.index(r, 5, model.index(g, 0)).data()
        for g in range(model.rowCount())
        for r in range(model.rowCount(model.index(g, 0)))
    ]
    assert set(rows) == {"Medway"}
    view.type_filter.setCurrentIndex(view.type_filter.findText("Match"))
    assert sum(view.counts.values()) < medway
    view.la_filter.setCurrentIndex(0)
    view.type_filter.setCurrentIndex(0)
    assert sum(view.counts.values()) == everything


def test_email_draft_is_written_and_opened_never_sent(
    qtbot: QtBot,
    demo_ctx: ServiceContext,
    overdue_approval: str,
    told: Recorder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr("ui.adm.view.open_with_system", lambda path: opened.append(path) or True)
    save_user(
        demo_ctx, demo_ctx.user.username, "administrator", "Test Admin", email="panel.admin@example.org"
    )
    view = make_view(qtbot, demo_ctx)
    view.select_case(overdue_approval)
    view.email_draft()
    qtbot.waitUntil(lambda: bool(opened or told.errors), timeout=30_000)  # a PDF is drawn first
    assert told.errors == [] and len(opened) == 1
    message = email.message_from_bytes(opened[0].read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1" and overdue_approval in str(message["Subject"])
    assert "panel.admin@example.org" in str(message["From"])  # from the signed-in user
    assert {p.get_filename() for p in message.iter_attachments()} == {
        f"{overdue_approval} panel recommendation.pdf",
        f"{overdue_approval} minutes extract.pdf",  # the minutes are final: they went to the ADM
    }


def test_a_viewer_sees_the_tracker_but_cannot_record(
    qtbot: QtBot, demo_ctx: ServiceContext, overdue_approval: str
) -> None:
    viewer = ServiceContext(demo_ctx.engine, CurrentUser("v", "Viewer", UserRole.VIEWER))
    view = make_view(qtbot, viewer)
    assert view.select_case(overdue_approval)
    assert not view.decision_button.isEnabled() and not view.minutes_button.isEnabled()
    view.record_decision()
    assert view.dialog is None


def test_the_badge_is_the_overdue_count(
    qtbot: QtBot, demo_ctx: ServiceContext, overdue_approval: str
) -> None:
    view = AdmTrackerView(demo_ctx)
    qtbot.addWidget(view)
    view.today = lambda: TODAY
    with qtbot.waitSignal(view.badge_changed) as badge:
        view.refresh()
    assert badge.args == [adm.overdue_count(demo_ctx, TODAY)] and badge.args[0] >= 1
    # Filtering the list does not change the navigation count.
    with qtbot.waitSignal(view.badge_changed) as filtered:
        view.adm_filter.setCurrentIndex(1)
    assert filtered.args == badge.args


def test_the_note_is_read_whole_beside_the_reference(
    qtbot: QtBot, demo_ctx: ServiceContext, overdue_approval: str
) -> None:
    """Issue 20: at 1366 px the Note column was cut to "A…"; it now sits after the reference and
    wraps, each row as tall as its wrapped texts."""
    from PySide6.QtCore import QRect

    from ui.adm.model import COLUMNS

    view = make_view(qtbot, demo_ctx)
    view.resize(900, 600)  # narrower than the laptop: the texts must still be readable
    qtbot.wait(10)
    note = COLUMNS.index("Note")
    header = view.tree.header()
    assert header.visualIndex(note) == COLUMNS.index("Reference") + 1
    metrics, checked = view.tree.fontMetrics(), 0
    model = view.model
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        for r in range(model.rowCount(group)):
            index = model.index(r, note, group)
            rect = view.tree.visualRect(index)
            text = index.data()
            room = QRect(0, 0, rect.width() - 6, 10_000)
            needed = metrics.boundingRect(room, Qt.TextFlag.TextWordWrap, text).height()
            assert rect.height() >= needed, text
            checked += metrics.horizontalAdvance(text) > rect.width()  # one that had to wrap
    assert checked, "no note long enough to need wrapping"
