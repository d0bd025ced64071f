"""Calendar: every panel's sittings by month or as a list, with quorum badges and the roster."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from panelapp import clock
from panelapp.domain.permissions import Permission
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from panelapp.services.sittings import (
    GenerateReport,
    MeetingRow,
    cancel_meeting,
    generate_meetings,
    list_meetings,
    move_meeting,
    reinstate_meeting,
)
from ui.calendar.dialogs import CancelSittingDialog, GenerateDialog, MoveSittingDialog
from ui.calendar.models import (
    LIST_COLUMNS,
    SITTINGS_ROLE,
    MonthModel,
    month_after,
    month_end,
    month_grid_start,
    month_title,
)
from ui.calendar.roster_panel import RosterPanel
from ui.shell import messages
from ui.shell.jobs import Job, ServiceOp
from ui.shell.table_model import ROW_ROLE, RowTableModel
from ui.shell.view_base import AreaView

_SIX_WEEKS = timedelta(days=42)


class CalendarView(AreaView):
    title = "Calendar"
    shows = frozenset({"calendar", "members", "cases", "settings"})

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(ctx, parent)
        today = today or clock.today()
        self.year, self.month = today.year, today.month
        self.rows: list[MeetingRow] = []
        self.selected_id: int | None = None
        self._job: Job | None = None
        top = self._navigation_row(today)
        sitting_actions = self._action_buttons(top, can_schedule=ctx.can(Permission.SCHEDULE_MEETINGS))
        self._month_table()
        self._list_table()

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Month or list")
        self.tabs.addTab(self.month_table, "M&onth")
        self.tabs.addTab(self.list_table, "&List (12 months)")
        self.day_choice = QComboBox()
        self.day_choice.setAccessibleName("Sitting on the chosen day")
        self.day_choice.hide()
        self.day_choice.activated.connect(lambda _i: self._select(self.day_choice.currentData()))

        self.roster = RosterPanel(ctx)
        self.roster.changed.connect(self._after_change)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(sitting_actions)
        right_layout.addWidget(self.day_choice)
        right_layout.addWidget(self.roster)
        splitter = QSplitter()
        splitter.addWidget(self.tabs)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        shortcuts = {
            "Ctrl+G": self.generate,
            "Ctrl+M": self.move_selected,
            "Ctrl+Shift+C": self.cancel_selected,
            "PgUp": lambda: self.go_month(-1),
            "PgDown": lambda: self.go_month(1),
        }
        for keys, slot in shortcuts.items():
            QShortcut(QKeySequence(keys), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._update_buttons()

    def _navigation_row(self, today: date) -> QHBoxLayout:
        """Month arrows, Today, the month's name and the panel filter."""
        top = QHBoxLayout()
        self.prev_button = QToolButton()
        self.prev_button.setText("◀")
        self.prev_button.setAccessibleName("Previous month")
        self.prev_button.setToolTip("Previous month (Page Up)")
        self.next_button = QToolButton()
        self.next_button.setText("▶")
        self.next_button.setAccessibleName("Next month")
        self.next_button.setToolTip("Next month (Page Down)")
        self.today_button = QPushButton("&Today")
        self.today_button.setAccessibleName("This month")
        self.month_label = QLabel()
        self.month_label.setObjectName("viewHeading")
        self.panel_filter = QComboBox()
        self.panel_filter.setAccessibleName("Show panel")
        self.panel_filter.addItem("All panels", None)
        self.prev_button.clicked.connect(lambda: self.go_month(-1))
        self.next_button.clicked.connect(lambda: self.go_month(1))
        self.today_button.clicked.connect(lambda: self.set_month(today.year, today.month))
        self.panel_filter.activated.connect(lambda _i: self.refresh())
        for w in (self.prev_button, self.month_label, self.next_button, self.today_button):
            top.addWidget(w)
        top.addSpacing(12)
        top.addWidget(QLabel("Panel:"))
        top.addWidget(self.panel_filter)
        top.addStretch(1)
        return top

    def _action_buttons(self, top: QHBoxLayout, can_schedule: bool) -> QHBoxLayout:
        """Generate and the calendar file on the top row; what acts on the selected sitting on a
        row of its own above its roster (one row held them all, too wide at 125% scaling)."""
        self.generate_button = QPushButton("&Generate sittings…")
        self.generate_button.setToolTip("Create sittings from each panel's rhythm (Ctrl+G)")
        self.move_button = QPushButton("&Move…")
        self.move_button.setToolTip("Move the selected sitting (Ctrl+M)")
        self.cancel_button = QPushButton("Ca&ncel sitting…")
        self.cancel_button.setToolTip("Cancel the selected sitting (Ctrl+Shift+C)")
        self.reinstate_button = QPushButton("&Reinstate")
        self.export_button = QToolButton()
        self.export_button.setText("Calendar file (.ics)")
        self.export_button.setAccessibleName("Export calendar file")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        menu.addAction("Selected sitting…", lambda: self.export_ics("sitting"))
        menu.addAction("Selected sitting's panel…", lambda: self.export_ics("panel"))
        menu.addAction("All panels…", lambda: self.export_ics("all"))
        self.export_button.setMenu(menu)
        sitting_row = QHBoxLayout()
        for b in (self.generate_button, self.move_button, self.cancel_button, self.reinstate_button):
            b.setAccessibleName(b.text().replace("&", "").rstrip("…"))
            (top if b is self.generate_button else sitting_row).addWidget(b)
            b.setEnabled(can_schedule)
        sitting_row.addStretch(1)
        top.addWidget(self.export_button)
        self.generate_button.clicked.connect(self.generate)
        self.move_button.clicked.connect(self.move_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.reinstate_button.clicked.connect(self.reinstate_selected)
        return sitting_row

    def _month_table(self) -> None:
        self.month_model = MonthModel(self)
        self.month_table = QTableView()
        self.month_table.setModel(self.month_model)
        self.month_table.setAccessibleName("Month of sittings")
        self.month_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.month_table.setWordWrap(True)
        self.month_table.verticalHeader().setVisible(False)
        self.month_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.month_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.month_table.selectionModel().currentChanged.connect(self._month_cell_chosen)

    def _list_table(self) -> None:
        self.list_model: RowTableModel[MeetingRow] = RowTableModel(LIST_COLUMNS, self)
        self.list_table = QTableView()
        self.list_table.setModel(self.list_model)
        self.list_table.setAccessibleName("List of sittings")
        self.list_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.list_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.list_table.verticalHeader().setVisible(False)
        header = self.list_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(LIST_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.list_table.selectionModel().currentRowChanged.connect(self._list_row_chosen)

    # -- loading -----------------------------------------------------------------------------

    def go_month(self, step: int) -> None:
        self.set_month(*month_after(self.year, self.month, step))

    def set_month(self, year: int, month: int) -> None:
        self.year, self.month = year, month
        self.refresh()

    def refresh(self) -> None:
        try:
            self._load_panels()
            start = month_grid_start(self.year, self.month)
            end = max(month_end(*month_after(self.year, self.month, 11)), start + _SIX_WEEKS)
            self.rows = list_meetings(self.ctx, start, end, self.panel_filter.currentData())
        except ServiceError as exc:
            self.month_label.setText(str(exc))
            self.rows = []
        self.month_label.setText(f"<b>{month_title(self.year, self.month)}</b>")
        grid_end = month_grid_start(self.year, self.month) + _SIX_WEEKS
        self.month_model.set_month(self.year, self.month, [r for r in self.rows if r.date < grid_end])
        first = date(self.year, self.month, 1)
        self.list_model.set_rows([r for r in self.rows if r.date >= first])
        self.month_table.resizeRowsToContents()
        ids = {r.id for r in self.rows}
        if self.selected_id not in ids:
            self.selected_id = None
        self.roster.show_meeting(self.selected_id)
        self._reselect()
        self._update_buttons()
        self.badge_changed.emit(self.badge())

    def badge(self) -> int:
        """Sittings in the coming weeks that are not quorate: the navigation shows the count."""
        soon = clock.today().toordinal() + 42
        return sum(1 for r in self.rows if r.quorate is False and r.date.toordinal() <= soon)

    def _load_panels(self) -> None:
        from panelapp.services.agency import read_agency_setup

        chosen = self.panel_filter.currentData()
        names = [(p.name, p.id) for p in read_agency_setup(self.ctx).panels]
        shown = [
            (self.panel_filter.itemText(i), self.panel_filter.itemData(i))
            for i in range(1, self.panel_filter.count())
        ]
        if shown == names:
            return
        self.panel_filter.clear()
        self.panel_filter.addItem("All panels", None)
        for name, panel_id in names:
            self.panel_filter.addItem(name, panel_id)
        self.panel_filter.setCurrentIndex(max(self.panel_filter.findData(chosen), 0))

    # -- selection ---------------------------------------------------------------------------

    def selected(self) -> MeetingRow | None:
        return next((r for r in self.rows if r.id == self.selected_id), None)

    def select_meeting(self, meeting_id: int) -> None:
        """Select a sitting (showing its month) as if the user had clicked it."""
        row = next((r for r in self.rows if r.id == meeting_id), None)
        if row is not None and (row.date.year, row.date.month) != (self.year, self.month):
            self.year, self.month = row.date.year, row.date.month
            self.refresh()
        self._select(meeting_id)

    def _select(self, meeting_id: int | None) -> None:
        self.selected_id = meeting_id
        self.roster.show_meeting(meeting_id)
        self._reselect()
        self._update_buttons()

    def _reselect(self) -> None:
        row = self.selected()
        if row is None:
            self.day_choice.hide()
            return
        for i in range(self.list_model.rowCount()):
            if self.list_model.row(i).id == row.id and self.list_table.currentIndex().row() != i:
                self.list_table.selectionModel().blockSignals(True)
                self.list_table.selectRow(i)
                self.list_table.selectionModel().blockSignals(False)
        index = self.month_model.index_of(row.date)
        if index.isValid() and self.month_table.currentIndex() != index:
            self.month_table.selectionModel().blockSignals(True)
            self.month_table.setCurrentIndex(index)
            self.month_table.selectionModel().blockSignals(False)
        same_day = [r for r in self.rows if r.date == row.date]
        self.day_choice.clear()
        for r in same_day:
            self.day_choice.addItem(f"{r.panel} {r.start:%H:%M} ({r.quorum_badge})", r.id)
        self.day_choice.setCurrentIndex(max(self.day_choice.findData(row.id), 0))
        self.day_choice.setVisible(len(same_day) > 1)

    def _month_cell_chosen(self, index: QModelIndex, _previous: QModelIndex) -> None:
        sittings: list[MeetingRow] = index.data(SITTINGS_ROLE) or []
        self._select(sittings[0].id if sittings else None)

    def _list_row_chosen(self, index: QModelIndex, _previous: QModelIndex) -> None:
        row = index.siblingAtColumn(0).data(ROW_ROLE)
        self._select(row.id if row is not None else None)

    def _update_buttons(self) -> None:
        row = self.selected()
        can = self.ctx.can(Permission.SCHEDULE_MEETINGS)
        live = row is not None and row.status == "scheduled"
        self.move_button.setEnabled(can and live)
        self.cancel_button.setEnabled(can and live)
        self.reinstate_button.setEnabled(can and row is not None and row.status == "cancelled")
        self.reinstate_button.setVisible(row is not None and row.status == "cancelled")

    def _after_change(self) -> None:
        keep = self.selected_id
        self.refresh()
        if keep is not None:
            self._select(keep)

    # -- actions -----------------------------------------------------------------------------

    def cancel_selected(self) -> None:
        row = self.selected()
        if row is None or row.status != "scheduled":
            return
        dialog = CancelSittingDialog(
            row, lambda reason: cancel_meeting(self.ctx, row.id, reason, expected_version=row.version), self
        )
        if dialog.exec():
            flagged = dialog.outcome.flagged_cases
            if flagged:
                messages.messenger.info(
                    self,
                    "Sitting cancelled",
                    f"{len(flagged)} cases are flagged to re-book: {', '.join(flagged)}.",
                )
            self._after_change()

    def move_selected(self) -> None:
        row = self.selected()
        if row is None or row.status != "scheduled":
            return

        def submit(day: date, start: time, reason: str, rebook: bool) -> object:
            return move_meeting(
                self.ctx,
                row.id,
                day,
                reason,
                new_start=start,
                expected_version=row.version,
                rebook_cases=rebook,
            )

        dialog = MoveSittingDialog(row, submit, self)
        if dialog.exec():
            self._after_change()
            self.select_meeting(row.id)

    def reinstate_selected(self) -> None:
        row = self.selected()
        if row is None or row.status != "cancelled":
            return
        try:
            reinstate_meeting(self.ctx, row.id, expected_version=row.version)
        except ServiceError as exc:
            messages.messenger.error(self, "Reinstate sitting", str(exc))
        self._after_change()

    def generate(self) -> None:
        start = date(self.year, self.month, 1)
        end = month_end(*month_after(self.year, self.month, 11))
        dialog = GenerateDialog(start, end, lambda s, e: (s, e), self)
        if not dialog.exec():
            return
        first, last = dialog.outcome
        self.generate_button.setEnabled(False)
        self._job = (
            ServiceOp(
                self,
                self.ctx,
                lambda ctx, _progress: generate_meetings(ctx, first, last),
                error_title="Generate sittings",
            )
            .success(self._generated)
            .failure(lambda _error: self._enable_generate())
            .changes("calendar")
            .run_in_background()
        )

    def _enable_generate(self) -> None:
        self.generate_button.setEnabled(self.ctx.can(Permission.SCHEDULE_MEETINGS))

    def _generated(self, report: GenerateReport) -> None:
        self._enable_generate()
        messages.messenger.info(self, "Sittings generated", "\n".join(report.lines()))
        self.refresh()

    def export_ics(self, which: str) -> None:
        from panelapp.services.sittings import export_calendar

        row = self.selected()
        if which != "all" and row is None:
            messages.messenger.info(self, "Calendar file", "Choose a sitting first.")
            return
        suggested = {
            "sitting": "sitting.ics",
            "panel": f"{row.panel if row else 'panel'}.ics",
            "all": "panels.ics",
        }
        path, _ = QFileDialog.getSaveFileName(
            self, "Save calendar file", suggested[which], "Calendar files (*.ics)"
        )
        if not path:
            return
        try:
            out, count = export_calendar(
                self.ctx,
                Path(path),
                panel=row.panel if which == "panel" and row else None,
                meeting_id=row.id if which == "sitting" and row else None,
            )
        except (ServiceError, OSError) as exc:
            messages.messenger.error(self, "Calendar file", str(exc))
            return
        messages.messenger.info(self, "Calendar file", f"{count} sittings saved to {out}.")
