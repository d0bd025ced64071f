"""Panels: name, rhythm (checked as typed, read back in words), time, size, chair and vice chair."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from panelapp.domain.recurrence import RuleError, parse_rule
from panelapp.services.agency import AgencySetup, PanelInput, PanelRow, save_panel
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from ui.settings.common import OK_STYLE, FormMessages
from ui.shell.field_errors import ERROR_STYLE
from ui.shell.table_model import Column, RowTableModel

COLUMNS: list[Column[PanelRow]] = [
    Column("Panel", lambda r: r.name),
    Column("Rhythm", lambda r: r.rule_description),
    Column("Start", lambda r: r.start),
    Column("Max cases", lambda r: r.max_cases, align_right=True),
    Column("Joint", lambda r: r.joint),
    Column("Chair", lambda r: r.chair_name),
    Column("Vice chair", lambda r: r.vice_chair_name),
    Column("Active", lambda r: r.active),
]
RULE_HELP = 'e.g. "monthly 1st Tuesday", "fortnightly Thursday from 2026-01-08", "weekly Wednesday"'


class PanelsTab(QWidget):
    saved = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.panel_id: int | None = None
        self.messages = FormMessages("Panel")
        layout = QHBoxLayout(self)
        layout.addWidget(self._panel_table(), 3)
        self._make_inputs()
        layout.addLayout(self._panel_form(), 2)

    def _panel_table(self) -> QTableView:
        self.model: RowTableModel[PanelRow] = RowTableModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Panels")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(lambda i, _p: self._edit(i.row()))
        return self.table

    def _make_inputs(self) -> None:
        self.name = QLineEdit()
        self.name.setAccessibleName("Panel name")
        self.rule = QLineEdit()
        self.rule.setAccessibleName("Panel rhythm")
        self.rule.setPlaceholderText(RULE_HELP)
        self.rule.setToolTip(RULE_HELP)
        self.rule.setAccessibleDescription("Read back in words below as you type")
        self.rule_words = QLabel()
        self.rule_words.setWordWrap(True)
        self.rule_words.setAccessibleName("Panel rhythm in words")
        self.rule.textChanged.connect(self._describe_rule)
        self.start = QTimeEdit()
        self.start.setDisplayFormat("HH:mm")
        self.start.setAccessibleName("Start time")
        self.duration = QSpinBox()
        self.duration.setRange(30, 720)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(" minutes")
        self.duration.setAccessibleName("Length of the sitting")
        self.max_cases = QSpinBox()
        self.max_cases.setRange(1, 20)
        self.max_cases.setAccessibleName("Most cases per sitting")
        self.joint = QCheckBox("Joint panel (quorum needs one more member)")
        self.joint.setAccessibleName("Joint panel")
        self.teams_link = QLineEdit()
        self.teams_link.setAccessibleName("Teams link")
        self.venue = QLineEdit()
        self.venue.setAccessibleName("Venue")
        self.chair = QComboBox()
        self.chair.setAccessibleName("Chair")
        self.vice_chair = QComboBox()
        self.vice_chair.setAccessibleName("Vice chair")
        self.active = QCheckBox("Sits (untick for a panel that no longer meets)")
        self.active.setAccessibleName("Panel active")

    def _panel_form(self) -> QVBoxLayout:
        form = QFormLayout()
        self.messages.row(form, "&Name:", "name", self.name)
        form.addRow("&Rhythm:", self.rule)
        form.addRow("", self.rule_words)
        self.messages.errors.add("rule", _RhythmReading(self))  # the live reading doubles as its error line
        self.messages.row(form, "S&tart:", "start", self.start)
        self.messages.row(form, "&Length:", "duration_minutes", self.duration)
        self.messages.row(form, "&Most cases:", "max_cases", self.max_cases)
        self.messages.row(form, "", "joint", self.joint)
        self.messages.row(form, "Teams lin&k:", "teams_link", self.teams_link)
        self.messages.row(form, "&Venue:", "venue", self.venue)
        self.messages.row(form, "&Chair:", "chair_id", self.chair)
        self.messages.row(form, "V&ice chair:", "vice_chair_id", self.vice_chair)
        self.messages.row(form, "", "active", self.active)
        right = QVBoxLayout()
        right.addLayout(form)
        row = QHBoxLayout()
        self.new_button = QPushButton("New panel")
        self.new_button.setAccessibleName("New panel")
        self.new_button.clicked.connect(self._new)
        self.save_button = QPushButton("&Save panel")
        self.save_button.setAccessibleName("Save panel")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.new_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        right.addLayout(row)
        right.addWidget(self.messages.lines)
        right.addStretch(1)
        return right

    def load(self, setup: AgencySetup) -> None:
        self.model.set_rows(setup.panels)
        for combo in (self.chair, self.vice_chair):
            combo.clear()
            combo.addItem("(nobody)", None)
            for person in setup.chair_choices:
                combo.addItem(person.name, person.id)
        ids = [p.id for p in setup.panels]
        if self.panel_id in ids:
            self.table.selectRow(ids.index(self.panel_id))
            self._edit(ids.index(self.panel_id))
        elif ids:
            self.table.selectRow(0)
            self._edit(0)
        else:
            self._new()

    def _describe_rule(self, text: str) -> None:
        if not text.strip():
            self.rule_words.setText(RULE_HELP)
            self.rule_words.setStyleSheet("")
            return
        try:
            self.rule_words.setText(parse_rule(text).describe())
            self.rule_words.setStyleSheet(OK_STYLE)
        except RuleError as exc:
            self.rule_words.setText(str(exc))
            self.rule_words.setStyleSheet(ERROR_STYLE)

    def _edit(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        p = self.model.row(row)
        self.panel_id = p.id
        self.name.setText(p.name)
        self.rule.setText(p.rule)
        self.start.setTime(QTime(p.start.hour, p.start.minute))
        self.duration.setValue(p.duration_minutes)
        self.max_cases.setValue(p.max_cases)
        self.joint.setChecked(p.joint)
        self.teams_link.setText(p.teams_link)
        self.venue.setText(p.venue)
        self.active.setChecked(p.active)
        for combo, person in ((self.chair, p.chair_id), (self.vice_chair, p.vice_chair_id)):
            i = combo.findData(person)
            if i < 0 and person is not None:  # chair without a chair role on the list: still show them
                combo.addItem(p.chair_name if combo is self.chair else p.vice_chair_name, person)
                i = combo.count() - 1
            combo.setCurrentIndex(max(i, 0))
        self.messages.clear()

    def _new(self) -> None:
        self.panel_id = None
        self.table.clearSelection()
        self.name.clear()
        self.rule.clear()
        self.start.setTime(QTime(9, 30))
        self.duration.setValue(330)
        self.max_cases.setValue(6)
        self.joint.setChecked(False)
        self.teams_link.clear()
        self.venue.setText("Microsoft Teams")
        self.active.setChecked(True)
        self.chair.setCurrentIndex(0)
        self.vice_chair.setCurrentIndex(0)
        self.messages.clear()
        self.name.setFocus()

    def save(self) -> None:
        t = self.start.time()
        data = PanelInput(
            name=self.name.text(),
            rule=self.rule.text(),
            start=time(t.hour(), t.minute()),
            duration_minutes=self.duration.value(),
            max_cases=self.max_cases.value(),
            joint=self.joint.isChecked(),
            teams_link=self.teams_link.text(),
            venue=self.venue.text(),
            active=self.active.isChecked(),
            chair_id=self.chair.currentData(),
            vice_chair_id=self.vice_chair.currentData(),
        )
        try:
            self.panel_id = save_panel(self.ctx, self.panel_id, data)
        except ServiceError as exc:
            self.messages.refused(exc)
            return
        self.saved.emit()
        self.messages.saved(
            f"{data.name.strip()} saved. Generate sittings in the Calendar to apply a new rhythm."
        )


class _RhythmReading:
    """The rhythm read back in words as it is typed; a refusal of the rhythm shows there too."""

    def __init__(self, tab: PanelsTab) -> None:
        self.tab = tab
        self.error = tab.rule_words

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setStyleSheet(ERROR_STYLE)

    def clear_error(self) -> None:
        self.tab._describe_rule(self.tab.rule.text())  # never hidden: back to reading the rhythm

    def focus_input(self) -> None:
        self.tab.rule.setFocus()
