"""Audit log: who changed what and when, before and after, filterable, exportable to CSV."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.permissions import Permission
from panelapp.services.admin import (
    AuditFilter,
    AuditRow,
    audit_choices,
    export_audit_csv,
    list_audit,
    verify_audit,
)
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from ui.shell import messages
from ui.shell.registry import AREA_KEYS
from ui.shell.table_model import SORT_ROLE, Column, RowTableModel
from ui.shell.view_base import AreaView
from ui.shell.widgets.date_field import DateField

# London time and each field in words with before → after, never UTC or raw JSON (issue 20).
AUDIT_COLUMNS: list[Column[AuditRow]] = [
    Column("When", lambda r: r.when),
    Column("Who", lambda r: r.author),
    Column("What", lambda r: r.action_label),
    Column("Record", lambda r: r.record),
    Column("Changes", lambda r: r.changes_text, tooltip=lambda r: "\n".join(c.text for c in r.changes)),
    Column("Note", lambda r: r.summary),
]
CHANGES = 4
WHEN = 0
ANY = "(any)"


class AuditModel(RowTableModel[AuditRow]):
    """The When column sorts by the instant itself: as text '09/03/2027' came before
    '20/11/2026', and the hour the clocks go back shows the same London time twice."""

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == SORT_ROLE and index.isValid() and index.column() == WHEN:
            at = self.row(index.row()).at
            utc = at if at.tzinfo is None else at.astimezone(UTC).replace(tzinfo=None)
            return f"{utc.isoformat()}#{self.row(index.row()).id:012d}"  # same instant: trail order
        return super().data(index, role)


class AuditView(AreaView):
    title = "Audit log"
    shows = AREA_KEYS  # every change leaves an audit row

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Audit log</h2>"))
        self.notice = QLabel()
        layout.addWidget(self.notice)
        filters = QHBoxLayout()
        self.table_box = QComboBox()
        self.table_box.setAccessibleName("Filter by record type")
        self.author_box = QComboBox()
        self.author_box.setAccessibleName("Filter by who made the change")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search values or notes…")
        self.search.setAccessibleName("Search the audit log")
        self.since = DateField("From date")
        self.until = DateField("To date")
        self.apply_button = QPushButton("&Apply filters")
        self.export_button = QPushButton("E&xport CSV…")
        self.verify_button = QPushButton("&Verify the trail")
        self.verify_button.setToolTip("Check that no audit row was removed or altered (the hash chain)")
        self.verify_result = QLabel()
        self.verify_result.setWordWrap(True)
        self.verify_result.setAccessibleName("Audit trail check")
        for label, widget in (
            ("Record", self.table_box),
            ("Who", self.author_box),
            ("From", self.since),
            ("To", self.until),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.apply_button)
        filters.addWidget(self.export_button)
        filters.addWidget(self.verify_button)
        layout.addLayout(filters)
        layout.addWidget(self.verify_result)
        self.model = AuditModel(AUDIT_COLUMNS, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Audit entries")
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)
        self.apply_button.clicked.connect(self.reload)
        self.search.returnPressed.connect(self.reload)
        self.export_button.clicked.connect(self.export_csv)
        self.verify_button.clicked.connect(self.verify_trail)
        QShortcut(QKeySequence("Ctrl+E"), self, self.export_csv)

    def current_filter(self) -> AuditFilter | None:
        if not (self.since.validate() and self.until.validate()):
            return None
        table = self.table_box.currentText()
        author = self.author_box.currentText()
        return AuditFilter(
            table=None if table in ("", ANY) else table,
            author=None if author in ("", ANY) else author,
            text=self.search.text().strip() or None,
            since=self.since.value(),
            until=self.until.value(),
        )

    def refresh(self) -> None:
        allowed = self.ctx.can(Permission.VIEW_AUDIT)
        self.notice.setText("" if allowed else "Only administrators and advisers can read the audit log.")
        widgets = (self.table_box, self.author_box, self.apply_button, self.export_button, self.table)
        for widget in (*widgets, self.verify_button):
            widget.setEnabled(allowed)
        if not allowed:
            return
        tables, authors = audit_choices(self.ctx)
        for box, values in ((self.table_box, tables), (self.author_box, authors)):
            current = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItems([ANY, *values])
            if current:
                box.setCurrentText(current)
            box.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        flt = self.current_filter()
        if flt is None:
            return
        rows = list_audit(self.ctx, flt)
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(CHANGES, min(self.table.columnWidth(CHANGES), 420))
        self.count_label.setText(f"{len(rows)} changes shown (newest first; at most 2,000)")

    def verify_trail(self) -> None:
        """Recompute the chain (a few seconds for a big trail) and say what it proves."""
        try:
            report = verify_audit(self.ctx)
        except ServiceError as exc:
            messages.messenger.error(self, "Audit trail check failed", str(exc))
            return
        colour = "#1b5e20" if report.intact else "#b71c1c"
        self.verify_result.setStyleSheet(f"color: {colour};")
        self.verify_result.setText(report.message())

    def export_csv(self) -> None:
        flt = self.current_filter()
        if flt is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export audit log", "audit-log.csv", "CSV files (*.csv)")
        if not path:
            return
        try:
            count = export_audit_csv(self.ctx, Path(path), flt)
        except (ServiceError, OSError) as exc:
            messages.messenger.error(self, "Export failed", str(exc))
            return
        messages.messenger.info(
            self,
            "Audit log exported",
            f"{count} changes written to {path}, as stored for the record: times in UTC "
            "(column at_utc), values as JSON.",
        )
