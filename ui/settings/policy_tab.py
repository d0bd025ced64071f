"""Policy values, as a form built from their declarations in panelapp.domain.policy.

One editor per declared Policy setting, in declaration order, with its bounds, unit and
help; then the numbers the law fixes, shown and never edited. A new declaration shows up
here with no change to this file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from panelapp.domain.policy import (
    FIXED_BY_LAW,
    Section,
    SettingRefused,
    check,
    declared,
    defaults,
    fixed_note,
)
from panelapp.services.agency import AgencySetup, save_policy
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from ui.settings.common import FormMessages
from ui.settings.setting_editors import SettingEditor, editor_for


class PolicyTab(QWidget):
    saved = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loaded: dict[str, object] = {}  # the values as loaded, for the conflict check
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.messages = FormMessages("Policy")
        self.editors: dict[str, SettingEditor] = {}
        for setting in declared(Section.POLICY):
            editor = editor_for(setting)
            self.editors[setting.key] = editor
            self.messages.row(form, editor.form_label, setting.key, editor.widget, name=setting.label)
        for fixed in FIXED_BY_LAW:
            shown = QLabel(f"{fixed.value} {fixed.unit}, fixed by law")
            shown.setAccessibleName(fixed.label)
            shown.setToolTip(fixed_note(fixed))
            form.addRow(f"{fixed.label}:", shown)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("&Save policy")
        self.save_button.setAccessibleName("Save policy")
        self.save_button.clicked.connect(self.save)
        self.defaults_button = QPushButton("Restore &defaults")
        self.defaults_button.setAccessibleName("Restore the default policy values (not saved until you save)")
        self.defaults_button.clicked.connect(lambda: self.show_values(defaults(Section.POLICY)))
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.defaults_button)
        buttons.addStretch(1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.messages.lines)
        layout.addStretch(1)

    def show_values(self, values: Mapping[str, Any]) -> None:
        for key, editor in self.editors.items():
            editor.set_value(values.get(key, editor.setting.default))

    def load(self, setup: AgencySetup) -> None:
        saved = {key: getattr(setup.policy, key, e.setting.default) for key, e in self.editors.items()}
        self.loaded = dict(saved)  # sent with Save: someone else's change since is refused
        self.show_values(saved)
        self.messages.clear()
        for key, value in saved.items():  # a value saved before the rules were tightened
            try:
                check(self.editors[key].setting, value)
            except SettingRefused as exc:
                note = f"The saved value, {value}, is not allowed. {exc} Saving keeps the value shown."
                self.messages.errors.fields[key].show_error(note)

    def values(self) -> dict[str, object]:
        return {key: editor.value() for key, editor in self.editors.items()}

    def save(self) -> None:
        try:
            save_policy(self.ctx, self.values(), expected=self.loaded or None)
        except ServiceError as exc:
            self.messages.refused(exc)
            return
        self.saved.emit()
        self.messages.saved("Policy saved. New sittings and deadlines follow it from now on.")
