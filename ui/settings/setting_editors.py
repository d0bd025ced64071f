"""The editor for each kind of declared setting (panelapp.domain.policy): forms are built from these.

An editor takes its label, bounds or choices, unit, help and accessible name from the
declaration, so a new declaration needs no widget code. Values go to the service as the
editor holds them; the service checks them by the same declaration.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox, QWidget

from panelapp.domain.policy import Kind, Setting


class SettingEditor:
    """One declared setting's widget, and its value as the Settings service takes it."""

    def __init__(self, setting: Setting[Any], widget: QWidget) -> None:
        self.setting = setting
        self.widget = widget
        widget.setObjectName(setting.key)
        widget.setAccessibleName(setting.label)  # the visible words, so speech matches the screen
        widget.setAccessibleDescription(setting.description())
        widget.setToolTip(setting.description())

    @property
    def form_label(self) -> str:
        """The text before the widget in a form ("" when the widget shows the label itself)."""
        return f"{self.setting.label}:"

    def value(self) -> object:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError


class NumberEditor(SettingEditor):
    def __init__(self, setting: Setting[Any]) -> None:
        self.spin = QSpinBox()
        self.spin.setRange(setting.low, setting.high)  # the tab cannot even offer what the law forbids
        self.spin.setSuffix(f" {setting.unit}" if setting.unit else "")
        self.spin.setMaximumWidth(220)
        super().__init__(setting, self.spin)

    def value(self) -> int:
        return self.spin.value()

    def set_value(self, value: Any) -> None:
        self.spin.setValue(int(value))


class YesNoEditor(SettingEditor):
    def __init__(self, setting: Setting[Any]) -> None:
        self.box = QCheckBox(setting.label)
        super().__init__(setting, self.box)

    @property
    def form_label(self) -> str:
        return ""

    def value(self) -> bool:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))


class ChoiceEditor(SettingEditor):
    def __init__(self, setting: Setting[Any]) -> None:
        self.combo = QComboBox()
        self.combo.setMaximumWidth(320)
        for code, words in setting.choices:
            self.combo.addItem(words, code)
        super().__init__(setting, self.combo)

    def value(self) -> str:
        return str(self.combo.currentData())

    def set_value(self, value: Any) -> None:
        self.combo.setCurrentIndex(max(self.combo.findData(value), 0))


class TextEditor(SettingEditor):
    def __init__(self, setting: Setting[Any]) -> None:
        self.edit = QLineEdit()
        super().__init__(setting, self.edit)

    def value(self) -> str:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText(str(value))


class DatesEditor(SettingEditor):
    """Dates written YYYY-MM-DD, separated by commas (as in an agency file)."""

    def __init__(self, setting: Setting[Any]) -> None:
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("2026-12-24, 2026-12-31")
        super().__init__(setting, self.edit)

    def value(self) -> list[str]:
        return [part.strip() for part in self.edit.text().split(",") if part.strip()]

    def set_value(self, value: Any) -> None:
        days: list[date] = list(value)
        self.edit.setText(", ".join(day.isoformat() for day in days))


EDITORS: dict[Kind, Callable[[Setting[Any]], SettingEditor]] = {
    Kind.INT: NumberEditor,
    Kind.BOOL: YesNoEditor,
    Kind.CHOICE: ChoiceEditor,
    Kind.TEXT: TextEditor,
    Kind.DATES: DatesEditor,
}


def editor_for(setting: Setting[Any]) -> SettingEditor:
    """The right editor for the setting's kind, set up from its declaration."""
    return EDITORS[setting.kind](setting)
