"""Versions of the minutes: every save, state change, reopen and restore, compared and restored."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from panelapp.services import panel_day
from panelapp.services.context import ServiceContext
from ui.panel_day.common import attempt


class HistoryDialog(QDialog):
    restored = Signal(object)  # MinutesDoc

    def __init__(
        self, ctx: ServiceContext, meeting_id: int, version: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Versions of the minutes")
        self.ctx, self.meeting_id, self.version = ctx, meeting_id, version
        self.list = QListWidget()
        self.list.setAccessibleName("Versions")
        self.list.currentItemChanged.connect(lambda *_: self.compare())
        self.autosaves = QCheckBox("Show autosaves")
        self.autosaves.toggled.connect(lambda _on: self.load())
        self.diff = QPlainTextEdit()
        self.diff.setReadOnly(True)
        self.diff.setAccessibleName("Changes from this version to the minutes now")
        self.diff.setFont(QFont("monospace"))
        self.restore_button = QPushButton("&Restore this version")
        self.restore_button.clicked.connect(self.restore)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.list)
        split.addWidget(self.diff)
        split.setSizes([320, 520])
        buttons = QHBoxLayout()
        buttons.addWidget(self.autosaves)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        layout.addLayout(buttons)
        self.resize(900, 520)
        self.load()

    def load(self) -> None:
        self.list.clear()
        for revision in panel_day.revisions(self.ctx, self.meeting_id, self.autosaves.isChecked()):
            item = QListWidgetItem(revision.label)
            item.setData(Qt.ItemDataRole.UserRole, revision.id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def compare(self) -> None:
        revision_id = self.selected_id()
        if revision_id is None:
            self.diff.clear()
            return
        diffs = panel_day.compare_revision(self.ctx, self.meeting_id, revision_id)
        lines = []
        for section in diffs:
            if section.lines:
                lines += [f"== {section.title} ==", *section.lines[2:], ""]
        self.diff.setPlainText("\n".join(lines) or "No differences from the minutes as saved now.")

    def restore(self) -> None:
        revision_id = self.selected_id()
        if revision_id is None:
            return
        doc = attempt(
            self,
            "Version not restored",
            lambda: panel_day.restore_revision(self.ctx, self.meeting_id, revision_id, self.version),
        )
        if doc is not None:
            self.version = doc.version
            self.restored.emit(doc)
            self.accept()
