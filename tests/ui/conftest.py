"""UI tests: a background job ends with the test that started it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QThreadPool
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.shell.messages import Messenger


@pytest.fixture(autouse=True)
def _background_jobs_end_with_their_test(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A job still running when its test ends would report into the next test, where its handler
    meets the real message boxes; so wait for it, and deliver what it reported, while this test's
    fakes are still in place (this fixture is set up after `monkeypatch`, so it ends first)."""
    yield
    QThreadPool.globalInstance().waitForDone(60_000)
    QApplication.processEvents()
    # The test's own windows are destroyed now, on the GUI thread. Left to the cycle collector
    # (a view held in a cycle by the lambdas it connected), one was destroyed during a later
    # test, inside a background job's garbage collection, and the process crashed.
    for widget in QApplication.topLevelWidgets():
        if type(widget).__module__.startswith(("ui.", "tests.")):  # ours, never Qt's own popups
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


@pytest.fixture(autouse=True)
def _typing_left_in_a_window_is_discarded_at_teardown(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest-qt closes each test's windows after the test; one still holding unsaved typing
    would ask Save / Discard / Cancel in a modal box nobody answers, and the run would hang.
    Unless a test answers the question itself (tests/ui/shell/test_unsaved_work.py), the
    answer is Discard."""
    monkeypatch.setattr(Messenger, "ask_save_discard_cancel", lambda _self, _parent, _title, _text: "discard")


@pytest.fixture(autouse=True)
def _areas_built_only_when_a_test_opens_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """The idle warm-up (ui/shell/warm_up.py) would build every area of each test's window a
    second or so in: work no test asked for, racing what it checks. tests/ui/shell/test_warm_up.py
    turns it back on, and `panelapp selftest` (tests/test_cli.py) runs it as users get it."""
    monkeypatch.setenv("PANELAPP_NO_WARM_UP", "1")
