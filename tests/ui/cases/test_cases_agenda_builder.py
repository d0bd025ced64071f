"""The agenda builder on screen: five cases and a break, reordered by keyboard and by drag and drop."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from panelapp.services import cases
from panelapp.services.cases import ChildData
from panelapp.services.context import ServiceContext
from tests.services.cases.support import TODAY, new_case, new_sitting
from ui.cases.view import CasesView
from ui.shell import messages


class FakeMessenger:
    def __init__(self, answer: bool = True) -> None:
        self.errors: list[str] = []
        self.infos: list[str] = []
        self.questions: list[str] = []
        self.answer = answer

    def error(self, _parent: object, _title: str, text: str) -> None:
        self.errors.append(text)

    def info(self, _parent: object, _title: str, text: str) -> None:
        self.infos.append(text)

    def confirm(self, _parent: object, _title: str, text: str) -> bool:
        self.questions.append(text)
        return self.answer


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeMessenger:
    recorder = FakeMessenger()
    monkeypatch.setattr(messages, "messenger", recorder)
    return recorder


@pytest.fixture
def five_cases(demo_ctx: ServiceContext) -> int:
    """A fresh sitting (09:30-15:00) with five cases: 75, 75, 45, 30, 20 minutes."""
    meeting_id = new_sitting(demo_ctx)
    for n, (kind, kids) in enumerate(
        [
            ("approval", ()),
            ("match", (ChildData("AB"),)),
            ("consent_plan", (ChildData("CD"),)),
            ("review", ()),
            ("deregistration", ()),
        ]
    ):
        case = new_case(demo_ctx, f"UI-{n + 1}", kind, children=kids)
        if kind == "consent_plan":
            from panelapp.services.cases import PaperUpdate, update_papers

            update_papers(demo_ctx, case.id, {p.id: PaperUpdate(received_on=TODAY) for p in case.papers})
        cases.book_case(demo_ctx, case.id, meeting_id, today=TODAY)
    return meeting_id


@pytest.fixture
def view(qtbot: QtBot, demo_ctx: ServiceContext, fake: FakeMessenger, five_cases: int) -> CasesView:
    w = CasesView(demo_ctx)
    qtbot.addWidget(w)
    w.today = TODAY
    w.resize(1366, 768)
    w.show()
    w.refresh()
    w.tabs.setCurrentIndex(1)
    builder = w.agenda_builder
    builder.sittings.setCurrentIndex(builder.sittings.findData(five_cases))
    return w


def rows(w: CasesView) -> list[tuple[str, str, str]]:
    model = w.agenda_builder.model
    return [
        (model.index(r, 3).data().split(" ")[0], model.index(r, 0).data(), model.index(r, 1).data())
        for r in range(model.rowCount())
    ]


def test_five_cases_and_a_break_reordered_by_keyboard_and_drag(qtbot: QtBot, view: CasesView) -> None:
    builder = view.agenda_builder
    assert rows(view) == [
        ("UI-1", "09:30", "10:45"),
        ("UI-2", "10:45", "12:00"),
        ("UI-3", "12:00", "12:45"),
        ("UI-4", "12:45", "13:15"),
        ("UI-5", "13:15", "13:35"),
    ]
    builder.select_row(1)
    builder.table.setFocus()
    qtbot.keyClick(builder.table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)  # break after UI-2
    assert rows(view) == [
        ("UI-1", "09:30", "10:45"),
        ("UI-2", "10:45", "12:00"),
        ("Break", "12:00", "12:15"),
        ("UI-3", "12:15", "13:00"),
        ("UI-4", "13:00", "13:30"),
        ("UI-5", "13:30", "13:50"),
    ]
    builder.select_row(5)
    qtbot.keyClick(builder.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)  # UI-5 up one
    assert rows(view)[4] == ("UI-5", "13:00", "13:20")
    assert builder.table.currentIndex().row() == 4  # the moved slot stays selected
    qtbot.keyClick(builder.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)  # and back
    assert rows(view)[5] == ("UI-5", "13:30", "13:50")
    # Drag UI-1 (row 0) and drop it onto the gap below UI-3 (before row 4).
    model = builder.model
    dragged = model.mimeData([model.index(0, 0)])
    model.dropMimeData(dragged, Qt.DropAction.MoveAction, 4, 0, QModelIndex())
    assert rows(view) == [
        ("UI-2", "09:30", "10:45"),
        ("Break", "10:45", "11:00"),
        ("UI-3", "11:00", "11:45"),
        ("UI-1", "11:45", "13:00"),
        ("UI-4", "13:00", "13:30"),
        ("UI-5", "13:30", "13:50"),
    ]
    saved = cases.get_agenda(view.ctx, builder.agenda.meeting_id, TODAY)  # type: ignore[union-attr]
    assert [(s.start, s.end) for s in saved.slots] == [(s.start, s.end) for s in builder.agenda.slots]  # type: ignore[union-attr]
    assert not builder.warning.isVisible()


def test_longer_slots_past_the_end_show_the_warning(qtbot: QtBot, view: CasesView) -> None:
    builder = view.agenda_builder
    builder.select_row(0)
    builder.minutes.setValue(300)
    builder.minutes.editingFinished.emit()
    assert rows(view)[0] == ("UI-1", "09:30", "14:30")
    assert builder.warning.isVisible() and "runs to 17:20, 2 hours 20 minutes past" in builder.warning.text()


def test_panel_only_discussion_goes_before_the_selected_case(qtbot: QtBot, view: CasesView) -> None:
    builder = view.agenda_builder
    builder.select_row(0)
    builder.table.setFocus()
    qtbot.keyClick(
        builder.table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert rows(view)[:2] == [("Panel-only", "09:30", "09:45"), ("UI-1", "09:45", "11:00")]


def test_someone_elses_change_is_not_overwritten(view: CasesView, fake: FakeMessenger) -> None:
    builder = view.agenda_builder
    assert builder.agenda is not None
    cases.add_slot(view.ctx, builder.agenda.meeting_id, "break", builder.agenda.version)
    builder.select_row(0)
    builder.move_selected(1)
    assert fake.errors and "changed by" in fake.errors[0]
    assert rows(view)[-1][0] == "Break"  # reloaded: their break is there, my move was not made


def test_export_to_word_runs_in_the_background(
    qtbot: QtBot, view: CasesView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "agenda.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    builder = view.agenda_builder
    builder.export("docx")
    assert builder.export_job is not None and not builder.word_button.isEnabled()
    # The job started at once and may already be done: wait for what the user sees.
    qtbot.waitUntil(lambda: "Agenda saved to" in builder.status.text(), timeout=20000)
    text = "\n".join(c.text for t in Document(str(out)).tables for r in t.rows for c in r.cells)
    assert "09:30\u201310:45" in text and "AB" in text
    assert "Agenda saved to" in builder.status.text()


def test_buttons_say_their_shortcut_in_the_tooltip_and_fit_at_1366(qtbot: QtBot, view: CasesView) -> None:
    """Issue 20: at 1366x768 'Add panel-only discussion (Ctrl+Shift+B)' was cut off; the buttons now
    carry a short label, with the full name and shortcut in the tooltip and accessible description,
    and each is wide enough for its text."""
    from PySide6.QtWidgets import QPushButton

    builder = view.agenda_builder
    buttons = {b.accessibleName(): b for b in builder.findChildren(QPushButton) if b.toolTip()}
    panel_only = buttons["Add panel-only discussion"]
    assert panel_only.text() == "Panel-only"
    assert panel_only.toolTip() == "Add panel-only discussion (Ctrl+Shift+B)"
    assert "Ctrl+Shift+B" in panel_only.accessibleDescription()
    assert "(" not in builder.pdf_button.text() and "Ctrl+Shift+P" in builder.pdf_button.toolTip()
    for name, button in buttons.items():
        needed = button.fontMetrics().horizontalAdvance(button.text())
        assert button.isVisible() and button.width() >= needed, name
    builder.select_row(0)
    panel_only.click()  # the button still does what the shortcut does
    assert rows(view)[0][0] == "Panel-only"
