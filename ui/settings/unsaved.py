"""Which Settings forms hold typing not yet saved: each form's inputs as loaded, against now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableView,
    QWidget,
)

from ui.shell import messages
from ui.shell.form_state import snapshot
from ui.shell.table_model import RowTableModel


@dataclass
class WatchedForm:
    what: str  # in the user's words: "the agency details"
    area: QWidget  # the form's inputs are inside it
    save: Callable[[], object]  # the form's own Save
    loaded: tuple[object, ...] = field(default=())
    saving: bool = False  # its own save is running: the reload it causes shows what was saved

    def mark_loaded(self) -> None:
        self.loaded = snapshot(self.area)

    def run_save(self) -> None:
        self.saving = True
        try:
            self.save()
        finally:
            self.saving = False

    def unsaved(self) -> bool:
        return snapshot(self.area) != self.loaded


class RowSwitchGuard:
    """Choosing another row of `table` fills `form` from it; with typing not yet saved it first
    asks Save / Discard / Cancel, as every other way out does (issue 20). Cancel keeps the row
    and the typing; Save records them, then shows the row chosen; a refused Save stays put."""

    def __init__(self, table: QTableView, form: WatchedForm, edit: Callable[[int], None]) -> None:
        self.table = table
        self.form = form
        self.edit = edit  # the tab's own "fill the form from this row"
        self.paused = False  # while Settings reloads: rows are reselected, not chosen
        selection = table.selectionModel()
        selection.currentRowChanged.disconnect()  # the tab's edit now runs from here, after asking
        selection.currentRowChanged.connect(self._changed)

    def _changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self.paused or not self.form.unsaved():
            self.edit(current.row())
            if not self.paused:
                self.form.mark_loaded()
            return
        answer = messages.messenger.ask_save_discard_cancel(
            self.table, "Unsaved changes", f"Save the changes to {self.form.what} before showing another?"
        )
        if answer == "discard":
            self.edit(current.row())
            self.form.mark_loaded()
            return
        wanted = self._key(current)
        if answer == "save":
            self.paused = True  # the save reloads Settings, which reselects the saved row
            try:
                self.form.run_save()
            finally:
                self.paused = False
            if not self.form.unsaved():
                self._select(wanted)
                return
        self._back(previous)  # Cancel, or a refused Save: its reasons are beside the fields

    def _key(self, index: QModelIndex) -> object:
        model = self.table.model()
        if not index.isValid() or not isinstance(model, RowTableModel):
            return None
        return getattr(model.row(index.row()), "id", None)

    def _select(self, key: object) -> None:
        model = self.table.model()
        assert isinstance(model, RowTableModel)
        rows = [getattr(model.row(r), "id", None) for r in range(model.rowCount())]
        if key in rows:
            self.table.selectRow(rows.index(key))

    def _back(self, previous: QModelIndex) -> None:
        """The row the form still shows, selected again without filling the form from it."""
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        try:
            if previous.isValid():
                flags = (
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                )
                selection.setCurrentIndex(previous, flags)
            else:
                selection.clear()
        finally:
            selection.blockSignals(False)
        self.table.viewport().update()


class NewGuard:
    """A "New" button empties `form` for a new row; with typing not yet saved it first asks
    Save / Discard / Cancel (issue 20: New used to clear the typing without a word). Cancel keeps
    the typing; Save records it, then empties the form; a refused Save stays on the typing."""

    def __init__(self, button: QAbstractButton, form: WatchedForm, new: Callable[[], None]) -> None:
        self.button = button
        self.form = form
        self.new = new  # the tab's own "empty the form"
        button.clicked.disconnect()  # the tab's new now runs from here, after asking
        button.clicked.connect(lambda _checked=False: self.start_new())

    def start_new(self) -> bool:
        """True when the form was emptied for a new row."""
        if self.form.unsaved():
            answer = messages.messenger.ask_save_discard_cancel(
                self.button,
                "Unsaved changes",
                f"Save the changes to {self.form.what} before starting a new one?",
            )
            if answer == "cancel":
                return False
            if answer == "save":
                self.form.run_save()
                if self.form.unsaved():  # refused: its reasons are beside the fields
                    return False
        self.new()
        self.form.mark_loaded()  # an empty new form is not typing until something is typed
        return True


def typed_values(area: QWidget) -> list[tuple[QWidget, object]]:
    """The inputs of `area` with what they hold now, to put back after Settings reloads."""
    held: list[tuple[QWidget, object]] = []
    for widget in area.findChildren(QWidget):
        if isinstance(widget, QLineEdit) and not isinstance(widget.parent(), QComboBox | QAbstractSpinBox):
            held.append((widget, widget.text()))
        elif isinstance(widget, QPlainTextEdit):
            held.append((widget, widget.toPlainText()))
        elif isinstance(widget, QComboBox):
            held.append((widget, widget.currentText()))
        elif isinstance(widget, QSpinBox | QDoubleSpinBox):
            held.append((widget, widget.value()))
        elif isinstance(widget, QDateTimeEdit):
            held.append((widget, widget.dateTime()))
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            held.append((widget, widget.isChecked()))
    return held


def put_back(held: list[tuple[QWidget, object]]) -> None:
    """Typing taken by `typed_values` back into its inputs (a choice no longer offered stays)."""
    for widget, value in held:
        if isinstance(widget, QLineEdit):
            widget.setText(str(value))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(str(value))
        elif isinstance(widget, QComboBox):
            index = widget.findText(str(value))
            if index >= 0:
                widget.setCurrentIndex(index)
        elif isinstance(widget, QSpinBox | QDoubleSpinBox) and isinstance(value, int | float):
            widget.setValue(value)  # type: ignore[arg-type]
        elif isinstance(widget, QDateTimeEdit):
            widget.setDateTime(value)  # type: ignore[arg-type]
        elif isinstance(widget, QAbstractButton) and isinstance(value, bool):
            widget.setChecked(value)
