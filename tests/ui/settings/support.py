"""What the Settings tests share: the Settings area in a real window (the recording
messenger is tests/ui/support.py's)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from panelapp.services.context import ServiceContext
from ui.settings.view import SettingsView
from ui.shell.main_window import MainWindow


def settings_window(qtbot: QtBot, ctx: ServiceContext) -> tuple[MainWindow, SettingsView]:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    view = window.show_view("settings")
    assert isinstance(view, SettingsView)
    return window, view
