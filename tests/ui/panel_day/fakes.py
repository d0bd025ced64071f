"""A recording messenger for the panel day UI tests."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class RecordingMessenger:
    def __init__(self, confirm: bool = True) -> None:
        self.errors: list[str] = []
        self.infos: list[str] = []
        self.questions: list[str] = []
        self.answer = confirm
        self.on_unsaved = "cancel"  # what ask_save_discard_cancel answers

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self.errors.append(f"{title}: {text}")

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self.infos.append(f"{title}: {text}")

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        self.questions.append(text)
        return self.answer

    def ask_save_discard_cancel(self, parent: QWidget | None, title: str, text: str) -> str:
        self.questions.append(text)
        return self.on_unsaved
