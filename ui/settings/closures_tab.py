"""Agency closure days: not working days for sittings, paper deadlines and the ADM clock."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from panelapp.services.agency import AgencySetup, ClosureDayRow, add_closure_day, remove_closure_day
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from ui.settings.common import FormMessages
from ui.shell.table_model import Column, RowTableModel
from ui.shell.widgets.date_field import DateField

COLUMNS: list[Column[ClosureDayRow]] = [
    Column("Date", lambda r: r.day),
    Column("Day", lambda r: r.day.strftime("%A")),
    Column("Reason", lambda r: r.reason),
]


class ClosuresTab(QWidget):
    saved = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        note = QLabel(
            "English bank holidays (with substitute days) are known already. Add the council's own "
            "closure days: sittings on them move or are cancelled (see Policy), and deadlines skip them."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.model: RowTableModel[ClosureDayRow] = RowTableModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Closure days")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        form = QFormLayout()
        self.messages = FormMessages("Closure day")
        self.day = DateField("Closure date", required=True)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Closure reason")
        self.reason.setPlaceholderText("e.g. Council closure between Christmas and New Year")
        form.addRow("&Date:", self.messages.errors.add("day", self.day))
        self.messages.row(form, "&Reason:", "reason", self.reason)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.add_button = QPushButton("&Add closure day")
        self.add_button.setAccessibleName("Add closure day")
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton("Remo&ve selected")
        self.remove_button.setAccessibleName("Remove the selected closure day")
        self.remove_button.clicked.connect(self.remove)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.messages.lines)

    def load(self, setup: AgencySetup) -> None:
        self.model.set_rows(setup.closure_days)

    def add(self) -> None:
        if not self.day.validate():
            return
        day = self.day.value()
        assert day is not None
        try:
            add_closure_day(self.ctx, day, self.reason.text())
        except ServiceError as exc:
            self.messages.refused(exc)
            return
        self.day.set_value(None)
        self.reason.clear()
        self.saved.emit()
        self.messages.saved(
            f"{day:%d/%m/%Y} added. Generate sittings again to move or cancel any on that day."
        )

    def remove(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        day = self.model.row(index.row()).day
        try:
            remove_closure_day(self.ctx, day)
        except ServiceError as exc:
            self.messages.refused(exc)
            return
        self.saved.emit()
        self.messages.saved(f"{day:%d/%m/%Y} removed.")
