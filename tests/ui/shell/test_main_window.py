"""The main window shell: navigation, views, status bar, menus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from panelapp import clock
from panelapp.services.context import ServiceContext
from ui.shell.main_window import MainWindow
from ui.shell.registry import VIEWS


@pytest.fixture
def window(qtbot: QtBot, demo_ctx: ServiceContext) -> MainWindow:
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.show()
    return win


def test_home_shows_the_demo_agency_and_upcoming_sittings(window: MainWindow) -> None:
    home = window.view("home")
    assert "Northdown Regional Adoption Agency" in home.heading.text()  # type: ignore[attr-defined]
    model = home.model  # type: ignore[attr-defined]
    assert model.rowCount() > 0
    assert model.index(0, 2).data().startswith("Panel ")
    assert "/" in model.index(0, 0).data()  # UK date on screen


def test_every_view_opens_from_the_navigation_and_its_shortcut(qtbot: QtBot, window: MainWindow) -> None:
    for row, spec in enumerate(VIEWS):
        window.nav.setCurrentRow(row)
        assert window.stack.currentWidget() is window.view(spec.key)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "members"


def test_status_bar_names_the_database_and_the_user(window: MainWindow) -> None:
    assert window.db_label.text().startswith("SQLite:")
    assert window.user_label.text() == "Test Admin (administrator)"
    assert "OFFICIAL-SENSITIVE" in window.statusBar().currentMessage()


def test_about_box_names_the_version(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _p, _t, text: shown.append(text))
    window.show_about()
    assert shown and "PanelApp 0.1.0" in shown[0]


def test_shortcut_list_names_every_area(window: MainWindow) -> None:
    text = window.shortcut_text()
    for spec in VIEWS:
        assert spec.shortcut in text and spec.title in text


def test_screenshot_at_laptop_size(window: MainWindow, tmp_path: pytest.TempPathFactory) -> None:
    window.resize(1366, 768)
    image = window.grab()
    assert image.width() == 1366 and image.height() == 768


def test_global_search_finds_a_case_and_opens_its_area(qtbot: QtBot, window: MainWindow) -> None:
    from panelapp.services.home import SearchHit

    qtbot.keyClick(
        window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    box = window.search_box
    qtbot.keyClicks(box, "NRAA-")
    hits = box.run_search()
    assert hits and all(h.kind == "case" for h in hits)
    assert box.results.rowCount() == len(hits)
    first = box.results.index(0, 0)
    assert "NRAA-" in first.data()
    with qtbot.waitSignal(box.hit_chosen) as chosen:
        box._chosen(first)
    assert isinstance(chosen.args[0], SearchHit)
    assert window.current_key() == "cases"


def test_every_area_has_a_help_page_and_f1_opens_it(qtbot: QtBot, window: MainWindow) -> None:
    from panelapp.paths import resource

    assert [s.key for s in VIEWS if not resource("help", f"{s.key}.html").exists()] == []
    window.show_view("adm")
    dialog = window.show_help()
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert "7 working days" in text and "Ctrl+Shift+F" in text


def test_column_widths_are_remembered_between_sessions(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    first = MainWindow(demo_ctx)
    qtbot.addWidget(first)
    table = first.view("home").table  # type: ignore[attr-defined]
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, header.ResizeMode.Interactive)
    header.resizeSection(0, 177)
    qtbot.wait(600)  # saved once resizing stops
    second = MainWindow(demo_ctx)
    qtbot.addWidget(second)
    assert second.view("home").table.horizontalHeader().sectionSize(0) == 177  # type: ignore[attr-defined]


def test_theme_choice_is_applied_and_saved(window: MainWindow) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QGuiApplication

    from ui.shell.theme import apply_theme

    requested: list[Qt.ColorScheme] = []
    hints = QGuiApplication.styleHints()
    original = hints.setColorScheme
    hints.setColorScheme = requested.append  # type: ignore[method-assign]  # offscreen has no theme
    try:
        assert apply_theme("dark", save=True) == "dark"
    finally:
        hints.setColorScheme = original  # type: ignore[method-assign]
    assert requested == [Qt.ColorScheme.Dark]
    assert QSettings().value("appearance/theme") == "dark"
    assert apply_theme() == "dark"  # the saved choice is what the next start applies
    apply_theme("system", save=True)


def test_no_view_shortcut_clashes_with_a_window_shortcut(window: MainWindow) -> None:
    """A clash makes Qt ignore both keys ("ambiguous shortcut"), so neither works."""
    from PySide6.QtGui import QAction, QShortcut

    window_keys: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            if not sequence.isEmpty() and not _inside_a_view(action, window):
                window_keys[sequence.toString()] = action.text()
    clashes = []
    for spec in VIEWS:
        view = window.view(spec.key)
        for shortcut in view.findChildren(QShortcut):
            key = shortcut.key().toString()
            if key and key in window_keys:
                clashes.append(f"{spec.title}: {key} also means '{window_keys[key]}'")
        for action in view.findChildren(QAction):
            for sequence in action.shortcuts():
                key = sequence.toString()
                if key and key in window_keys:
                    clashes.append(f"{spec.title}: {key} ({action.text()}) also means '{window_keys[key]}'")
    assert clashes == []


def _inside_a_view(obj: object, window: MainWindow) -> bool:
    parent = getattr(obj, "parent", lambda: None)()
    while parent is not None:
        if parent is window.stack:
            return True
        parent = parent.parent()
    return False


def test_users_dialog_adds_a_user_and_explains_a_bad_name(qtbot: QtBot, window: MainWindow) -> None:
    from ui.admin.users_dialog import UsersDialog

    dialog = window.show_users()
    assert isinstance(dialog, UsersDialog)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "Bad Name!")
    assert not dialog.save()
    assert "lower-case" in dialog.field_errors.summary.text()
    dialog.username.clear()
    qtbot.keyClicks(dialog.username, "pat.lee")
    dialog.role.setCurrentText("chair")
    assert dialog.save()
    assert ("pat.lee", "chair") in [(u.username, u.role) for u in dialog.model.rows()]


def test_ctrl_z_in_a_table_undoes_my_last_edit(
    qtbot: QtBot, window: MainWindow, demo_ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from panelapp.services.members import get_member, list_members, save_member
    from tests.conftest import DEMO_UNTIL

    member_id = list_members(demo_ctx, DEMO_UNTIL)[0].id
    detail = get_member(demo_ctx, member_id, DEMO_UNTIL)
    save_member(
        demo_ctx, member_id, replace(detail.details, last_name="Typo"), expected_version=detail.version
    )
    monkeypatch.setattr("ui.shell.messages.messenger.confirm", lambda *_a: True)
    view = window.show_view("members")
    view.table.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert get_member(demo_ctx, member_id, DEMO_UNTIL).details.last_name == detail.details.last_name
    assert window.statusBar().currentMessage().startswith("Undone: Edited member ")


def test_retention_dialog_previews_then_anonymises(
    qtbot: QtBot, window: MainWindow, demo_ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from db.models import Agency
    from panelapp.domain.permissions import Permission
    from panelapp.services.admin import retention_preview
    from ui.admin.retention_dialog import RetentionDialog

    with demo_ctx.write(Permission.EDIT_SETTINGS) as session:
        agency = session.get(Agency, demo_ctx.agency_id)
        assert agency is not None
        agency.retention_years = 0  # everything closed before today is past the period
    dialog = window.show_retention()
    assert isinstance(dialog, RetentionDialog)
    qtbot.addWidget(dialog)
    previewed = dialog.model.rowCount()
    assert previewed > 0 and "Nothing has been changed yet" in dialog.summary.text()
    monkeypatch.setattr("ui.shell.messages.messenger.confirm", lambda *_a: True)
    assert dialog.apply() == previewed
    assert retention_preview(demo_ctx) == [] and dialog.model.rowCount() == 0


def test_a_day_set_by_support_is_shown_in_the_status_bar(window: MainWindow) -> None:
    # tests run with PANELAPP_TODAY pinned (tests/conftest.py), as support staff would set it
    assert window.pinned_day_label.text() == "Today is set to 20/11/2026 (PANELAPP_TODAY)"


def test_panelapp_today_moves_every_service_to_that_day(
    monkeypatch: pytest.MonkeyPatch, demo_ctx: ServiceContext
) -> None:
    from datetime import date

    monkeypatch.setenv("PANELAPP_TODAY", "24/12/2026")
    assert demo_ctx.today() == date(2026, 12, 24)
    monkeypatch.setenv("PANELAPP_TODAY", "not a date")
    with pytest.raises(clock.ClockSettingError, match="PANELAPP_TODAY must be a date"):
        clock.today()
