"""Make each area ready while the user is idle, so the first visit to an area is quick.

A first visit paid for importing the area's modules (its view, widgets and services: 50–100 ms
an area, ~0.4 s in all on a busy laptop), building its widgets (10–30 ms) and reading what it
shows (10–150 ms at national scale, the first time also compiling its statements) before
anything was drawn. Start-up stays paint-first: nothing here runs until Home is filled in and
the status bar's first count is done. Then, one step at a time, an area's modules are
imported, then (with `build`) its view is built, then (with `load`) it reads what it shows, on
the GUI thread (importing widget modules from another thread risks a deadlock between
circular imports; the views' models live there), and only when no key or mouse button has been
pressed for `QUIET_MS`, so typing into the search box is never held up.

What an area read in advance stays as current as any area shown before: the view reloads when
it is chosen if anything was saved since, the day changed or, on a shared PostgreSQL
database, it is older than 30 seconds (`ui/shell/view_base.py`). Memory grows by the code,
the widgets and the data of every area (what opening each area costs anyway).

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
STEP_MS = 5  # between two steps: the event loop turns over (input, paints) in between
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


IMPORT, BUILD, LOAD = "import", "build", "load"


class AreaWarmUp(QObject):
    """Imports `modules` one per idle step, gives each to `build` in a step of its own, then to
    `load` in another; `finished` carries the seconds from start to end. `build` returns None
    and `load` False when there was nothing to do (the user opened that area meanwhile)."""

    finished = Signal(float)

    def __init__(
        self,
        modules: Sequence[str],
        parent: QObject | None = None,
        build: Callable[[str], object] | None = None,
        load: Callable[[str], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self._build = build
        self._load = load
        self._pending: list[tuple[str, str]] = []  # (module, IMPORT / BUILD / LOAD)
        for name in modules:
            if name not in sys.modules:
                self._pending.append((name, IMPORT))
            if build is not None:
                self._pending.append((name, BUILD))
            if build is not None and load is not None:
                self._pending.append((name, LOAD))
        self._last_input = 0.0
        self._started = 0.0
        self.done = False
        self.imported: list[str] = []
        self.built: list[str] = []
        self.loaded: list[str] = []
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
            name, stage = self._pending.pop(0)
            if stage == IMPORT and self._import(name):
                break
            if stage == BUILD and name in sys.modules and self._built(name):
                break
            if stage == LOAD and name in self.built and self._loaded(name):
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

    def _loaded(self, name: str) -> bool:
        assert self._load is not None
        try:
            done = self._load(name)
        except Exception:  # noqa: BLE001 - opening the area reads it again and shows the problem
            return False
        if done:
            self.loaded.append(name)
        return done

    def _finish(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.done = True
        self.finished.emit(monotonic() - self._started)
