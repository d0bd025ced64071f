"""The central list as a Qt table model over plain MemberRow data (no ORM objects)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
)
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
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_SORT = int(SORT_ROLE)
_ROW = int(ROW_ROLE)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LOOKED_UP = frozenset({_TOOLTIP, _SORT, _ROW})
_ALIGNMENTS: tuple[int | None, ...] = tuple(_RIGHT if c.align_right else None for c in COLUMNS)
RIGHT_ALIGNED: tuple[bool, ...] = tuple(c.align_right for c in COLUMNS)


class Cells(NamedTuple):
    """What one row shows, worked out once (when the row is first painted), so that painting
    a cell is a tuple lookup: no f-string, date format or QBrush made per call."""

    texts: tuple[str, ...]
    backgrounds: tuple[QBrush | None, ...]
    foreground: QBrush | None


def _background(state: Compliance) -> QBrush | None:
    if state.needs_action:
        return OVERDUE_BG
    return DUE_SOON_BG if state == Compliance.DUE_SOON else None


def make_cells(row: MemberRow) -> Cells:
    return Cells(
        tuple(display(c.value(row)) for c in COLUMNS),
        tuple(None if c.state is None else _background(c.state(row)) for c in COLUMNS),
        LEFT_FG if row.status == "left" else None,
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
    """Every member of the list, in the chosen order. The table shows them through
    `MembersFilterProxy`, which paints from this model's per-row cache (`fill`, `cell`)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[MemberRow] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._cells: dict[int, Cells] = {}  # by member id, made when the row is first shown

    def set_rows(self, rows: Sequence[MemberRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._cells = {}
        if self._sort is not None:
            column, order = self._sort
            self._rows.sort(key=sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here in one Python pass (keys computed once per row by list.sort)."""
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
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section].header
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if 0 <= row < len(self._rows):  # an invalid index has row -1
            return self.cell(self._rows[row], index.column(), role)
        return None

    def multiData(self, index: AnyIndex, span: QModelRoleDataSpan | QModelRoleData) -> None:
        row = index.row()
        if 0 <= row < len(self._rows):
            self.fill(self._rows[row], index.column(), span)

    def fill(self, row: MemberRow, column: int, span: QModelRoleDataSpan | QModelRoleData) -> None:
        """All the roles a painted cell asks for, in one call from Qt (the item delegate asks
        through multiData) instead of one Python call per role; unanswered roles are cleared."""
        if not 0 <= column < len(COLUMNS):
            return
        cells = self.cells(row)
        items = (span,) if isinstance(span, QModelRoleData) else cast("Iterable[QModelRoleData]", span)
        for item in items:
            role = item.role()
            if role == _DISPLAY:
                value: Any = cells.texts[column]
            elif role == _BACKGROUND:
                value = cells.backgrounds[column]
            elif role == _FOREGROUND:
                value = cells.foreground
            elif role == _ALIGNMENT:
                value = _ALIGNMENTS[column]
            elif role in _LOOKED_UP:
                value = self.cell(row, column, role)
            else:  # font, decoration, check state...: not used here
                value = None
            if value is None:
                item.clearData()
            else:
                item.setData(value)

    def cells(self, row: MemberRow) -> Cells:
        cells = self._cells.get(row.id)
        if cells is None:
            cells = self._cells[row.id] = make_cells(row)
        return cells

    def cell(self, row: MemberRow, column: int, role: int) -> Any:
        """One cell's value for one role (what `data()` answers; painting goes through `fill`)."""
        if not 0 <= column < len(COLUMNS):
            return None
        if role == _DISPLAY:
            return self.cells(row).texts[column]
        if role == _BACKGROUND:
            return self.cells(row).backgrounds[column]
        if role == _FOREGROUND:
            return self.cells(row).foreground
        if role == _ALIGNMENT:
            return _ALIGNMENTS[column]
        if role == _ROW:
            return row
        if role == _TOOLTIP:
            return (row.email or None) if column == NAME else None
        if role == _SORT:
            return _sort_value(row, column)
        return None


def _sort_value(row: MemberRow, column: int) -> Any:
    """The raw value a generic sorter would order by (the list itself sorts with `sort_key`)."""
    if column == NAME:
        return f"{row.last_name.casefold()} {row.first_name.casefold()}"
    if column == PQE:
        return row.pqe if row.pqe is not None else -1.0
    value = COLUMNS[column].value(row)
    return value.isoformat() if hasattr(value, "isoformat") else (value or "")
