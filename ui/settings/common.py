"""Shared pieces of the Settings tabs: a form's problems shown the one way, and a line when saved."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from panelapp.services.errors import ServiceError
from ui.shell.field_errors import FieldErrors, FieldWithError

OK_STYLE = "color: #276749;"


class FormMessages:
    """A Settings form's messages: problems beneath their fields and the refusal on one line
    (ui.shell.field_errors, as in every form), or one green line saying what was saved."""

    def __init__(self, form_name: str) -> None:
        self.errors = FieldErrors(form_name)
        self.done = QLabel()
        self.done.setWordWrap(True)
        self.done.setStyleSheet(OK_STYLE)
        self.done.setAccessibleName(f"{form_name} message")
        self.done.hide()
        self.lines = QWidget()  # lay this out under the form's buttons
        layout = QVBoxLayout(self.lines)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.errors.summary)
        layout.addWidget(self.done)
        self.lines.hide()  # takes no room while it has nothing to say

    def row(self, form: QFormLayout, label: str, key: str, widget: QWidget, name: str | None = None) -> None:
        """A form row for `widget`, with its problem (keyed `key`) shown beneath it."""
        wrapped: FieldWithError = self.errors.wrap(key, widget, name)
        form.addRow(label, wrapped)

    def clear(self) -> None:
        self.errors.clear()
        self.done.hide()
        self.lines.hide()

    def refused(self, exc: ServiceError) -> None:
        self.done.hide()
        self.errors.show_error(exc)
        self.lines.setVisible(not self.errors.summary.isHidden())

    def saved(self, text: str) -> None:
        self.errors.clear()
        self.done.setText(text)
        self.done.show()
        self.lines.show()


def with_access_key(label: str, letter: str) -> str:
    """`label` with Alt+`letter` marked ("Protective &marking"), for a form row's label."""
    at = label.lower().find(letter.lower())
    return label if at < 0 else f"{label[:at]}&{label[at:]}"
