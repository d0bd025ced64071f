"""Shared pieces of the Settings tabs: inline field errors and a saved/refused message line."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from panelapp.services.errors import ServiceError, ValidationError

ERROR_STYLE = "color: #c53030;"
OK_STYLE = "color: #276749;"


class FieldErrors:
    """One red message under each field, plus a line for the whole form."""

    def __init__(self, form_name: str) -> None:
        self.labels: dict[str, QLabel] = {}
        self.live: set[str] = set()  # fields whose label also gives live feedback: never hidden
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(f"{form_name} message")
        self.summary.hide()

    def add(self, form: QFormLayout, label: str, field: str, widget: QWidget, name: str = "") -> QLabel:
        """Add a row with `widget`, and an error line under it keyed `field`.

        `name` is what a screen reader calls the row when `label` is empty (a check box).
        """
        form.addRow(label, widget)
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.setAccessibleName(f"{name or label.replace('&', '').rstrip(':')} problem")
        error.hide()
        form.addRow("", error)
        self.labels[field] = error
        return error

    def clear(self) -> None:
        for field, label in self.labels.items():
            if field not in self.live:
                label.hide()
        self.summary.hide()

    def show_field(self, field: str, message: str) -> None:
        """A message under one field only (say, a saved value the rules no longer allow)."""
        self.labels[field].setText(message)
        self.labels[field].setStyleSheet(ERROR_STYLE)
        self.labels[field].show()

    def show(self, exc: ServiceError) -> None:
        self.clear()
        if isinstance(exc, ValidationError):
            for field, message in exc.field_errors.items():
                if field in self.labels:
                    self.show_field(field, message)
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setText(str(exc))
        self.summary.show()

    def saved(self, text: str) -> None:
        self.clear()
        self.summary.setStyleSheet(OK_STYLE)
        self.summary.setText(text)
        self.summary.show()


def with_access_key(label: str, letter: str) -> str:
    """`label` with Alt+`letter` marked ("Protective &marking"), for a form row's label."""
    at = label.lower().find(letter.lower())
    return label if at < 0 else f"{label[:at]}&{label[at:]}"
