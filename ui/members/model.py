"""The central list as a Qt table model over plain MemberRow data (no ORM objects)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from panelapp.domain.membership import Compliance
from panelapp.services.members import MemberRow
from ui.shell.table_model import ROW_ROLE, SORT_ROLE, display

AnyIndex = QModelIndex | QPersistentModelIndex
OVERDUE_BG = QBrush(QColor("#fed7d7"))
DUE_SOON_BG = QBrush(QColor("#fefcbf"))
LEFT_FG = QBrush(QColor("#718096"))


@dataclass(frozen=True)
class MemberColumn:
    header: str
    value: Callable[[MemberRow], Any]
    state: Callable[[MemberRow], Compliance] | None = None  # colours the cell as a badge
    align_right: bool = False


def _pqe(row: MemberRow) -> str:
    return "" if row.pqe is None else f"{row.pqe:.1f}"


COLUMNS: tuple[MemberColumn, ...] = (
    MemberColumn("Name", lambda r: r.name),
    MemberColumn("Roles", lambda r: r.roles_text),
    MemberColumn("Panels", lambda r: ", ".join(r.panels)),
    MemberColumn("Status", lambda r: r.status_text),
    MemberColumn("PQE", _pqe, align_right=True),
    MemberColumn("DBS due", lambda r: r.dbs_due, state=lambda r: r.dbs_state),
    MemberColumn("Appraisal due", lambda r: r.appraisal_due, state=lambda r: r.appraisal_state),
    MemberColumn("Needs attention", lambda r: r.compliance_text, state=lambda r: _worst(r)),
)
NAME, ROLES, PANELS, STATUS, PQE, DBS, APPRAISAL, ATTENTION = range(len(COLUMNS))
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ROLES_ANSWERED = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ToolTipRole,
        SORT_ROLE,
        ROW_ROLE,
    }
)


def sort_key(column: int) -> Callable[[MemberRow], Any]:
    """A key for list.sort: names by surname, PQE as a number, dates as dates (blank first)."""
    if column == NAME:
        return lambda r: (r.last_name.casefold(), r.first_name.casefold(), r.id)
    if column == PQE:
        return lambda r: (r.pqe if r.pqe is not None else -1.0, r.last_name.casefold())
    value = COLUMNS[column].value

    def key(row: MemberRow) -> Any:
        v = value(row)
        if v is None or isinstance(v, date):
            return ((v or date.min).toordinal(), row.last_name.casefold())
        return (str(v).casefold(), row.last_name.casefold())

    return key


def _worst(row: MemberRow) -> Compliance:
    if row.overdue_count:
        return Compliance.OVERDUE
    if row.due_soon_count:
        return Compliance.DUE_SOON
    return Compliance.OK


class MembersTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[MemberRow] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._texts: dict[int, tuple[str, ...]] = {}  # display text per member, made when first shown

    def set_rows(self, rows: Sequence[MemberRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = {}
        if self._sort is not None:
            column, order = self._sort
            self._rows.sort(key=sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here in one Python pass (the proxy does not sort: see MembersFilterProxy.sort)."""
        if not 0 <= column < len(COLUMNS):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(self._rows[i.row()].id, i.column()) for i in persistent]
        self._rows.sort(key=sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder)
        position = {r.id: n for n, r in enumerate(self._rows)}
        self.changePersistentIndexList(persistent, [self.index(position[m], c) for m, c in held])
        self.layoutChanged.emit()

    def rows(self) -> list[MemberRow]:
        return self._rows

    def row(self, index: int) -> MemberRow:
        return self._rows[index]

    def row_of(self, member_id: int) -> int:
        for i, r in enumerate(self._rows):
            if r.id == member_id:
                return i
        return -1

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section].header
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Painting asks for ~10 roles per cell; answer the unused ones at once.
        if role not in _ROLES_ANSWERED or not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == _DISPLAY:
            texts = self._texts.get(row.id)
            if texts is None:
                texts = self._texts[row.id] = tuple(display(c.value(row)) for c in COLUMNS)
            return texts[index.column()]
        column = COLUMNS[index.column()]
        if role == SORT_ROLE:
            if index.column() == NAME:
                return f"{row.last_name.casefold()} {row.first_name.casefold()}"
            if index.column() == PQE:
                return row.pqe if row.pqe is not None else -1.0
            value = column.value(row)
            return value.isoformat() if hasattr(value, "isoformat") else (value or "")
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.BackgroundRole and column.state is not None:
            state = column.state(row)
            if state.needs_action:
                return OVERDUE_BG
            if state == Compliance.DUE_SOON:
                return DUE_SOON_BG
        if role == Qt.ItemDataRole.ForegroundRole and row.status == "left":
            return LEFT_FG
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == NAME and row.email:
            return row.email
        return None
