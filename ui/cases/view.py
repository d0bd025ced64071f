"""The Cases & Agenda area: the case register and the agenda builder for a sitting."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from panelapp import clock
from panelapp.services import cases
from panelapp.services.cases import CaseSummary
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, ServiceError
from ui.cases.agenda_builder import AgendaBuilder
from ui.cases.booking_dialog import BookingDialog
from ui.cases.case_dialog import CaseDialog
from ui.cases.models import CaseFilterProxy, CaseRegisterModel
from ui.shell import messages
from ui.shell.table_model import ROW_ROLE
from ui.shell.view_base import AreaView

SIZE_FROM_ROWS = 40


class CasesView(AreaView):
    title = "Cases & Agenda"
    shows = frozenset({"cases", "calendar", "members", "panel_day", "settings"})

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._today: date | None = None
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Cases and agenda")
        self.tabs.addTab(self._register_tab(), "Case &register")
        self.agenda_builder = AgendaBuilder(ctx)
        self.tabs.addTab(self.agenda_builder, "A&genda builder")
        self.tabs.currentChanged.connect(lambda i: self.agenda_builder.refresh_sittings() if i == 1 else None)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{self.title}</h2>"))
        layout.addWidget(self.tabs)

    @property
    def today(self) -> date:
        return self._today or clock.today()

    @today.setter
    def today(self, value: date) -> None:
        """Tests and demos fix "today"; the agenda builder follows."""
        self._today = value
        self.agenda_builder.today = value

    def _register_tab(self) -> QWidget:
        page = QWidget()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search reference, household, initials, local authority…")
        self.search.setAccessibleName("Search cases")
        self.search.setClearButtonEnabled(True)
        self.model = CaseRegisterModel(self)
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search.textChanged.connect(self._search_changed)
        self.table = QTableView()
        self.table.setAccessibleName("Case register")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(6, Qt.SortOrder.DescendingOrder)  # most recent sitting first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        # Columns are sized from the first screenful, not from every row fetched.
        self.table.horizontalHeader().setResizeContentsPrecision(SIZE_FROM_ROWS)
        self._sized = False
        self.table.doubleClicked.connect(lambda _i: self.edit_case())
        self.count = QLabel()
        buttons = QHBoxLayout()
        for text, key, slot in (
            ("New case", "Ctrl+N", self.new_case),
            ("Open case", "Return", self.edit_case),
            ("Book onto a sitting", "Ctrl+K", self.book_case),
            ("Show agenda", "Ctrl+G", self.show_agenda),
            ("Search", "Ctrl+F", self.search.setFocus),
        ):
            action = QAction(text, page)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            page.addAction(action)
            if text != "Search":
                button = QPushButton(f"{text} ({key})")
                button.setAccessibleName(text)
                button.clicked.connect(slot)
                buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        layout = QVBoxLayout(page)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        return page

    # -- data ---------------------------------------------------------------------

    def refresh(self) -> None:
        try:
            rows = cases.list_cases(self.ctx, today=self.today)
        except NotFound:  # a new database: nothing to show until Settings sets the agency up
            self.model.set_rows([])
            self.count.setText("No agency is set up yet: open Settings to set one up.")
            return
        except ServiceError as exc:
            messages.messenger.error(self, self.title, str(exc))
            return
        self.model.set_rows(rows)
        if not self._sized and rows:  # size columns once, from the first screenful of data
            self._sized = True
            # Set again here: a header state saved by an earlier version restores Qt's 1,000.
            self.table.horizontalHeader().setResizeContentsPrecision(SIZE_FROM_ROWS)
            self.table.resizeColumnsToContents()
            self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self._update_count()
        waiting = sum(1 for r in rows if r.status == "booked" and r.missing_papers)
        self.badge_changed.emit(waiting)
        if self.tabs.currentIndex() == 1:
            self.agenda_builder.refresh_sittings()

    def badge(self) -> int:
        return sum(1 for r in self.model.all_rows() if r.status == "booked" and r.missing_papers)

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(f"{self.model.matching_count()} of {self.model.total_count()} cases")

    def selected_case(self) -> CaseSummary | None:
        index = self.table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def select_case(self, case_id: int) -> None:
        if self.model.fetch_until(case_id) is None and self.search.text():
            self.search.clear()  # the case is hidden by the search: show the whole register
            self.model.fetch_until(case_id)
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ROW_ROLE).id == case_id:
                self.table.selectRow(row)
                return

    # -- actions ------------------------------------------------------------------

    def new_case(self) -> None:
        dialog = CaseDialog(self.ctx, None, self)
        if dialog.exec() and dialog.saved:
            self.refresh()
            self.select_case(dialog.saved.id)

    def edit_case(self) -> None:
        case = self.selected_case()
        if case is None:
            return
        try:
            dialog = CaseDialog(self.ctx, case.id, self)
        except ServiceError as exc:
            messages.messenger.error(self, "Case", str(exc))
            self.refresh()
            return
        if dialog.exec() and dialog.saved:
            self.refresh()
            self.select_case(case.id)

    def book_case(self) -> None:
        case = self.selected_case()
        if case is None:
            messages.messenger.info(self, "Book a case", "Choose a case in the register first.")
            return
        dialog = BookingDialog(self.ctx, case, self.today, self)
        if dialog.exec() and dialog.booking_made:
            self.refresh()
            self.select_case(case.id)

    def show_agenda(self) -> None:
        case = self.selected_case()
        detail = cases.get_case(self.ctx, case.id) if case else None
        booked = [h for h in detail.hearings if h.status == "booked"] if detail else []
        self.tabs.setCurrentIndex(1)
        if booked:
            self.agenda_builder.refresh_sittings(booked[-1].meeting_id)
