"""Record one training event for many members at once (the yearly panel training day)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from panelapp import clock
from panelapp.domain.vocab import MemberStatus
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from panelapp.services.members import MemberRow, record_training
from ui.shell.field_errors import FieldErrors
from ui.shell.widgets.date_field import DateField


class TrainingDialog(QDialog):
    def __init__(
        self,
        ctx: ServiceContext,
        members: Sequence[MemberRow],
        ticked: Sequence[int] = (),
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or clock.today()
        self.event_id: int | None = None
        self.setWindowTitle("Record training for several members")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumSize(480, 520)
        self.title_edit = QLineEdit()
        self.held = DateField("Training date", required=True)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type to find members")
        self.search.setAccessibleName("Find members")
        self.search.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setAccessibleName("Members who attended")
        for row in members:
            if row.status == MemberStatus.LEFT:
                continue
            item = QListWidgetItem(f"{row.name} – {row.roles_text}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if row.id in ticked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.field_errors = FieldErrors(self.windowTitle())
        title_field = self.field_errors.wrap("title", self.title_edit, "Training title")
        self.field_errors.add("held_on", self.held)
        members_field = self.field_errors.wrap("members", self.list, "Members who attended")
        self.tick_all_button = tick_all = QPushButton("Tick all &shown")
        tick_all.clicked.connect(lambda: self._tick(Qt.CheckState.Checked))
        clear = QPushButton("C&lear ticks")
        clear.clicked.connect(lambda: self._tick(Qt.CheckState.Unchecked))
        self.count_label = QLabel()
        self.list.itemChanged.connect(lambda _i: self._count())
        tools = QHBoxLayout()
        tools.addWidget(self.search, 1)
        tools.addWidget(tick_all)
        tools.addWidget(clear)
        form = QFormLayout()
        form.addRow("Title", title_field)
        form.addRow("Held on", self.held)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(tools)
        layout.addWidget(members_field, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.field_errors.summary)
        layout.addWidget(buttons)
        self._count()

    def _filter(self, text: str) -> None:
        needle = text.casefold()
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def _tick(self, state: Qt.CheckState) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if not item.isHidden():
                item.setCheckState(state)

    def ticked(self) -> list[int]:
        return [
            int(self.list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _count(self) -> None:
        self.count_label.setText(f"{len(self.ticked())} members ticked")

    def save(self) -> None:
        try:
            held = self.held.value()
        except ValueError as exc:
            self.field_errors.show({"held_on": str(exc)})
            return
        try:
            self.event_id = record_training(
                self.ctx, self.title_edit.text(), held, self.ticked(), today=self.today
            )
        except ServiceError as exc:
            self.field_errors.show_refusal(self, "Not saved", exc)
            return
        self.accept()
