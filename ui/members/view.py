"""Members: the central list with search, filters, compliance badges, and the member's register."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from panelapp import clock
from panelapp.domain.permissions import Permission
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ServiceError
from panelapp.services.members import MemberRow, export_members, get_member, list_members, member_choices
from ui.members.compliance_panel import CompliancePanel
from ui.members.import_dialog import ImportPreviewDialog
from ui.members.member_dialog import MemberEditDialog
from ui.members.model import COLUMNS, NAME, MembersTableModel
from ui.members.proxy import COMPLIANCE_FILTERS, STATUS_FILTERS, MembersFilterProxy
from ui.members.table import MembersTable
from ui.members.training_dialog import TrainingDialog
from ui.shell import messages
from ui.shell.jobs import Job, ServiceOp
from ui.shell.table_model import ROW_ROLE
from ui.shell.view_base import AreaView

EXPORTS = (
    ("csv", "Central list as CSV (re-importable)", "CSV files (*.csv)"),
    ("xlsx", "Central list as Excel (re-importable)", "Excel workbooks (*.xlsx)"),
    ("docx", "Appendix A membership list (Word)", "Word documents (*.docx)"),
    ("pdf", "Appendix A membership list (PDF)", "PDF files (*.pdf)"),
)


class MembersView(AreaView):
    title = "Members"
    shows = frozenset({"members", "settings"})
    export_done = Signal(object)  # the file written, or None when the export failed

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(ctx, parent)
        self._today = today
        self._overdue = 0
        self._job: Job | None = None
        self._kept: int | None = None  # the member picked, kept across filtering
        self._restoring = False
        self._filter_inputs()
        self._action_buttons(
            can_edit=ctx.can(Permission.EDIT_MEMBERS), can_import=ctx.can(Permission.IMPORT_DATA)
        )
        self._members_table()
        self.panel = CompliancePanel(ctx, self, today)
        self.panel.changed.connect(lambda _id: self.refresh())
        self._connect()
        self._lay_out()

    def _filter_inputs(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search name, role, panel or status  (Ctrl+F)")
        self.search.setAccessibleName("Search members")
        self.search.setClearButtonEnabled(True)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Show members with status")
        for value, label in STATUS_FILTERS.items():
            self.status_filter.addItem(label, value)
        self.compliance_filter = QComboBox()
        self.compliance_filter.setAccessibleName("Show compliance")
        for value, label in COMPLIANCE_FILTERS.items():
            self.compliance_filter.addItem(label, value)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Members shown")

    def _action_buttons(self, can_edit: bool, can_import: bool) -> None:
        self.add_button = QPushButton("&Add member…")
        self.add_button.setShortcut(QKeySequence("Ctrl+N"))
        self.add_button.setToolTip("Add a member (Ctrl+N)")
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setToolTip("Edit the selected member (Enter)")
        self.training_button = QPushButton("Record &training…")
        self.training_button.setShortcut(QKeySequence("Ctrl+T"))
        self.training_button.setToolTip("Record one training event for many members (Ctrl+T)")
        self.import_button = QPushButton("&Import…")
        self.import_button.setShortcut(QKeySequence("Ctrl+I"))
        self.import_button.setToolTip("Import members from CSV or Excel (Ctrl+I)")
        self.export_button = QToolButton()
        self.export_button.setText("E&xport")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        export_menu = QMenu(self.export_button)
        for fmt, label, _pattern in EXPORTS:
            action = QAction(label, self)
            action.triggered.connect(lambda _=False, f=fmt: self.export(f))
            export_menu.addAction(action)
        self.export_button.setMenu(export_menu)
        self.action_buttons: tuple[QPushButton | QToolButton, ...] = (
            self.add_button,
            self.edit_button,
            self.training_button,
            self.import_button,
            self.export_button,
        )
        for button in self.action_buttons:
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
        for button in (self.add_button, self.edit_button, self.training_button):
            button.setEnabled(can_edit)
        self.import_button.setEnabled(can_import)

    def _members_table(self) -> None:
        self.model = MembersTableModel(self)
        self.proxy = MembersFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = MembersTable(self.proxy)
        self.table.setAccessibleName("Central list of members")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(500)  # a long list: size columns from its first rows
        header.setStretchLastSection(True)
        self._columns_fitted = False
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

    def _connect(self) -> None:
        self.search.textChanged.connect(self._search_changed)
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self._filters_changed(lambda: self.proxy.set_status(self.status_filter.currentData()))
        )
        self.compliance_filter.currentIndexChanged.connect(
            lambda _i: self._filters_changed(
                lambda: self.proxy.set_compliance(self.compliance_filter.currentData())
            )
        )
        self.add_button.clicked.connect(self.add_member)
        self.edit_button.clicked.connect(self.edit_selected)
        self.training_button.clicked.connect(self.record_training)
        self.import_button.clicked.connect(self.import_file)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self.table, self.edit_selected)
        QShortcut(QKeySequence("Ctrl+Shift+E"), self, self.export_button.showMenu)

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.compliance_filter, 1)
        filters.addWidget(self.count_label)
        actions = QHBoxLayout()
        for button in self.action_buttons:
            actions.addWidget(button)
        actions.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addLayout(actions)
        left_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([860, 300])
        splitter.setChildrenCollapsible(False)
        heading = QLabel("<h2>Members: the central list</h2>")
        heading.setObjectName("viewHeading")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(splitter, 1)

    @property
    def today(self) -> date:
        return self._today or clock.today()

    # -- loading ---------------------------------------------------------------------

    def refresh(self) -> None:
        selected = self.selected_member()
        try:
            rows = list_members(self.ctx, self.today)
        except NotFound:
            rows = []  # no agency yet: an empty list, not an error box on every visit
        except ServiceError as exc:
            messages.messenger.error(self, "Members", str(exc))
            return
        self.model.set_rows(rows)
        if rows and not self._columns_fitted:
            # Columns as wide as their texts ("Needs attention", "Vice chair, Independent member"
            # were cut off at 1366 px, issue 20), once: a width the user drags then stays.
            self.table.resizeColumnsToContents()
            self._columns_fitted = True
        self._overdue = sum(r.overdue_count for r in rows)
        self._update_count()
        if selected is not None:
            self.select_member(selected.id)
        self.badge_changed.emit(self._overdue)

    def badge(self) -> int:
        return self._overdue

    def _update_count(self) -> None:
        total = self.model.rowCount()
        # As wide as the widest count this list can show, and of a fixed height: a label whose
        # size cannot change does not ask the view to lay itself out again when its text
        # changes, so typing in the search box neither moves the filters beside it nor
        # relays the whole view at every letter (issue 21).
        metrics = self.count_label.fontMetrics()
        digit = max("0123456789", key=metrics.horizontalAdvance) * len(str(total))
        widest = metrics.horizontalAdvance(f"{digit} of {digit} shown") + 2
        if self.count_label.minimumWidth() != widest:
            height = max(self.search.sizeHint().height(), self.count_label.sizeHint().height())
            self.count_label.setFixedSize(widest, height)  # as tall as the row, its text centred
        self.count_label.setText(f"{self.proxy.rowCount()} of {total} shown")

    def _search_changed(self, text: str) -> None:
        self._filters_changed(lambda: self.proxy.set_search(text))

    def _filters_changed(self, apply: Callable[[], None]) -> None:
        """A filter resets the shown rows (one model reset, see MembersFilterProxy), which
        clears the table's selection: the member picked is picked again when shown, without
        reloading the register beside the list; while filtered out, the register still shows
        them and they are picked again once the filter lets them back."""
        apply()
        if self._kept is not None and not self.table.currentIndex().isValid():
            self._restoring = True
            try:
                self.select_member(self._kept)
            finally:
                self._restoring = False
        self._update_count()

    # -- selection -------------------------------------------------------------------

    def selected_member(self) -> MemberRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row = self.proxy.data(index, ROW_ROLE)
        return row if isinstance(row, MemberRow) else None

    def select_member(self, member_id: int) -> bool:
        row = self.proxy.row_of(member_id)
        if row < 0:
            return False
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.proxy.data(current, ROW_ROLE) if current.isValid() else None
        member_id = row.id if isinstance(row, MemberRow) else None
        self._kept = member_id
        if not self._restoring:  # picked again after filtering: the register already shows them
            self.panel.show_member(member_id)

    # -- actions ---------------------------------------------------------------------

    def member_dialog(self, member_id: int | None) -> MemberEditDialog:
        choices = member_choices(self.ctx)
        detail = get_member(self.ctx, member_id, self.today) if member_id is not None else None
        return MemberEditDialog(self.ctx, choices, detail, self, self.today)

    def _after_save(self, dialog: MemberEditDialog) -> None:
        self.refresh()
        if dialog.saved_id is not None and not self.select_member(dialog.saved_id):
            self.search.clear()
            self.select_member(dialog.saved_id)

    def add_member(self) -> None:
        dialog = self.member_dialog(None)
        if dialog.exec():
            self._after_save(dialog)

    def edit_selected(self) -> None:
        row = self.selected_member()
        if row is None or not self.ctx.can(Permission.EDIT_MEMBERS):
            return
        try:
            dialog = self.member_dialog(row.id)
        except ServiceError as exc:
            messages.messenger.error(self, "Members", str(exc))
            self.refresh()
            return
        if dialog.exec():
            self._after_save(dialog)

    def training_dialog(self) -> TrainingDialog:
        shown = [
            int(self.proxy.data(self.proxy.index(r, 0), ROW_ROLE).id) for r in range(self.proxy.rowCount())
        ]
        ticked = shown if self.search.text() else []
        return TrainingDialog(self.ctx, self.model.rows(), ticked, self, self.today)

    def record_training(self) -> None:
        if self.training_dialog().exec():
            self.refresh()

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import members", "", "Members files (*.csv *.xlsx);;All files (*)"
        )
        if not path:
            return
        dialog = ImportPreviewDialog(self.ctx, Path(path), self, self.today)
        dialog.imported.connect(lambda n: messages.messenger.info(self, "Import", f"{n} members were added."))
        dialog.exec()
        self.refresh()

    def export(self, fmt: str) -> Job | None:
        label, pattern = next((lbl, pat) for f, lbl, pat in EXPORTS if f == fmt)
        default = "appendix-a-membership" if fmt in ("docx", "pdf") else "central-list"
        path, _ = QFileDialog.getSaveFileName(self, label, f"{default}.{fmt}", pattern)
        if not path:
            return None
        out = Path(path) if Path(path).suffix else Path(path).with_suffix(f".{fmt}")
        today = self.today
        self._job = (
            ServiceOp(
                self,
                self.ctx,
                lambda ctx, _progress: export_members(ctx, fmt, out, today),
                error_title="Export failed",
            )
            .success(self._exported)
            .failure(lambda _error: self.export_done.emit(None))
            .run_in_background()
        )
        return self._job

    def _exported(self, written: Path) -> None:
        messages.messenger.info(self, "Export", f"Written {written}")
        self.export_done.emit(written)


__all__ = ["COLUMNS", "MembersView"]
