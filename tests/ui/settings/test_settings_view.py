"""Settings view: loading an agency file (empty database, refusal by line, twice), editing by keyboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from panelapp.services.agency import agency_policy, read_agency_setup
from panelapp.services.context import ServiceContext
from tests.services.agency.test_agency_setup import snapshot
from ui.settings.view import SettingsView
from ui.shell import messages
from ui.shell.view_base import AreaView

AGENCIES = Path(__file__).resolve().parents[3] / "resources" / "agencies"


class FakeMessenger:
    def __init__(self) -> None:
        self.shown: list[tuple[str, str, str]] = []

    def error(self, _parent: Any, title: str, text: str) -> None:
        self.shown.append(("error", title, text))

    def info(self, _parent: Any, title: str, text: str) -> None:
        self.shown.append(("info", title, text))

    def confirm(self, _parent: Any, title: str, text: str) -> bool:
        self.shown.append(("confirm", title, text))
        return True


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeMessenger:
    f = FakeMessenger()
    monkeypatch.setattr(messages, "messenger", f)
    return f


def make_view(qtbot: QtBot, ctx: ServiceContext) -> SettingsView:
    view = SettingsView(ctx)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.activateWindow()  # shortcuts only reach the active window
    qtbot.waitUntil(view.isActiveWindow)
    view.refresh()
    return view


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), "Agency files (*.toml)")
    )


def test_loading_an_agency_file_into_an_empty_database(
    qtbot: QtBot, empty_ctx: ServiceContext, fake: FakeMessenger, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = make_view(qtbot, empty_ctx)
    assert "Set up your agency" in view.heading.text()  # by hand, or from a file (issue 20)
    assert view.tabs.isEnabled() and view.tabs.currentWidget() is view.agency_tab
    choose_file(monkeypatch, AGENCIES / "two_panels_three_chairs.toml")
    with qtbot.waitSignal(view.loaded, timeout=10000) as done:
        qtbot.keyClick(view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert done.args == [True]
    assert "Riverbend Adoption Partnership" in view.heading.text()
    assert view.tabs.isEnabled()
    kind, _title, text = next(m for m in fake.shown if m[1] == "Agency file loaded")
    assert kind == "info"
    assert "3 people were added to the central list: Alex Carter, Sam Patel, Jo Reid" in text
    panels = view.panels_tab.model
    assert [panels.row(i).name for i in range(panels.rowCount())] == ["North Panel", "South Panel"]
    assert panels.row(0).rule_description == "Every month on the 1st Wednesday"

    before = snapshot(empty_ctx)
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.choose_agency_file()
    assert "no changes" in fake.shown[-1][2]
    assert snapshot(empty_ctx) == before


def test_a_refused_file_names_the_line_and_changes_nothing(
    qtbot: QtBot,
    demo_ctx: ServiceContext,
    fake: FakeMessenger,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    view = make_view(qtbot, demo_ctx)
    bad = tmp_path / "bad.toml"
    bad.write_text('[agency]\nname = "Northdown Regional Adoption Agency"\n\n[policy]\nquorum_min = 0\n')
    choose_file(monkeypatch, bad)
    before = snapshot(demo_ctx)
    with qtbot.waitSignal(view.loaded, timeout=10000) as done:
        view.load_button.click()
    assert done.args == [False]
    kind, title, text = fake.shown[-1]
    assert (kind, title) == ("error", "Agency file not loaded")
    assert "Line 5: quorum_min must be between 5 and 20, not 0: the law requires at least 5" in text
    assert "nothing was changed" in text
    assert snapshot(demo_ctx) == before


def test_panel_rhythm_is_read_back_and_a_bad_one_is_refused_clearly(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: FakeMessenger
) -> None:
    view = make_view(qtbot, demo_ctx)
    view.tabs.setCurrentWidget(view.panels_tab)
    tab = view.panels_tab
    tab.table.selectRow(1)
    assert tab.name.text() == "Panel 2"
    tab.rule.setFocus()
    tab.rule.selectAll()
    qtbot.keyClicks(tab.rule, "monthly Thursday")
    assert 'say which Thursday of the month, e.g. "monthly 1st Thursday"' in tab.rule_words.text()
    qtbot.keyClick(tab.rule, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S saves the tab
    assert "Nothing was saved" in tab.messages.errors.summary.text()
    assert read_agency_setup(demo_ctx).panels[1].rule == "monthly 2nd Tuesday"
    tab.rule.selectAll()
    qtbot.keyClicks(tab.rule, "monthly last thursday")
    assert tab.rule_words.text() == "Every month on the last Thursday"
    qtbot.keyClick(tab.rule, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "Panel 2 saved" in tab.messages.done.text()
    assert read_agency_setup(demo_ctx).panels[1].rule == "monthly last Thursday"
    assert tab.model.row(1).rule_description == "Every month on the last Thursday"


def test_policy_and_closure_days_by_keyboard(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: FakeMessenger
) -> None:
    view = make_view(qtbot, demo_ctx)
    view.tabs.setCurrentWidget(view.policy_tab)
    spin = view.policy_tab.editors["quorum_min"].widget
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    qtbot.keyClick(spin, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert agency_policy(demo_ctx).quorum_min == 6
    assert "Policy saved" in view.policy_tab.messages.done.text()

    view.tabs.setCurrentWidget(view.closures_tab)
    tab = view.closures_tab
    qtbot.keyClicks(tab.day.edit, "31/02/2026")
    tab.add_button.click()
    assert tab.day.error.text() == '"31/02/2026" is not a real date'
    tab.day.edit.clear()
    qtbot.keyClicks(tab.day.edit, "24/12/2026")
    qtbot.keyClicks(tab.reason, "Council closure")
    tab.add_button.click()
    assert tab.model.rowCount() == 1 and tab.model.row(0).reason == "Council closure"
    assert agency_policy(demo_ctx).closure_days[0].isoformat() == "2026-12-24"


def test_every_input_has_an_accessible_name(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QTableView

    view = make_view(qtbot, demo_ctx)
    kinds = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractButton, QTableView)
    unnamed = [
        w
        for kind in kinds
        for w in view.findChildren(kind)
        if not w.accessibleName()
        and w.isVisibleTo(view)
        and not w.parent().inherits("QAbstractSpinBox")
        and not w.parent().inherits("QTabBar")
        and not w.parent().inherits("QTableView")
    ]
    assert unnamed == []


def test_a_saved_setting_tells_the_areas_that_show_settings(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: FakeMessenger
) -> None:
    class ShowsSettings(AreaView):
        shows = frozenset({"settings"})

    elsewhere = ShowsSettings(demo_ctx)  # not on screen: reloads when next shown
    qtbot.addWidget(elsewhere)
    view = make_view(qtbot, demo_ctx)
    view.tabs.setCurrentWidget(view.policy_tab)
    assert not elsewhere.stale
    view.policy_tab.save_button.click()
    assert elsewhere.stale
