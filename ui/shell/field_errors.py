"""The one way a form shows what is wrong: each message beneath its field, the rest on one line.

    self.field_errors = FieldErrors("Add a member")
    form.addRow("Email", self.field_errors.wrap("email", self.email_edit, "Email"))
    form.addRow("Joined on", self.field_errors.add("joined_on", self.joined))  # a DateField
    layout.addWidget(self.field_errors.summary)
    ...
    except ValidationError as exc:
        self.field_errors.show_error(exc)

A message stays until its field is edited or the form is checked again. Errors keyed by
something the form has no field for (a row of a table, a rule about the whole form) go on
the summary line after the error's own sentence, so nothing the service said is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, TypeVar

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from panelapp.services.errors import ServiceError, ValidationError
from ui.shell import messages

ERROR_STYLE = "color: #c53030;"


def error_label(accessible_name: str) -> QLabel:
    """A red, word-wrapped line, hidden until it has something to say."""
    label = QLabel()
    label.setProperty("class", "fieldError")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setAccessibleName(accessible_name)
    label.hide()
    return label


class ErrorSlot(Protocol):
    """A field that can show a message beneath itself (FieldWithError, DateField)."""

    error: QLabel

    def show_error(self, message: str) -> None: ...

    def clear_error(self) -> None: ...

    def focus_input(self) -> None: ...


class FieldWithError(QWidget):
    """Wraps an input so its message appears right under it; editing the input clears it."""

    edited = Signal()

    def __init__(
        self, field: QWidget, accessible_name: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.field = field
        if accessible_name is None:  # the input has its name already
            accessible_name = field.accessibleName()
        field.setAccessibleName(accessible_name)
        self.setFocusProxy(field)  # a form label's mnemonic (its buddy is this) reaches the input
        self.error = error_label(f"{accessible_name} error")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        layout.addWidget(self.error)
        for signal in edit_signals(field):
            signal.connect(self._on_edit)

    def _on_edit(self, *_args: object) -> None:
        self.clear_error()
        self.edited.emit()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def clear_error(self) -> None:
        self.error.hide()

    def focus_input(self) -> None:
        self.field.setFocus()


def edit_signals(widget: QWidget) -> list[SignalInstance]:
    """The signals that mean 'the user changed this input' (of the inputs inside a container)."""
    own = _own_edit_signal(widget)
    if own is not None:
        return [own]
    inputs = widget.findChildren(QWidget)
    return [signal for child in inputs if (signal := _own_edit_signal(child)) is not None]


def _own_edit_signal(widget: QWidget) -> SignalInstance | None:
    if isinstance(widget, QLineEdit):
        return widget.textEdited
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.textChanged
    if isinstance(widget, QComboBox):
        return widget.activated
    if isinstance(widget, QAbstractButton):
        return widget.toggled
    if isinstance(widget, QSpinBox):
        return widget.valueChanged
    if isinstance(widget, QListWidget):
        return widget.itemChanged
    if isinstance(widget, QTableWidget):
        return widget.itemChanged
    return None  # anything else is cleared when the form is checked again


S = TypeVar("S", bound=ErrorSlot)


class FieldErrors:
    """Where a form's problems are shown: `add`/`wrap` its fields, put `summary` in the layout."""

    def __init__(self, form_name: str) -> None:
        self.fields: dict[str, ErrorSlot] = {}
        self.summary = error_label(f"{form_name} problem")

    def add(self, key: str, slot: S) -> S:
        """A field with its own error line (a DateField, a FieldWithError), for errors keyed `key`."""
        self.fields[key] = slot
        return slot

    def wrap(self, key: str, widget: QWidget, accessible_name: str | None = None) -> FieldWithError:
        """Put `widget` above an error line; lay out what this returns in its place."""
        return self.add(key, FieldWithError(widget, accessible_name))

    def clear(self) -> None:
        for slot in self.fields.values():
            slot.clear_error()
        self.summary.hide()

    def show(self, errors: Mapping[str, str], general: str = "") -> None:
        """Each message beneath its field; `general` and messages for no field on the summary line;
        the first field with a message gets the focus (its tab brought to the front)."""
        self.clear()
        placed: set[str] = set()
        leftover: list[str] = []
        for key, message in errors.items():
            slot = self.fields.get(key)
            if slot is None:
                leftover.append(message)
            else:
                slot.show_error(message)
                placed.add(message)
        # Said once: a sentence that only repeats a message beneath a field is not repeated here.
        text = " ".join(dict.fromkeys(m for m in (general, *leftover) if m and m not in placed))
        self.summary.setText(text)
        self.summary.setVisible(bool(text))
        first = next((slot for key, slot in self.fields.items() if key in errors), None)
        if first is not None:
            _reveal(first)
            first.focus_input()

    def show_error(self, error: ServiceError) -> None:
        """A refusal from a service: a ValidationError's fields beneath them, its sentence below."""
        fields = error.field_errors if isinstance(error, ValidationError) else {}
        self.show(fields, str(error))

    def show_refusal(self, parent: QWidget, title: str, error: ServiceError) -> None:
        """For a save: what the form can put right is shown in it (a ValidationError); anything
        else (not permitted, removed meanwhile, the database unreachable) in a message box."""
        if isinstance(error, ValidationError):
            self.show_error(error)
        else:
            self.clear()
            messages.show_error(parent, title, error)


def _reveal(slot: ErrorSlot) -> None:
    """Bring the tab holding the field to the front, so the message beneath it is seen."""
    widget = slot if isinstance(slot, QWidget) else None
    if widget is None:
        return
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QTabWidget):
            for index in range(parent.count()):
                page = parent.widget(index)
                if page is not None and (page is widget or page.isAncestorOf(widget)):
                    parent.setCurrentIndex(index)
        parent = parent.parentWidget()
