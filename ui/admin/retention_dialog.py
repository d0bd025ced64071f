"""Retention (administrators): preview the closed cases the policy would anonymise, then apply."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from panelapp.services.admin import RetentionItem, apply_retention, retention_preview
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from ui.shell import messages
from ui.shell.table_model import Column, RowTableModel

COLUMNS: list[Column[RetentionItem]] = [
    Column("Case", lambda i: i.reference),
    Column("Type", lambda i: i.case_type.replace("_", " ")),
    Column("Last activity", lambda i: i.last_activity),
    Column("Children", lambda i: i.children, align_right=True),
    Column("Social workers", lambda i: i.social_workers, align_right=True),
    Column("Minutes sections", lambda i: i.minutes_sections, align_right=True),
]


class RetentionDialog(QDialog):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Retention: anonymise closed cases")
        self.resize(720, 460)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model: RowTableModel[RetentionItem] = RowTableModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Cases that would be anonymised")
        self.table.horizontalHeader().setStretchLastSection(True)
        self.apply_button = QPushButton("&Anonymise these cases…")
        self.apply_button.clicked.connect(self.apply)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.apply_button)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        try:
            items = retention_preview(self.ctx)
        except ServiceError as exc:
            self.summary.setText(str(exc))
            self.apply_button.setEnabled(False)
            return
        self.model.set_rows(items)
        self.table.resizeColumnsToContents()
        self.apply_button.setEnabled(bool(items))
        self.summary.setText(
            f"{len(items)} closed case(s) are past the retention period. Anonymising removes household "
            "and children's names, initials and dates of birth, social workers, paper authors, reasons "
            "and the words of the minutes; the statistics (types, areas, outcomes, grades, decisions, "
            "dates) stay. Nothing has been changed yet."
            if items
            else "No closed case is past the retention period: nothing to anonymise."
        )

    def apply(self) -> int:
        count = self.model.rowCount()
        if not messages.messenger.confirm(
            self,
            "Anonymise",
            f"Anonymise the personal details of {count} closed case(s)? This cannot be undone.",
        ):
            return 0
        try:
            done = apply_retention(self.ctx)
        except ServiceError as exc:
            messages.messenger.error(self, "Not anonymised", str(exc))
            return 0
        self.reload()
        self.summary.setText(f"{len(done)} case(s) anonymised. " + self.summary.text())
        return len(done)
