"""Agency name, short name and protective marking."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from panelapp.domain.policy import MARKING
from panelapp.services.agency import AgencySetup, save_agency_details
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from ui.settings.common import FormMessages, with_access_key
from ui.settings.setting_editors import TextEditor


class AgencyTab(QWidget):
    saved = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.messages = FormMessages("Agency")
        self.name = QLineEdit()
        self.name.setAccessibleName("Agency name")
        self.short_name = QLineEdit()
        self.short_name.setAccessibleName("Short name")
        self.marking = TextEditor(MARKING).edit  # a declared setting: words and help from its declaration
        self.messages.row(form, "Agency &name:", "name", self.name)
        self.messages.row(form, "&Short name:", "short_name", self.short_name)
        self.messages.row(form, f"{with_access_key(MARKING.label, 'm')}:", "marking", self.marking)
        self.save_button = QPushButton("&Save agency details")
        self.save_button.setAccessibleName("Save agency details")
        self.save_button.clicked.connect(self.save)
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        layout.addWidget(self.messages.lines)
        layout.addStretch(1)

    def load(self, setup: AgencySetup) -> None:
        self.name.setText(setup.name)
        self.short_name.setText(setup.short_name)
        self.marking.setText(setup.marking)
        self.messages.clear()

    def save(self) -> None:
        try:
            save_agency_details(self.ctx, self.name.text(), self.short_name.text(), self.marking.text())
        except ServiceError as exc:
            self.messages.refused(exc)
            return
        self.saved.emit()
        self.messages.saved("Agency details saved.")
