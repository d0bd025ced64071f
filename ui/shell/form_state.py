"""A form's inputs as loaded against now, and a dialog that asks Save / Discard / Cancel before
closing with changes (Esc, the window's X and Cancel all come through `QDialog.reject`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTextEdit,
    QWidget,
)

from ui.shell import messages


def _table(table: QTableWidget) -> tuple[object, ...]:
    cells: list[object] = [table.rowCount()]
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            item = table.item(row, column)
            if item is not None:
                checked = item.checkState() if item.flags() & Qt.ItemFlag.ItemIsUserCheckable else None
                cells.append((item.text(), checked))
    return tuple(cells)


def snapshot(area: QWidget) -> tuple[object, ...]:
    """The values of every input inside `area` the user could have changed."""
    values: list[object] = []
    for widget in area.findChildren(QWidget):
        if isinstance(widget, QLineEdit) and not isinstance(widget.parent(), QComboBox | QAbstractSpinBox):
            values.append(widget.text())
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            values.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            values.append(widget.currentText())
        elif isinstance(widget, QAbstractSpinBox):
            values.append(widget.text())
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            values.append(widget.isChecked())
        elif isinstance(widget, QTableWidget):
            values.append(_table(widget))
    return tuple(values)


class CloseGuard:
    """Remembers a dialog's inputs as filled in; `may_close` asks before changes would be lost."""

    def __init__(self, dialog: QDialog, what: str, save: Callable[[], None]) -> None:
        self.dialog = dialog
        self.what = what  # "the changes to Jane Smith's details"
        self.save = save  # the dialog's own Save: it closes the dialog when the save succeeds
        self.loaded = snapshot(dialog)

    def mark_loaded(self) -> None:
        self.loaded = snapshot(self.dialog)

    def changed(self) -> bool:
        return snapshot(self.dialog) != self.loaded

    def may_close(self) -> bool:
        """True to close without saving; Save saves (the dialog closes itself when it works)."""
        if not self.changed():
            return True
        choice = messages.messenger.ask_save_discard_cancel(
            self.dialog, "Unsaved changes", f"You have not saved {self.what}. Save before closing?"
        )
        if choice == "save":
            self.save()
        return choice == "discard"
