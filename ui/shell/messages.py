"""Message boxes behind one small interface, so tests can replace them; and the one way to show an error."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

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
