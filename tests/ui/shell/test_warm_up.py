"""Each area's code is imported, its view built and its data read while the user is idle,
never while they type (issue 21)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from panelapp.services import adm, cases
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from tests.ui.support import QueryCounter, record_messages
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
    said = record_messages(monkeypatch)
    not_yet = [spec.module for spec in VIEWS[1:] if spec.module not in sys.modules]
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.warm_up.done, timeout=20_000)
    assert all(spec.module in sys.modules for spec in VIEWS)
    assert window.warm_up.imported == not_yet
    assert window._views.keys() == {spec.key for spec in VIEWS}  # every area built…
    unread = [k for k, view in window._views.items() if view.loaded_on is None]
    assert unread == [], "…and each has read what it shows, while hidden"
    assert window.warm_up.loaded == [spec.module for spec in VIEWS[1:]]
    assert window.current_key() == "home" and said.errors == [] and said.infos == []
    counter = QueryCounter(demo_ctx)
    calendar = window.show_view("calendar")  # then opened: shown at once, not read again
    assert calendar.isVisible() and counter.statements == []
    # …and still current: something saved since is there when an area read in advance is opened.
    cases.create_case(
        demo_ctx, cases.CaseInput(reference="AFTER-WARM-1", case_type="approval", household="New")
    )
    register = window.show_view("cases")
    assert counter.statements != []
    assert "AFTER-WARM-1" in {row.reference for row in register.model.all_rows()}  # type: ignore[attr-defined]
    counter.close()


def test_an_area_read_in_advance_keeps_quiet_about_a_problem_and_says_it_when_opened(
    qtbot: QtBot, demo_ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nobody is looking at an area loading in advance: a problem it would report is not shown
    then (no box over Home); the area stays unloaded and its opening reads it and says so."""
    monkeypatch.setenv(warm_up.ENV_OFF, "1")
    said = record_messages(monkeypatch)
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show()
    tracker = window.view("adm")

    def refused(*_args: object, **_kwargs: object) -> object:
        raise ServiceError("The database could not be reached.")

    monkeypatch.setattr(adm, "adm_tracker", refused)
    assert not tracker.load_in_advance()
    assert tracker.loaded_on is None and said.errors == []
    window.show_view("adm")
    assert said.errors == ["ADM tracker: The database could not be reached."]
    monkeypatch.undo()  # the database is back: the next load reads it
    record_messages(monkeypatch)
    assert tracker.needs_reload()


def test_each_area_is_loaded_after_it_is_built_and_a_failed_load_is_left(
    qtbot: QtBot, three_areas: list[str]
) -> None:
    built: list[str] = []

    def load(name: str) -> bool:
        assert name in built, "loaded before it was built"
        if name == three_areas[1]:
            raise RuntimeError("database gone")
        return name != three_areas[2]  # the user opened that one meanwhile: nothing to do

    warmer = AreaWarmUp(three_areas, build=lambda name: built.append(name) or name, load=load)
    with qtbot.waitSignal(warmer.finished, timeout=5000):
        warmer.start(0)
    assert warmer.built == three_areas and warmer.loaded == [three_areas[0]]


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
