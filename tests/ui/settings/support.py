"""What the Settings tests share: a messenger that records the Save / Discard / Cancel
questions (and every error, so a test can see one) and the Settings area in a real window."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from panelapp.services.context import ServiceContext
from ui.settings.view import SettingsView
from ui.shell.main_window import MainWindow


class Fake:
    def __init__(self) -> None:
        self.questions: list[str] = []
        self.errors: list[str] = []
        self.infos: list[str] = []
        self.on_unsaved = "cancel"  # what ask_save_discard_cancel answers

    def error(self, _p: Any, title: str, text: str) -> None:
        self.errors.append(f"{title}: {text}")

    def info(self, _p: Any, title: str, text: str) -> None:
        self.infos.append(f"{title}: {text}")

    def confirm(self, _p: Any, title: str, text: str) -> bool:
        return True

    def ask_save_discard_cancel(self, _p: Any, title: str, text: str) -> str:
        self.questions.append(text)
        return self.on_unsaved


def settings_window(qtbot: QtBot, ctx: ServiceContext) -> tuple[MainWindow, SettingsView]:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    view = window.show_view("settings")
    assert isinstance(view, SettingsView)
    return window, view
