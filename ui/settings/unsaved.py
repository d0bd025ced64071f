"""Which Settings forms hold typing not yet saved: each form's inputs as loaded, against now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)


def snapshot(area: QWidget) -> tuple[object, ...]:
    """The values of every input inside `area` the user could have changed."""
    values: list[object] = []
    for widget in area.findChildren(QWidget):
        if isinstance(widget, QLineEdit) and not isinstance(widget.parent(), QComboBox | QAbstractSpinBox):
            values.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            values.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            values.append(widget.currentText())
        elif isinstance(widget, QAbstractSpinBox):
            values.append(widget.text())
        elif isinstance(widget, QCheckBox):
            values.append(widget.isChecked())
    return tuple(values)


@dataclass
class WatchedForm:
    what: str  # in the user's words: "the agency details"
    area: QWidget  # the form's inputs are inside it
    save: Callable[[], object]  # the form's own Save
    loaded: tuple[object, ...] = field(default=())

    def mark_loaded(self) -> None:
        self.loaded = snapshot(self.area)

    def unsaved(self) -> bool:
        return snapshot(self.area) != self.loaded
