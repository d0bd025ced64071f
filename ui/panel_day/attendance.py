"""Attendance at a sitting: who is present, sent apologies, joined late or left early."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QItemSelectionModel, QTime, Signal
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from panelapp.services import sittings
from panelapp.services.context import ServiceContext
from panelapp.services.panel_day import AttendanceRow
from ui.panel_day.common import attempt
from ui.shell.table_model import ROW_ROLE, Column, RowTableModel

COLUMNS: list[Column[AttendanceRow]] = [
    Column("Name", lambda r: r.name),
    Column("Role", lambda r: r.roles_label),
    Column("Status", lambda r: r.status_label),
    Column(
        "Fit to sit",
        lambda r: f"⚠ {r.fitness}" if r.fitness else "Yes",
        tooltip=lambda r: f"Not fit to sit on this date: {r.fitness}" if r.fitness else "",
        foreground=lambda r: QColor("#9b2c2c") if r.fitness else None,
    ),
    Column("Joined", lambda r: r.joined_at),
    Column("Left", lambda r: r.left_at),
    Column("Note", lambda r: r.note),
]


class AttendancePanel(QWidget):
    changed = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id: int | None = None
        self.model: RowTableModel[AttendanceRow] = RowTableModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Attendance")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.time = QTimeEdit(QTime(10, 0))
        self.time.setDisplayFormat("HH:mm")
        self.time.setAccessibleName("Time joined or left")
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, label, shortcut in (
            ("present", "&Present", "Ctrl+Shift+P"),
            ("apologies", "&Apologies", "Ctrl+Shift+A"),
            ("late", "Joined &late at", "Ctrl+Shift+L"),
        ):
            button = QPushButton(label)
            button.setShortcut(QKeySequence(shortcut))
            button.setToolTip(f"Mark the selected members ({shortcut})")
            button.clicked.connect(lambda _c=False, k=key: self.mark(k))
            self.buttons[key] = button
            buttons.addWidget(button)
        buttons.addWidget(self.time)
        self.left_button = QPushButton("Left &early at")
        self.left_button.clicked.connect(self.mark_left)
        buttons.addWidget(self.left_button)
        absent = QPushButton("A&bsent")
        absent.clicked.connect(lambda: self.mark("absent"))
        self.buttons["absent"] = absent
        buttons.addWidget(absent)
        buttons.addStretch(1)
        hint = QLabel(
            "Select one or more people, then mark them. A member who leaves the room for one case "
            "is recorded as a declaration on that case's page."
        )
        hint.setWordWrap(True)
        # Members not fit to sit (DBS or appraisal lapsed, on leave): in words, never colour alone.
        self.fitness_warning = QLabel()
        self.fitness_warning.setWordWrap(True)
        self.fitness_warning.setAccessibleName("Members not fit to sit")
        self.fitness_warning.setStyleSheet("color: #9b2c2c; font-weight: bold;")
        self.fitness_warning.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.fitness_warning)
        layout.addWidget(self.table)

    def set_rows(self, meeting_id: int, rows: tuple[AttendanceRow, ...]) -> None:
        self.meeting_id = meeting_id
        selected = set(self.selected_member_ids())
        self.model.set_rows(rows)
        unfit = [f"⚠ {r.name} is not fit to sit on this date: {r.fitness}" for r in rows if r.fitness]
        self.fitness_warning.setText("\n".join(unfit))
        self.fitness_warning.setVisible(bool(unfit))
        for index, row in enumerate(rows):
            if row.member_id in selected:
                self.table.selectRow(index)

    def selected_member_ids(self) -> list[int]:
        rows = (
            {i.row() for i in self.table.selectionModel().selectedRows()}
            if self.table.selectionModel()
            else set()
        )
        return [self.model.index(r, 0).data(ROW_ROLE).member_id for r in sorted(rows)]

    def select_member(self, member_id: int, add: bool = False) -> None:
        if not add:
            self.table.clearSelection()
        for index, row in enumerate(self.model.rows()):
            if row.member_id == member_id:
                selection = self.table.selectionModel()
                flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
                selection.select(self.model.index(index, 0), flags)

    def _time(self) -> time:
        t = self.time.time()
        return time(t.hour(), t.minute())

    def mark(self, status: str) -> None:
        if self.meeting_id is None:
            return
        meeting_id = self.meeting_id
        joined = self._time() if status == "late" else None
        rows = {r.member_id: r for r in self.model.rows()}
        for member_id in self.selected_member_ids():
            if not self._save(meeting_id, rows[member_id], status, joined, None):
                break
        self.changed.emit()

    def _save(
        self, meeting_id: int, row: AttendanceRow, status: str, joined: time | None, left: time | None
    ) -> bool:
        """Save one member's attendance with what this table showed for them (issue 18/20): if
        someone else changed it since, the service refuses naming them and nothing is overwritten;
        `changed` then reloads the table with their version."""
        loaded = {"status": row.status, "joined_at": row.joined_at, "left_at": row.left_at}

        def work() -> object:
            return sittings.set_attendance(
                self.ctx, meeting_id, row.member_id, status, joined_at=joined, left_at=left, expected=loaded
            )

        return attempt(self, "Attendance not saved", work) is not None

    def mark_left(self) -> None:
        if self.meeting_id is None:
            return
        meeting_id = self.meeting_id
        rows = {r.member_id: r for r in self.model.rows()}
        for member_id in self.selected_member_ids():
            row = rows[member_id]
            status = row.status if row.status in ("present", "late") else "present"
            if not self._save(meeting_id, row, status, row.joined_at, self._time()):
                break
        self.changed.emit()
