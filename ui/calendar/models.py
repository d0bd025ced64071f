"""Qt models for the Calendar: the month grid, the list of sittings, and a sitting's roster."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from panelapp import clock
from panelapp.domain.periods import MONTH_NAMES, uk_date
from panelapp.domain.vocab import MeetingStatus
from panelapp.domain.workdays import WEEKDAY_NAMES
from panelapp.services.sittings import STATUS_LABELS, MeetingRow, RosterEntry
from ui.shell.table_model import ROW_ROLE, Column

AnyIndex = QModelIndex | QPersistentModelIndex
SITTINGS_ROLE = Qt.ItemDataRole.UserRole + 10  # list[MeetingRow] of a month cell
DATE_ROLE = Qt.ItemDataRole.UserRole + 11

# Light backgrounds with dark text: readable, and never colour alone (the text says it too).
BADGE_COLOURS = {
    "Quorate": "#d7f0dd",
    "Quorate (bare minimum)": "#fcefc7",
    "Not quorate for some cases": "#fcefc7",
    "Not quorate (reg 6)": "#f8d7d7",
    "Below agency's rule": "#fcefc7",
    "Cancelled": "#e2e2e2",
}


# A sitting held or cancelled is history: its own colour, whatever its quorum was.
STATE_COLOURS = {"Held": "#e3ebf5", "Cancelled": "#e2e2e2"}


def sitting_state(row: MeetingRow) -> str:
    """Held, Cancelled, Moved from dd/mm/yyyy, or Scheduled: how the month shows a sitting."""
    if row.status == MeetingStatus.CANCELLED.value:
        return "Cancelled"
    if row.status == MeetingStatus.HELD.value:
        return "Held"
    if row.rule_date is not None and row.rule_date != row.date:
        return f"Moved from {uk_date(row.rule_date)}"
    return "Scheduled"


def badge_colour(row: MeetingRow) -> QColor:
    state = STATE_COLOURS.get(sitting_state(row))
    return QColor(state or BADGE_COLOURS.get(row.quorum_badge, "#ffffff"))


def _cell_line(s: MeetingRow) -> str:
    """Two lines a sitting: panel and time with its state; then its quorum while still to come."""
    state = sitting_state(s)
    mark = {"Held": "✓ Held", "Cancelled": "✗ Cancelled"}.get(state, state)
    second = "" if state in STATE_COLOURS else f"\n  {s.quorum_badge}"
    return f"{s.panel} {s.start:%H:%M} · {mark}{second}"


def month_grid_start(year: int, month: int) -> date:
    """The Monday on or before the 1st: the grid shows six whole weeks from there."""
    first = date(year, month, 1)
    return first - timedelta(days=first.weekday())


def month_title(year: int, month: int) -> str:
    return f"{MONTH_NAMES[month - 1]} {year}"


class MonthModel(QAbstractTableModel):
    """Six weeks by seven days; each cell holds the sittings on that day."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.year, self.month = clock.today().year, clock.today().month
        self._by_day: dict[date, list[MeetingRow]] = {}

    def set_month(self, year: int, month: int, rows: Sequence[MeetingRow]) -> None:
        self.beginResetModel()
        self.year, self.month = year, month
        self._by_day = {}
        for r in rows:
            self._by_day.setdefault(r.date, []).append(r)
        self.endResetModel()

    def day_at(self, index: AnyIndex) -> date:
        return month_grid_start(self.year, self.month) + timedelta(days=index.row() * 7 + index.column())

    def index_of(self, day: date) -> QModelIndex:
        offset = (day - month_grid_start(self.year, self.month)).days
        if not 0 <= offset < 42:
            return QModelIndex()
        return self.index(offset // 7, offset % 7)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return WEEKDAY_NAMES[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        day = self.day_at(index)
        sittings = self._by_day.get(day, [])
        in_month = day.month == self.month
        if role == Qt.ItemDataRole.DisplayRole:
            lines = [str(day.day)]
            lines += [_cell_line(s) for s in sittings]
            return "\n".join(lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            what = "; ".join(
                f"{s.panel} at {s.start:%H:%M}, {sitting_state(s)}, {s.quorum_badge}" for s in sittings
            )
            return f"{uk_date(day)}: {what or 'no sitting'}"
        if role == Qt.ItemDataRole.ToolTipRole and sittings:
            return "\n\n".join(_tooltip(s) for s in sittings)
        if role == Qt.ItemDataRole.BackgroundRole and sittings:
            return QBrush(badge_colour(sittings[0]))
        if (
            role == Qt.ItemDataRole.FontRole
            and sittings
            and all(sitting_state(s) == "Cancelled" for s in sittings)
        ):
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if sittings:
                return QBrush(QColor("#1a202c"))
            if not in_month:
                return QBrush(QColor("#8a8a8a"))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        if role == SITTINGS_ROLE:
            return sittings
        if role == DATE_ROLE:
            return day
        return None


def _tooltip(s: MeetingRow) -> str:
    lines = [f"{s.panel}, {uk_date(s.date)} {s.start:%H:%M}: {s.status.capitalize()}, {s.quorum_badge}"]
    lines += list(s.reasons)
    if s.cases_not_quorate:
        lines.append("Not quorate for: " + ", ".join(s.cases_not_quorate))
    if s.status_reason:
        lines.append(s.status_reason)
    return "\n".join(lines)


def month_after(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1


def month_end(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


LIST_COLUMNS: list[Column[MeetingRow]] = [
    Column("Date", lambda r: r.date),
    Column("Day", lambda r: WEEKDAY_NAMES[r.date.weekday()]),
    Column("Panel", lambda r: r.panel),
    Column("Start", lambda r: r.start),
    Column("Status", lambda r: r.status.capitalize()),
    Column(
        "Quorum",
        lambda r: r.quorum_badge,
        tooltip=lambda r: "\n".join(r.reasons) or r.quorum_badge,
    ),
    Column("Cases", lambda r: r.cases_booked, align_right=True),
    Column("Notes", lambda r: r.status_reason),
]


class RosterModel(QAbstractTableModel):
    """The roster: a "Sitting" checkbox (ticked = expected to sit) then name, role, status, note.

    Unticking records apologies; ticking records the member as invited (before the day)
    or present (on or after it). `attendance_changed(member_id, status)` asks the view to save.
    """

    attendance_changed = Signal(int, str)
    HEADERS = ("Sitting", "Name", "Role", "Attendance", "Fit to sit", "Note")
    FITNESS_COLUMN = 4

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[RosterEntry] = []
        self.sitting_date: date | None = None
        self.editable = True

    def set_rows(self, rows: Sequence[RosterEntry], sitting_date: date, editable: bool) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.sitting_date = sitting_date
        self.editable = editable
        self.endResetModel()

    def entry(self, row: int) -> RosterEntry:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0 and self.editable:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        e = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == 0:
            return Qt.CheckState.Checked if e.sitting else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            cover = " (cover)" if e.is_cover else ""
            fit = f"⚠ {e.fitness}" if e.fitness else "Yes"
            return ("", e.name + cover, e.role_labels, STATUS_LABELS.get(e.status, e.status), fit, e.note)[
                col
            ]
        if role == Qt.ItemDataRole.ToolTipRole and col == self.FITNESS_COLUMN and e.fitness:
            return f"Not fit to sit on this date: {e.fitness}"
        if role == Qt.ItemDataRole.BackgroundRole and col == self.FITNESS_COLUMN and e.fitness:
            return QBrush(QColor(BADGE_COLOURS["Below agency's rule"]))
        if role == Qt.ItemDataRole.AccessibleTextRole and col == 0:
            unfit = f", not fit to sit: {e.fitness}" if e.fitness else ""
            return f"{e.name} {'sitting' if e.sitting else 'not sitting'}{unfit}"
        if role == Qt.ItemDataRole.ForegroundRole and not e.sitting:
            return QBrush(QColor("#8a8a8a"))
        if role == ROW_ROLE:
            return e
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0 or not self.editable:
            return False
        e = self._rows[index.row()]
        ticked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        if ticked == e.sitting:
            return False
        if ticked:
            status = "present" if self.sitting_date and self.sitting_date <= clock.today() else "invited"
        else:
            status = "apologies"
        self.attendance_changed.emit(e.member_id, status)
        return True
