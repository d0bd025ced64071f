"""A small form dialog for one compliance record (DBS check, appraisal, declaration, status).

The dialog hands the typed values to a `submit` callback (a service call). A
ValidationError's field messages are shown next to their fields; nothing closes
until the save succeeds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from panelapp import clock
from panelapp.services.errors import ServiceError
from ui.shell.field_errors import FieldErrors, FieldWithError
from ui.shell.widgets.date_field import DateField


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    kind: str = "text"  # text | multiline | date | choice
    required: bool = False
    choices: Sequence[tuple[str, str]] = ()  # (value, label) for kind "choice"
    initial: Any = None


class RecordDialog(QDialog):
    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        submit: Callable[[dict[str, Any]], None],
        parent: QWidget | None = None,
        intro: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(420)
        self._submit = submit
        self._specs = list(fields)
        self.field_errors = FieldErrors(title)
        self.fields: dict[str, DateField | FieldWithError] = {}
        form = QFormLayout()
        for spec in self._specs:
            widget = self.field_errors.add(spec.key, _input_for(spec))
            self.fields[spec.key] = widget
            form.addRow(spec.label, widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            intro_label = QLabel(intro)
            intro_label.setWordWrap(True)
            layout.addWidget(intro_label)
        layout.addLayout(form)
        layout.addWidget(self.field_errors.summary)
        layout.addWidget(buttons)

    def widget(self, key: str) -> QWidget:
        field = self.fields[key]
        return field.edit if isinstance(field, DateField) else field.field

    def values(self) -> tuple[dict[str, Any], dict[str, str]]:
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for spec in self._specs:
            field = self.fields[spec.key]
            if isinstance(field, DateField):
                try:
                    values[spec.key] = field.value()
                except ValueError as exc:
                    errors[spec.key] = str(exc)
                continue
            inner = field.field
            if isinstance(inner, QComboBox):
                values[spec.key] = inner.currentData()
            elif isinstance(inner, QPlainTextEdit):
                values[spec.key] = inner.toPlainText().strip()
            elif isinstance(inner, QLineEdit):
                values[spec.key] = inner.text().strip()
            if spec.required and not values.get(spec.key):
                errors[spec.key] = "This is needed."
        return values, errors

    def save(self) -> None:
        values, errors = self.values()
        if errors:
            self.field_errors.show(errors, "Nothing was saved: please correct the fields marked.")
            return
        try:
            self._submit(values)
        except ServiceError as exc:
            self.field_errors.show_refusal(self, "Not saved", exc)
            return
        self.accept()


def _input_for(spec: FormField) -> DateField | FieldWithError:
    if spec.kind == "date":
        field = DateField(spec.label, required=spec.required)
        field.set_value(spec.initial)
        return field
    if spec.kind == "choice":
        combo = QComboBox()
        for value, label in spec.choices:
            combo.addItem(label, value)
        return FieldWithError(combo, spec.label)
    if spec.kind == "multiline":
        text = QPlainTextEdit(spec.initial or "")
        text.setMaximumHeight(80)
        return FieldWithError(text, spec.label)
    return FieldWithError(QLineEdit(spec.initial or ""), spec.label)


def today_or(value: date | None) -> date:
    return value or clock.today()
