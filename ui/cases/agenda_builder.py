"""The agenda builder: a sitting's slots in order, times recalculated on every change.

Reorder by drag and drop or with Ctrl+Up / Ctrl+Down; add a break (Ctrl+B) after the
selected slot or panel-only discussion (Ctrl+Shift+B) before it; export to Word or PDF
in the background. Every change goes through the agenda service with the version this
screen loaded, so someone else's change is never overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from panelapp import clock
from panelapp.domain.periods import long_date
from panelapp.services import cases, sittings
from panelapp.services.cases import Agenda, AgendaSlot, export_agenda
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ConflictError, NotFound, ServiceError
from panelapp.services.sittings import Roster
from ui.cases.models import AgendaModel
from ui.shell import messages
from ui.shell.jobs import Job, ServiceOp


class AgendaBuilder(QWidget):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = clock.today()
        self.agenda: Agenda | None = None
        self.export_job: Job | None = None
        self.sittings = QComboBox()
        self.sittings.setAccessibleName("Sitting")
        self.sittings.setMinimumContentsLength(40)
        self.sittings.currentIndexChanged.connect(lambda _i: self.load())
        self.details = QLabel()
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setAccessibleName("Agenda warning")
        self.warning.setStyleSheet("color: #9b2c2c; font-weight: bold;")
        self.warning.setWordWrap(True)
        self.warning.hide()
        self.roster: Roster | None = None
        self.who = QLabel()  # who is sitting, and anyone not fit to sit that day, in words
        self.who.setAccessibleName("Who is sitting")
        self.who.setWordWrap(True)
        self.who.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = AgendaModel(self)
        self.model.move_requested.connect(self.move_to)
        self.table = QTableView()
        self.table.setAccessibleName("Agenda slots")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setDragDropOverwriteMode(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_slot())
        self.status = QLabel()
        self.status.setAccessibleName("Export status")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        sitting_label = QLabel("&Sitting:")
        sitting_label.setBuddy(self.sittings)
        top.addWidget(sitting_label)
        top.addWidget(self.sittings, 1)
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addWidget(self.warning)
        layout.addWidget(self.who)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addWidget(self._slot_panel())
        layout.addLayout(middle, 1)
        layout.addLayout(self._buttons())
        top.addWidget(self.pack_button)  # beside the sitting: the button row is full at 1366 wide
        layout.addWidget(self.status)

    # -- layout -------------------------------------------------------------------

    def _action(
        self,
        text: str,
        label: str,
        shortcut: str | QKeySequence.StandardKey,
        slot: Callable[[], Any],
    ) -> QPushButton:
        """A button with a short `label`; the full `text` and its shortcut are in the tooltip and
        the accessible description, so eight buttons fit one row at 1366 px and 125% (issue 20)."""
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        name = text.replace("&", "")
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        button = QPushButton(label)
        button.setToolTip(f"{name} ({keys})")
        button.setAccessibleName(name)
        button.setAccessibleDescription(f"{name}. Shortcut: {keys}")
        button.clicked.connect(slot)
        self.actions_by_name[name] = action
        return button

    def _buttons(self) -> QHBoxLayout:
        self.actions_by_name: dict[str, QAction] = {}
        row = QHBoxLayout()
        for text, label, key, slot in (
            ("Move up", "Move up", "Ctrl+Up", lambda: self.move_selected(-1)),
            ("Move down", "Move down", "Ctrl+Down", lambda: self.move_selected(1)),
            ("Add break", "Add break", "Ctrl+B", self.add_break),
            ("Add panel-only discussion", "Panel-only", "Ctrl+Shift+B", self.add_panel_only),
            ("Remove slot", "Remove", "Delete", self.remove_selected),
            ("Take case off sitting", "Unbook", "Ctrl+Shift+U", self.unbook_selected),
        ):
            row.addWidget(self._action(text, label, key, slot))
        row.addStretch(1)
        self.word_button = self._action(
            "Agenda to Word", "Word…", "Ctrl+Shift+W", lambda: self.export("docx")
        )
        self.pdf_button = self._action("Agenda to PDF", "PDF…", "Ctrl+Shift+P", lambda: self.export("pdf"))
        row.addWidget(self.word_button)
        row.addWidget(self.pdf_button)
        self.pack_button = self._action("Panel pack…", "Pack…", "Ctrl+Shift+K", self.open_pack)  # issue 22
        return row

    def _slot_panel(self) -> QGroupBox:
        box = QGroupBox("Selected slot")
        box.setFixedWidth(340)
        form = QFormLayout(box)
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 480)
        self.minutes.setSuffix(" min")
        self.minutes.setAccessibleName("Slot length in minutes")
        self.minutes.editingFinished.connect(self._minutes_changed)
        self.chair = QComboBox()
        self.chair.setAccessibleName("Chaired by")
        self.chair.activated.connect(lambda _i: self._chair_changed())
        self.applicants = QCheckBox("Applicants attend")
        self.applicants.setAccessibleName("Applicants attend")
        self.applicants.clicked.connect(self._applicants_changed)
        self.attending = QLabel()
        self.attending.setWordWrap(True)
        self.paper_note = QLabel()
        self.paper_note.setWordWrap(True)
        self.paper_note.setStyleSheet("color: #9b2c2c;")
        self.case_quorum = QLabel()
        self.case_quorum.setWordWrap(True)
        self.case_quorum.setAccessibleName("Quorum for this case")
        form.addRow("&Length", self.minutes)
        form.addRow("&Chaired by", self.chair)
        form.addRow(self.applicants)
        form.addRow("Attending", self.attending)
        form.addRow(self.paper_note)
        form.addRow("Quorum", self.case_quorum)
        return box

    # -- who is sitting -------------------------------------------------------------

    def _show_who(self, meeting_id: int) -> None:
        """The roster in short, the sitting's quorum and, in words, anyone not fit to sit."""
        try:
            self.roster = sittings.roster(self.ctx, meeting_id)
        except ServiceError:
            self.roster = None
        if self.roster is None or self.roster.quorum is None:
            self.who.setText("")
            return
        sitting = [e for e in self.roster.entries if e.counts_for_quorum]
        names = ", ".join(e.name for e in sitting) or "nobody yet"
        lines = [f"Sitting ({len(sitting)}): {names}. {self.roster.quorum.overall.summary}."]
        lines += [f"⚠ {e.name} is not fit to sit on this date: {e.fitness}" for e in sitting if e.fitness]
        self.who.setText("\n".join(lines))

    def _case_quorum_text(self, slot: AgendaSlot) -> str:
        if not slot.is_case or self.roster is None or self.roster.quorum is None:
            return ""
        found = next((c for c in self.roster.quorum.cases if c.hearing_id == slot.hearing_id), None)
        if found is None:
            return ""
        result = found.result
        if result.quorate:
            return f"{result.summary}: {result.members_counted} members."
        return " ".join(result.reasons)

    # -- loading ------------------------------------------------------------------

    def refresh_sittings(self, select_meeting: int | None = None) -> None:
        current = select_meeting or self.sittings.currentData()
        self.sittings.blockSignals(True)
        self.sittings.clear()
        try:
            options = cases.bookable_sittings(self.ctx, self.today)
        except NotFound:  # no agency set up yet
            options = []
        for option in options:
            self.sittings.addItem(option.label, option.meeting_id)
        index = self.sittings.findData(current) if current is not None else 0
        self.sittings.setCurrentIndex(max(0, index))
        self.sittings.blockSignals(False)
        self.load()

    def load(self) -> None:
        meeting_id = self.sittings.currentData()
        if meeting_id is None:
            self.agenda = None
            self.model.set_slots(())
            self.details.setText("There are no sittings to come. Sittings are planned in the Calendar.")
            self.warning.hide()
            return
        try:
            self.show_agenda(cases.get_agenda(self.ctx, meeting_id, self.today))
        except ServiceError as exc:
            messages.messenger.error(self, "Agenda", str(exc))

    def show_agenda(self, agenda: Agenda, select_item: int | None = None) -> None:
        self.agenda = agenda
        self.model.set_slots(agenda.slots)
        where = agenda.venue + (f" · {agenda.teams_link}" if agenda.teams_link else "")
        self.details.setText(
            f"<b>{agenda.panel}</b>, {long_date(agenda.date)}, {agenda.start:%H:%M} to "
            f"{agenda.sitting_end:%H:%M} · {where}<br>{agenda.case_count} of {agenda.max_cases} cases booked; "
            f"the agenda ends at {agenda.ends_at:%H:%M}."
        )
        self.warning.setText(agenda.warning)
        self.warning.setVisible(bool(agenda.warning))
        self._show_who(agenda.meeting_id)
        if select_item is not None:
            row = next((n for n, s in enumerate(agenda.slots) if s.item_id == select_item), 0)
            self.select_row(row)
        self._show_slot()

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row, 0)
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().setCurrentIndex(index, flags)

    def selected(self) -> AgendaSlot | None:
        index = self.table.currentIndex()
        return self.model.slot(index.row()) if index.isValid() else None

    def _show_slot(self) -> None:
        slot = self.selected()
        for widget in (self.minutes, self.chair, self.applicants):
            widget.setEnabled(slot is not None and self.agenda is not None)
        if slot is None or self.agenda is None:
            self.attending.setText("")
            self.paper_note.setText("")
            self.case_quorum.setText("")
            return
        self.case_quorum.setText(self._case_quorum_text(slot))
        self.minutes.setValue(slot.minutes)
        self.chair.clear()
        self.chair.addItem("(not set)", None)
        for option in self.agenda.chair_options:
            self.chair.addItem(f"{option.name} ({option.role})", option.member_id)
        self.chair.setCurrentIndex(max(0, self.chair.findData(slot.chair_member_id)))
        self.chair.setEnabled(slot.is_case)
        self.applicants.setChecked(slot.applicants_attend)
        self.applicants.setEnabled(slot.is_case)
        self.attending.setText("\n".join(slot.attending) if slot.is_case else "")
        self.paper_note.setText("\n".join(slot.paper_problems))

    # -- changes ------------------------------------------------------------------

    def _change(self, call: Callable[[int, int], Agenda], select_item: int | None = None) -> bool:
        """Run one agenda edit with the loaded version; on a clash, say so and reload."""
        if self.agenda is None:
            return False
        try:
            updated = call(self.agenda.meeting_id, self.agenda.version)
        except ConflictError as exc:
            messages.messenger.error(self, "Agenda changed by someone else", str(exc))
            self.load()
            return False
        except ServiceError as exc:
            messages.messenger.error(self, "Agenda not changed", str(exc))
            return False
        self.show_agenda(updated, select_item)
        return True

    def move_to(self, item_id: int, to_index: int) -> None:
        self._change(lambda m, v: cases.move_slot(self.ctx, m, item_id, to_index, v), item_id)

    def move_selected(self, step: int) -> None:
        slot = self.selected()
        if slot is None:
            return
        target = slot.position - 1 + step
        if 0 <= target < self.model.rowCount():
            self.move_to(slot.item_id, target)

    def _insert(self, kind: str, after_selected: bool) -> None:
        slot = self.selected()
        at = None if slot is None else slot.position - (0 if after_selected else 1)
        if self._change(lambda m, v: cases.add_slot(self.ctx, m, kind, v, at_index=at)):
            self.select_row(self.model.rowCount() - 1 if at is None else at)

    def add_break(self) -> None:
        self._insert("break", after_selected=True)

    def add_panel_only(self) -> None:
        self._insert("panel_only", after_selected=False)

    def remove_selected(self) -> None:
        slot = self.selected()
        if slot is not None:
            self._change(lambda m, v: cases.remove_slot(self.ctx, m, slot.item_id, v))

    def unbook_selected(self) -> None:
        slot = self.selected()
        if slot is None or slot.hearing_id is None:
            return
        if not messages.messenger.confirm(
            self, "Take case off sitting", f"Take {slot.reference} off this sitting?"
        ):
            return
        try:
            cases.unbook_case(self.ctx, slot.hearing_id)
        except ServiceError as exc:
            messages.messenger.error(self, "Case not taken off", str(exc))
        self.load()

    def _minutes_changed(self) -> None:
        slot = self.selected()
        if slot is not None and self.minutes.value() != slot.minutes:
            minutes = self.minutes.value()
            self._change(
                lambda m, v: cases.update_slot(self.ctx, m, slot.item_id, v, minutes=minutes),
                slot.item_id,
            )

    def _chair_changed(self) -> None:
        slot = self.selected()
        if slot is not None and self.chair.currentData() != slot.chair_member_id:
            chair = self.chair.currentData()
            self._change(
                lambda m, v: cases.update_slot(self.ctx, m, slot.item_id, v, chair_member_id=chair),
                slot.item_id,
            )

    def _applicants_changed(self, checked: bool) -> None:
        slot = self.selected()
        if slot is not None and slot.is_case:
            self._change(
                lambda m, v: cases.update_slot(self.ctx, m, slot.item_id, v, applicants_attend=checked),
                slot.item_id,
            )

    # -- export -------------------------------------------------------------------

    def export(self, fmt: str) -> None:
        if self.agenda is None:
            return
        kind = "Word document (*.docx)" if fmt == "docx" else "PDF (*.pdf)"
        suggested = f"{self.agenda.panel} agenda {self.agenda.date.isoformat()}.{fmt}"
        path, _ = QFileDialog.getSaveFileName(self, "Save the agenda", suggested, kind)
        if not path:
            return
        meeting_id = self.agenda.meeting_id
        self.status.setText("Writing the agenda…")
        self.word_button.setEnabled(False)
        self.pdf_button.setEnabled(False)
        self.export_job = (
            ServiceOp(
                self,
                self.ctx,
                lambda ctx, _progress: export_agenda(ctx, meeting_id, fmt, Path(path)),
                error_title="Agenda not saved",
            )
            .success(self._exported)
            .failure(self._export_failed)
            .run_in_background()
        )

    def open_pack(self) -> None:
        """The sitting's panel pack: contents, holders, writing it (ui.cases.pack_dialog)."""
        from ui.cases.pack_dialog import PackDialog

        if self.agenda is not None:
            title = f"{self.agenda.panel}, {long_date(self.agenda.date)}"
            self.pack_dialog = PackDialog(self.ctx, self.agenda.meeting_id, title, self)
            self.pack_dialog.open()

    def _export_done(self) -> None:
        self.word_button.setEnabled(True)
        self.pdf_button.setEnabled(True)

    def _exported(self, out: Path) -> None:
        self._export_done()
        self.status.setText(f"Agenda saved to {out}")

    def _export_failed(self, _error: Exception) -> None:
        self._export_done()
        self.status.setText("The agenda was not saved.")
