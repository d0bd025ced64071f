"""Each area's code is imported while the user is idle, never while they type (issue 21)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from panelapp.services.context import ServiceContext
from ui.shell import warm_up
from ui.shell.main_window import MainWindow
from ui.shell.registry import VIEWS
from ui.shell.warm_up import AreaWarmUp


@pytest.fixture
def three_areas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Three modules of invented areas, each noting in a list that it was imported."""
    names = [f"warm_area_{n}_{tmp_path.name.replace('-', '_')}" for n in range(3)]
    for name in names:
        (tmp_path / f"{name}.py").write_text("import builtins\nbuiltins.WARMED.append(__name__)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr("builtins.WARMED", [], raising=False)
    yield names
    for name in names:
        sys.modules.pop(name, None)


def _warmed() -> list[str]:
    import builtins

    return list(builtins.WARMED)  # type: ignore[attr-defined]


def test_every_area_is_imported_once_one_per_step(qtbot: QtBot, three_areas: list[str]) -> None:
    warmer = AreaWarmUp(three_areas)
    with qtbot.waitSignal(warmer.finished, timeout=5000) as finished:
        warmer.start(0)
        assert _warmed() == []  # nothing until the event loop turns
    assert _warmed() == three_areas
    assert warmer.imported == three_areas and warmer.done
    assert finished.args is not None and finished.args[0] >= 0


def test_an_area_already_opened_is_not_imported_again(qtbot: QtBot, three_areas: list[str]) -> None:
    __import__(three_areas[1])
    warmer = AreaWarmUp(three_areas)
    with qtbot.waitSignal(warmer.finished, timeout=5000):
        warmer.start(0)
    assert warmer.imported == [three_areas[0], three_areas[2]]
    assert _warmed() == [three_areas[1], three_areas[0], three_areas[2]]


def test_nothing_is_imported_while_the_user_types(
    qtbot: QtBot, three_areas: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1000.0]  # the warm-up's clock, moved by hand: the test does not race the machine
    monkeypatch.setattr(warm_up, "monotonic", lambda: now[0])
    monkeypatch.setattr(warm_up, "STEP_MS", 5)
    box = QLineEdit()
    qtbot.addWidget(box)
    box.show()
    warmer = AreaWarmUp(three_areas)
    warmer.start(0)
    for _ in range(6):  # a key every 0.1 s for 0.6 s
        QApplication.sendEvent(
            box, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
        )
        qtbot.wait(30)
        assert _warmed() == [], "an area was imported while a key had just been pressed"
        now[0] += 0.1
    now[0] += warm_up.QUIET_MS / 1000  # then the user stops typing
    qtbot.waitUntil(lambda: warmer.done, timeout=5000)
    assert _warmed() == three_areas


def test_the_main_window_warms_every_area_after_its_first_count(
    qtbot: QtBot, demo_ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(warm_up.ENV_OFF, raising=False)
    not_yet = [spec.module for spec in VIEWS[1:] if spec.module not in sys.modules]
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.warm_up.done, timeout=15_000)
    assert all(spec.module in sys.modules for spec in VIEWS)
    assert window.warm_up.imported == not_yet
    assert window._views.keys() == {spec.key for spec in VIEWS}  # every area built…
    unread = [k for k, view in window._views.items() if k != "home" and view.loaded_on is not None]
    assert unread == [], "…and none of them loaded: what an area shows is read when it is opened"
    assert window.current_key() == "home"
    calendar = window.show_view("calendar")  # then opened: loaded now, as it is shown
    assert calendar.loaded_on is not None and calendar.isVisible()


def test_an_area_whose_view_cannot_be_built_is_left_for_its_own_opening(
    qtbot: QtBot, three_areas: list[str]
) -> None:
    def build(name: str) -> object:
        if name == three_areas[1]:
            raise RuntimeError("no agency yet")
        return name

    warmer = AreaWarmUp(three_areas, build=build)
    with qtbot.waitSignal(warmer.finished, timeout=5000):
        warmer.start(0)
    assert warmer.imported == three_areas
    assert warmer.built == [three_areas[0], three_areas[2]]


def test_it_can_be_turned_off(
    qtbot: QtBot, demo_ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(warm_up.ENV_OFF, "1")
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "DBS/appraisal" in window.attention_label.text(), timeout=15_000)
    qtbot.wait(100)
    assert not window.warm_up.done and window.warm_up.imported == []
