"""Make each area ready while the user is idle, so the first visit to an area is quick.

A first visit paid for importing the area's modules (its view, widgets and services: 50–100 ms
an area, ~0.4 s in all on a busy laptop) and building its widgets (10–30 ms) before anything
was drawn. Start-up stays paint-first: nothing here runs until Home is filled in and the
status bar's first count is done. Then, one step at a time, an area's modules are imported
and then (with `build`) its view is built, on the GUI thread (importing widget modules from
another thread risks a deadlock between circular imports), and only when no key or mouse
button has been pressed for `QUIET_MS`, so typing into the search box is never held up. No
data is read: what an area shows is loaded when it is opened, so it is current; memory grows
by the code and the empty widgets (~3 + 7 MB for every area at national scale).

`PANELAPP_NO_WARM_UP=1` turns it off (benchmarks measure the cold first visit with it).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence
from time import monotonic

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

ENV_OFF = "PANELAPP_NO_WARM_UP"
QUIET_MS = 400  # no key or click for this long counts as idle
STEP_MS = 40  # between two areas: the event loop turns over in between
_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.InputMethod,
    }
)


def warm_up_enabled() -> bool:
    return os.environ.get(ENV_OFF, "").strip() not in ("1", "true", "yes")


class AreaWarmUp(QObject):
    """Imports `modules` one per idle step, and gives each to `build` in a step of its own;
    `finished` carries the seconds from start to end."""

    finished = Signal(float)

    def __init__(
        self,
        modules: Sequence[str],
        parent: QObject | None = None,
        build: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self._build = build
        # (module, True) imports it; (module, False) builds what it holds.
        self._pending: list[tuple[str, bool]] = []
        for name in modules:
            if name not in sys.modules:
                self._pending.append((name, True))
            if build is not None:
                self._pending.append((name, False))
        self._last_input = 0.0
        self._started = 0.0
        self.done = False
        self.imported: list[str] = []
        self.built: list[str] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._step)

    def start(self, delay_ms: int = STEP_MS) -> None:
        if self._started:
            return
        self._started = monotonic()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # only while warming: a few seconds at most
        self._timer.start(delay_ms)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self._last_input = monotonic()
        return False

    def _step(self) -> None:
        quiet_for_ms = (monotonic() - self._last_input) * 1000
        if quiet_for_ms < QUIET_MS:
            self._timer.start(int(QUIET_MS - quiet_for_ms) + STEP_MS)
            return
        while self._pending:
            name, importing = self._pending.pop(0)
            if importing and self._import(name):
                break
            if not importing and name in sys.modules and self._built(name):
                break
        if self._pending:
            self._timer.start(STEP_MS)
        else:
            self._finish()

    def _import(self, name: str) -> bool:
        if name in sys.modules:
            return False  # the user opened that area meanwhile
        try:
            importlib.import_module(name)
        except ImportError:
            return False  # the area will say what is wrong when it is opened
        self.imported.append(name)
        return True

    def _built(self, name: str) -> bool:
        assert self._build is not None
        try:
            if self._build(name) is None:
                return False  # already built: the user opened it meanwhile
        except Exception:  # noqa: BLE001 - opening the area will show the problem, in words
            return False
        self.built.append(name)
        return True

    def _finish(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.done = True
        self.finished.emit(monotonic() - self._started)
