"""Import members from CSV or XLSX: check the file, show what would be added or every
problem (row and column), and import all of it or nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from panelapp import clock
from panelapp.domain.periods import uk_date
from panelapp.services.context import ServiceContext
from panelapp.services.members import ImportPreview, import_members, preview_import
from ui.shell.jobs import Job, ServiceOp

T = TypeVar("T")


class ImportPreviewDialog(QDialog):
    """`preview_ready` fires once the file is checked; `imported(count)` after the import."""

    preview_ready = Signal(object)
    imported = Signal(int)

    def __init__(
        self, ctx: ServiceContext, path: Path, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = Path(path)
        self.today = today or clock.today()
        self.preview: ImportPreview | None = None
        self.count = 0
        self._job: Job | None = None
        self.setWindowTitle(f"Import members from {self.path.name}")
        self.setAccessibleName(self.windowTitle())
        self.resize(860, 520)
        self.summary = QLabel("Checking the file…")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(["Row", "Name", "Roles", "Panels", "Status", "DBS date"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName("Members in the file")
        self.table.verticalHeader().setVisible(False)
        self.errors = QTableWidget(0, 3)
        self.errors.setHorizontalHeaderLabels(["Row", "Column", "Problem"])
        self.errors.horizontalHeader().setStretchLastSection(True)
        self.errors.setAccessibleName("Problems found in the file")
        self.errors.verticalHeader().setVisible(False)
        self.errors.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton("&Import all")
        self.import_button.setEnabled(False)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.clicked.connect(self.start_import)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.errors, 1)
        layout.addWidget(self.table, 2)
        layout.addWidget(buttons)
        path, today = self.path, self.today
        self._start(lambda ctx: preview_import(ctx, path, today), self._show_preview)

    def _start(self, work: Callable[[ServiceContext], T], done: Callable[[T], None], *changes: str) -> None:
        self._job = (
            ServiceOp(self, self.ctx, lambda ctx, _progress: work(ctx), error_title="Import refused")
            .success(done)
            .failure(self._failed)
            .changes(*changes)
            .run_in_background()
        )

    def _failed(self, exc: Exception) -> None:
        self.summary.setText(f"<b>Not imported.</b> {exc}")
        self.import_button.setEnabled(False)
        self.preview_ready.emit(None)

    def _show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        self.table.setRowCount(len(preview.members))
        for r, m in enumerate(preview.members):
            cells = [
                str(m.row),
                m.name.full,
                ", ".join(x.label for x in m.roles),
                ", ".join(m.panels),
                m.status.label + (f" ({m.status_note})" if m.status_note else ""),
                uk_date(m.dbs_date) if m.dbs_date else "",
            ]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.errors.setRowCount(len(preview.errors))
        for r, e in enumerate(preview.errors):
            for c, text in enumerate((str(e.row), e.column, e.message)):
                self.errors.setItem(r, c, QTableWidgetItem(text))
        self.errors.setVisible(bool(preview.errors))
        if preview.ok:
            self.summary.setText(
                f"{len(preview.members)} members are ready to add. Nothing is saved until you choose Import all."
            )
        else:
            self.summary.setText(
                f"<b>This file cannot be imported: {len(preview.errors)} problem(s).</b> Correct them in the "
                "file and try again; nothing has been saved. Rows are numbered as in the spreadsheet."
            )
        self.import_button.setEnabled(preview.ok)
        self.preview_ready.emit(preview)

    def start_import(self) -> None:
        self.import_button.setEnabled(False)
        self.summary.setText("Importing…")
        path, today = self.path, self.today
        self._start(lambda ctx: import_members(ctx, path, today), self._done, "members")

    def _done(self, count: int) -> None:
        self.count = count
        self.imported.emit(count)
        self.accept()
