"""A date input in UK format (dd/mm/yyyy) that says what is wrong next to the field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtWidgets import QLineEdit, QWidget

from panelapp.domain.periods import parse_user_date, uk_date
from ui.shell.field_errors import FieldWithError


class DateField(FieldWithError):
    """Blank means 'no date'. `value()` returns the date, None, or raises ValueError.

    A field with its own error line beneath (FieldWithError): editing clears it, `edited` says so.
    """

    def __init__(self, accessible_name: str, required: bool = False, parent: QWidget | None = None) -> None:
        edit = QLineEdit()
        edit.setPlaceholderText("dd/mm/yyyy")
        edit.setMaxLength(10)
        super().__init__(edit, accessible_name, parent)
        self.edit = edit
        self.required = required

    def set_value(self, value: date | None) -> None:
        self.edit.setText(uk_date(value) if value else "")
        self.clear_error()

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
        self.clear_error()
        return True


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
