"""Local authorities with their localities and ADM, and the decision makers themselves."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from panelapp.services.agency import (
    AgencySetup,
    DecisionMakerRow,
    LocalAuthorityRow,
    delete_decision_maker,
    delete_local_authority,
    save_decision_maker,
    save_local_authority,
)
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from ui.settings.common import FormMessages
from ui.shell import messages
from ui.shell.table_model import Column, RowTableModel

LA_COLUMNS: list[Column[LocalAuthorityRow]] = [
    Column("Local authority", lambda r: r.name),
    Column("Localities", lambda r: ", ".join(r.localities)),
    Column("ADM for its children", lambda r: r.adm_name),
]
DM_COLUMNS: list[Column[DecisionMakerRow]] = [
    Column("Decision maker", lambda r: r.name),
    Column("Title", lambda r: r.title),
    Column("Email", lambda r: r.email),
    Column("Decides approvals", lambda r: r.handles_approvals),
]


def _button_row(*buttons: tuple[QPushButton, Callable[[], None]]) -> QHBoxLayout:
    """New / Save / Remove: the box's title says what (full words in the tooltip and for screen
    readers), so both boxes' buttons fit side by side at 1366 px and 125% scaling."""
    row = QHBoxLayout()
    for button, slot in buttons:
        button.setAccessibleName(button.text())
        button.setToolTip(button.text())
        button.setText(button.text().split(" ")[0])
        button.clicked.connect(slot)
        row.addWidget(button)
    return row


def _table(model: RowTableModel[object], name: str) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


class AuthoritiesTab(QWidget):
    saved = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.la_id: int | None = None
        self.dm_id: int | None = None
        layout = QHBoxLayout(self)

        la_box = QGroupBox("Local authorities")
        la_layout = QVBoxLayout(la_box)
        self.la_model: RowTableModel[LocalAuthorityRow] = RowTableModel(LA_COLUMNS, self)
        self.la_table = _table(self.la_model, "Local authorities")  # type: ignore[arg-type]
        self.la_table.selectionModel().currentRowChanged.connect(lambda i, _p: self._edit_la(i.row()))
        la_layout.addWidget(self.la_table, 1)
        form = QFormLayout()
        self.la_messages = FormMessages("Local authority")
        self.la_name = QLineEdit()
        self.la_name.setAccessibleName("Local authority name")
        self.la_localities = QLineEdit()
        self.la_localities.setAccessibleName("Localities, separated by commas")
        self.la_localities.setPlaceholderText("e.g. North Kent, East Kent (leave blank if none)")
        self.la_adm = QComboBox()
        self.la_adm.setAccessibleName("ADM for this authority's children")
        self.la_messages.row(form, "&Name:", "name", self.la_name)
        self.la_messages.row(form, "&Localities:", "localities", self.la_localities)
        self.la_messages.row(form, "&ADM:", "adm", self.la_adm)
        la_layout.addLayout(form)
        self.la_new = QPushButton("New local authority")
        self.la_save = QPushButton("Save local authority")
        self.la_delete = QPushButton("Remove local authority")
        la_layout.addLayout(
            _button_row(
                (self.la_new, self._new_la), (self.la_save, self.save_la), (self.la_delete, self.delete_la)
            )
        )
        la_layout.addWidget(self.la_messages.lines)

        dm_box = QGroupBox("Agency decision makers (ADMs)")
        dm_layout = QVBoxLayout(dm_box)
        self.dm_model: RowTableModel[DecisionMakerRow] = RowTableModel(DM_COLUMNS, self)
        self.dm_table = _table(self.dm_model, "Decision makers")  # type: ignore[arg-type]
        self.dm_table.selectionModel().currentRowChanged.connect(lambda i, _p: self._edit_dm(i.row()))
        dm_layout.addWidget(self.dm_table, 1)
        form = QFormLayout()
        self.dm_messages = FormMessages("Decision maker")
        self.dm_name = QLineEdit()
        self.dm_name.setAccessibleName("Decision maker name")
        self.dm_title = QLineEdit()
        self.dm_title.setAccessibleName("Decision maker title")
        self.dm_email = QLineEdit()
        self.dm_email.setAccessibleName("Decision maker email")
        self.dm_approvals = QCheckBox("Decides adopter approvals, brief reports, reviews, de-registrations")
        self.dm_approvals.setAccessibleName("Decides approvals")
        self.dm_messages.row(form, "Na&me:", "name", self.dm_name)
        self.dm_messages.row(form, "&Title:", "title", self.dm_title)
        self.dm_messages.row(form, "&Email:", "email", self.dm_email)
        self.dm_messages.row(form, "", "handles_approvals", self.dm_approvals)
        dm_layout.addLayout(form)
        self.dm_new = QPushButton("New decision maker")
        self.dm_save = QPushButton("Save decision maker")
        self.dm_delete = QPushButton("Remove decision maker")
        dm_layout.addLayout(
            _button_row(
                (self.dm_new, self._new_dm), (self.dm_save, self.save_dm), (self.dm_delete, self.delete_dm)
            )
        )
        dm_layout.addWidget(self.dm_messages.lines)
        layout.addWidget(la_box, 1)
        layout.addWidget(dm_box, 1)

    def load(self, setup: AgencySetup) -> None:
        self.la_model.set_rows(setup.local_authorities)
        self.dm_model.set_rows(setup.decision_makers)
        self.la_adm.clear()
        self.la_adm.addItem("(none yet)", None)
        for dm in setup.decision_makers:
            self.la_adm.addItem(dm.name, dm.id)
        self._reselect(
            self.la_table, [r.id for r in setup.local_authorities], self.la_id, self._edit_la, self._new_la
        )
        self._reselect(
            self.dm_table, [r.id for r in setup.decision_makers], self.dm_id, self._edit_dm, self._new_dm
        )

    @staticmethod
    def _reselect(table: QTableView, ids: list[int], wanted: int | None, edit: object, new: object) -> None:
        if wanted in ids:
            table.selectRow(ids.index(wanted))
            edit(ids.index(wanted))  # type: ignore[operator]
        else:
            new()  # type: ignore[operator]

    # -- local authorities --------------------------------------------------------------

    def _edit_la(self, row: int) -> None:
        if not 0 <= row < self.la_model.rowCount():
            return
        la = self.la_model.row(row)
        self.la_id = la.id
        self.la_name.setText(la.name)
        self.la_localities.setText(", ".join(la.localities))
        self.la_adm.setCurrentIndex(max(self.la_adm.findData(la.adm_id), 0))
        self.la_messages.clear()

    def _new_la(self) -> None:
        self.la_id = None
        self.la_table.clearSelection()
        self.la_name.clear()
        self.la_localities.clear()
        self.la_adm.setCurrentIndex(0)
        self.la_messages.clear()

    def save_la(self) -> None:
        localities = [x for x in self.la_localities.text().split(",") if x.strip()]
        try:
            self.la_id = save_local_authority(
                self.ctx, self.la_id, self.la_name.text(), localities, self.la_adm.currentData()
            )
        except ServiceError as exc:
            self.la_messages.refused(exc)
            return
        self.saved.emit()
        self.la_messages.saved("Local authority saved.")

    def delete_la(self) -> None:
        if self.la_id is None:
            return
        if not messages.messenger.confirm(self, "Remove local authority", f"Remove {self.la_name.text()}?"):
            return
        try:
            delete_local_authority(self.ctx, self.la_id)
        except ServiceError as exc:
            self.la_messages.refused(exc)
            return
        self.la_id = None
        self.saved.emit()

    # -- decision makers ------------------------------------------------------------------

    def _edit_dm(self, row: int) -> None:
        if not 0 <= row < self.dm_model.rowCount():
            return
        dm = self.dm_model.row(row)
        self.dm_id = dm.id
        self.dm_name.setText(dm.name)
        self.dm_title.setText(dm.title)
        self.dm_email.setText(dm.email)
        self.dm_approvals.setChecked(dm.handles_approvals)
        self.dm_messages.clear()

    def _new_dm(self) -> None:
        self.dm_id = None
        self.dm_table.clearSelection()
        for w in (self.dm_name, self.dm_title, self.dm_email):
            w.clear()
        self.dm_approvals.setChecked(False)
        self.dm_messages.clear()

    def save_dm(self) -> None:
        try:
            self.dm_id = save_decision_maker(
                self.ctx,
                self.dm_id,
                self.dm_name.text(),
                self.dm_title.text(),
                self.dm_email.text(),
                self.dm_approvals.isChecked(),
            )
        except ServiceError as exc:
            self.dm_messages.refused(exc)
            return
        self.saved.emit()
        self.dm_messages.saved("Decision maker saved.")

    def delete_dm(self) -> None:
        if self.dm_id is None:
            return
        if not messages.messenger.confirm(self, "Remove decision maker", f"Remove {self.dm_name.text()}?"):
            return
        try:
            delete_decision_maker(self.ctx, self.dm_id)
        except ServiceError as exc:
            self.dm_messages.refused(exc)
            return
        self.dm_id = None
        self.saved.emit()
