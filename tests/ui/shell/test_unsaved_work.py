"""Closing the window never loses typing (issue 20): Save / Discard / Cancel while any view holds some."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from panelapp.services.context import ServiceContext
from ui.shell import main_window
from ui.shell.main_window import MainWindow
from ui.shell.messages import Messenger
from ui.shell.view_base import AreaView

Button = QMessageBox.StandardButton
REAL_QUESTION = Messenger.ask_save_discard_cancel  # tests/ui/conftest.py answers Discard unless told


class TypedView(AreaView):
    """A view holding unsaved typing, recording what the window asked of it."""

    def __init__(self, ctx: ServiceContext, saves: bool = True) -> None:
        super().__init__(ctx)
        self.typed = "the reasons for NRAA-2026-014"
        self.saves = saves
        self.calls: list[str] = []

    def unsaved_work(self) -> str | None:
        return self.typed or None

    def save_unsaved(self) -> bool:
        self.calls.append("save")
        if self.saves:
            self.typed = ""
        return self.saves

    def discard_unsaved(self) -> None:
        self.calls.append("discard")
        self.typed = ""


@pytest.fixture
def window(qtbot: QtBot, demo_ctx: ServiceContext) -> MainWindow:
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.show()
    return win


def _typed(window: MainWindow, saves: bool = True) -> TypedView:
    view = TypedView(window.ctx, saves)
    window._views["members"] = view  # as if the user had typed in the Members area
    return view


def _answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton, asked: list[str]) -> None:
    """The user presses `button` in the real Save / Discard / Cancel box."""

    def exec_(box: QMessageBox) -> int:
        asked.append(box.text())
        return int(button.value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(Messenger, "ask_save_discard_cancel", REAL_QUESTION)


def test_ctrl_q_with_unsaved_typing_asks_and_cancel_keeps_the_window_and_the_text(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = _typed(window)
    asked: list[str] = []
    _answer(monkeypatch, Button.Cancel, asked)
    quit_action = next(
        a for a in window.findChildren(type(window.menuBar().actions()[0])) if a.text() == "&Quit"
    )
    assert quit_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)
    quit_action.trigger()
    assert window.isVisible() and view.typed and view.calls == []
    assert "the reasons for NRAA-2026-014" in asked[0]


def test_save_saves_then_closes(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    view = _typed(window)
    _answer(monkeypatch, Button.Save, [])
    assert window.close()
    assert view.calls == ["save"] and not window.isVisible()


def test_a_save_that_fails_keeps_the_window_open_on_that_view(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = _typed(window, saves=False)
    _answer(monkeypatch, Button.Save, [])
    assert not window.close()
    assert window.isVisible() and view.typed


def test_discard_forgets_and_closes(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    view = _typed(window)
    _answer(monkeypatch, Button.Discard, [])
    assert window.close()
    assert view.calls == ["discard"]


def test_nothing_typed_closes_without_asking(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    _answer(monkeypatch, Button.Cancel, asked)
    assert window.close() and asked == []


@pytest.mark.parametrize("laptop", [True, False])
def test_a_first_start_on_a_laptop_screen_opens_maximised(
    qtbot: QtBot, demo_ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch, laptop: bool
) -> None:
    QSettings().remove("main_window/geometry")
    # The offscreen screen's size stands for the laptop's (or a large monitor's).
    monkeypatch.setattr(main_window, "SMALL_SCREEN", QSize(100_000, 100_000) if laptop else QSize(10, 10))
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    assert win.isMaximized() is laptop


def test_help_shows_the_rules_table_with_each_rules_source_and_code(window: MainWindow) -> None:
    """Issue 16: one page, each rule, its source, where it lives in the code."""
    dialog = window.show_rules()
    text = dialog.browser.toPlainText()
    assert "AAR reg 6(1)–(2)" in text and "panelapp/domain/quorum.py" in text
    assert "WorkingDayCalendar.statutory()" in text and "Keyboard shortcuts" not in text
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    for path in re.findall(r"<code>([\w/]+\.py)</code>", (root / "resources/help/rules.html").read_text()):
        found = (root / path).exists() or (root / "panelapp" / path).exists()
        assert found, f"the rules table names {path}, which does not exist"
