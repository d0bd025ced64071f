"""A date input in UK format (dd/mm/yyyy) that says what is wrong next to the field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from panelapp.domain.periods import parse_user_date, uk_date


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
        self.error = QLabel()
        self.error.setProperty("class", "fieldError")
        self.error.setStyleSheet("color: #c53030;")
        self.error.setAccessibleName(f"{accessible_name} error")
        self.error.hide()
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
