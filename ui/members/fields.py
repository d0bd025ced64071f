"""Form helpers shared by the Members dialogs: a field with its own error line beneath it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.shell.widgets.date_field import DateField


class Labelled(QWidget):
    """Wraps an input so a message can appear right under it (next to the field)."""

    def __init__(self, field: QWidget, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        field.setAccessibleName(accessible_name)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c53030;")
        self.error.setWordWrap(True)
        self.error.setAccessibleName(f"{accessible_name} error")
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        layout.addWidget(self.error)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def clear_error(self) -> None:
        self.error.hide()


FieldWidget = Labelled | DateField


def show_field_errors(fields: dict[str, FieldWidget], errors: dict[str, str]) -> list[str]:
    """Put each message next to its field; returns the messages no field could take."""
    for widget in fields.values():
        if isinstance(widget, DateField):
            widget.error.hide()
        else:
            widget.clear_error()
    leftover: list[str] = []
    for key, message in errors.items():
        target = fields.get(key)
        if target is None:
            leftover.append(message)
        else:
            target.show_error(message)
    return leftover


def first_error_focus(fields: dict[str, FieldWidget], errors: dict[str, str]) -> None:
    for key in fields:
        if key in errors:
            widget = fields[key]
            (widget.edit if isinstance(widget, DateField) else widget.field).setFocus()
            return
