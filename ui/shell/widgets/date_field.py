"""A date input in UK format (dd/mm/yyyy) that says what is wrong next to the field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from panelapp.domain.periods import parse_user_date, uk_date
from ui.shell.field_errors import error_label


class DateField(QWidget):
    """Blank means 'no date'. `value()` returns the date, None, or raises ValueError."""

    edited = Signal()

    def __init__(self, accessible_name: str, required: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.required = required
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("dd/mm/yyyy")
        self.edit.setAccessibleName(accessible_name)
        self.edit.setMaxLength(10)
        self.error = error_label(f"{accessible_name} error")
        self.setFocusProxy(self.edit)  # a form label's mnemonic (its buddy is this) reaches the input
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        self.edit.textEdited.connect(lambda _t: self._on_edit())

    def _on_edit(self) -> None:
        self.error.hide()
        self.edited.emit()

    def set_value(self, value: date | None) -> None:
        self.edit.setText(uk_date(value) if value else "")
        self.error.hide()

    def value(self) -> date | None:
        text = self.edit.text().strip()
        if not text:
            if self.required:
                raise ValueError("A date is needed here.")
            return None
        return parse_user_date(text)

    def validate(self) -> bool:
        """Show the problem next to the field; True when the entry is acceptable."""
        try:
            self.value()
        except ValueError as exc:
            self.show_error(str(exc))
            return False
        self.error.hide()
        return True

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def clear_error(self) -> None:
        self.error.hide()

    def focus_input(self) -> None:
        self.edit.setFocus()


def read_dates(fields: Mapping[str, DateField]) -> tuple[dict[str, date | None], dict[str, str]]:
    """Each field's date (None when unreadable), and what is wrong with each unreadable one."""
    values: dict[str, date | None] = {}
    problems: dict[str, str] = {}
    for key, field in fields.items():
        try:
            values[key] = field.value()
        except ValueError as exc:
            values[key] = None
            problems[key] = str(exc)
    return values, problems
