"""Message boxes behind one small interface, so tests can replace them; and the one way to show an error."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from panelapp import clock
from panelapp.logs import log_path, log_unexpected
from panelapp.services.errors import ServiceError


class Messenger:
    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.critical(parent, title, text)

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def ask_save_discard_cancel(self, parent: QWidget | None, title: str, text: str) -> str:
        """ "save", "discard" or "cancel": what to do with typing not yet saved (Save is the default)."""
        button = QMessageBox.StandardButton
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, button.Save | button.Discard | button.Cancel, parent
        )
        box.setDefaultButton(button.Save)
        choice = box.exec()
        return {int(button.Save.value): "save", int(button.Discard.value): "discard"}.get(
            int(choice), "cancel"
        )


class Notices(QObject):
    """Brief, non-modal news for the status bar: the main window shows each for a few seconds."""

    saved = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.last = ""


_notices: Notices | None = None


def notices() -> Notices:
    global _notices
    if _notices is None:
        _notices = Notices()
    return _notices


def announce_saved(what: str, when: datetime | None = None) -> str:
    """Say, without a box to click, what was just saved and when ("Recommendation for
    NRAA-2026-014 saved at 10:42"): the user never has to look in the audit log to know."""
    at = when or clock.local_now()
    text = f"{what[:1].upper()}{what[1:]} saved at {at:%H:%M}"
    hub = notices()
    hub.last = text
    hub.saved.emit(text)
    return text


# Tests swap this for a recording fake: `ui.shell.messages.messenger = FakeMessenger()`.
messenger = Messenger()

UNEXPECTED_TEXT = (
    "Something went wrong that PanelApp did not expect; nothing was half-saved. Try again, or "
    "restart PanelApp.\n\nIf it happens again, tell IT the reference {reference}. The details "
    "(no personal data) are in {log}."
)


def show_error(parent: QWidget | None, title: str, error: BaseException) -> None:
    """A refusal (ServiceError) or a file problem (OSError) in its own words; anything else is
    logged without personal data and explained calmly with a reference, never its raw text."""
    if isinstance(error, ServiceError | OSError):
        messenger.error(parent, title, str(error))
        return
    reference = log_unexpected(error)
    messenger.error(parent, title, UNEXPECTED_TEXT.format(reference=reference, log=log_path()))
