"""Table models of the Cases & Agenda area: the case register and the agenda's slots."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from panelapp.services.cases import AgendaSlot, CaseSummary
from ui.shell.table_model import ROW_ROLE, SORT_ROLE, Column, RowTableModel

AnyIndex = QModelIndex | QPersistentModelIndex
PROBLEM_BACKGROUND = QColor("#fde8e8")
LATE_BACKGROUND = QColor("#fef3c7")
BREAK_BACKGROUND = QColor("#edf2f7")
SLOT_MIME = "application/x-panelapp-agenda-slot"


def _papers_text(row: CaseSummary) -> str:
    parts = []
    if row.missing_papers:
        parts.append(f"{row.missing_papers} missing")
    if row.late_papers:
        parts.append(f"{row.late_papers} late")
    return ", ".join(parts)


def _papers_colour(row: CaseSummary) -> Any:
    return QColor("#c53030") if row.missing_papers else (QColor("#b7791f") if row.late_papers else None)


REGISTER_COLUMNS: list[Column[CaseSummary]] = [
    Column("Reference", lambda r: r.reference),
    Column("Type", lambda r: r.type_label),
    Column("Household", lambda r: r.household),
    Column("Child(ren)", lambda r: r.child_initials),
    Column("Local authority", lambda r: r.local_authority + (f" ({r.locality})" if r.locality else "")),
    Column("Status", lambda r: r.status_label),
    Column("Last sitting", lambda r: r.last_sitting),
    Column("Hearings", lambda r: r.hearings, align_right=True),
    Column("Papers", _papers_text, foreground=_papers_colour),
]


class CaseRegisterModel(RowTableModel[CaseSummary]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(REGISTER_COLUMNS, parent)


class CaseFilterProxy(QSortFilterProxyModel):
    """Search across reference, type, household, children's initials and local authority."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self.setSortRole(SORT_ROLE)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._needle:
            return True
        model = self.sourceModel()
        row: CaseSummary = model.index(source_row, 0, source_parent).data(ROW_ROLE)
        return all(word in row.search_text for word in self._needle.split())


AGENDA_HEADERS = ("Start", "End", "Minutes", "Item", "Type", "Child(ren)", "Chair", "Papers")


class AgendaModel(QAbstractTableModel):
    """The agenda's slots in order. Dragging a row asks for a move; the view calls the service."""

    move_requested = Signal(int, int)  # item id, new index (0 = first)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._slots: list[AgendaSlot] = []

    def set_slots(self, slots: tuple[AgendaSlot, ...]) -> None:
        self.beginResetModel()
        self._slots = list(slots)
        self.endResetModel()

    def slot(self, row: int) -> AgendaSlot:
        return self._slots[row]

    def slots(self) -> list[AgendaSlot]:
        return list(self._slots)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._slots)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(AGENDA_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return AGENDA_HEADERS[section]
        return str(section + 1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._slots):
            return None
        slot = self._slots[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(slot, column)
        if role == ROW_ROLE:
            return slot
        if role == Qt.ItemDataRole.BackgroundRole:
            if not slot.is_case:
                return BREAK_BACKGROUND
            if column == 7 and slot.papers_missing:
                return PROBLEM_BACKGROUND
            if column == 7 and slot.papers_late:
                return LATE_BACKGROUND
        if role == Qt.ItemDataRole.ToolTipRole and column == 7 and slot.paper_problems:
            return "\n".join(slot.paper_problems)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(slot: AgendaSlot, column: int) -> str:
        if column == 0:
            return f"{slot.start:%H:%M}"
        if column == 1:
            return f"{slot.end:%H:%M}"
        if column == 2:
            return str(slot.minutes)
        if column == 3:
            if slot.is_case:
                return f"{slot.reference}" + (f" ({slot.household})" if slot.household else "")
            return slot.title
        if column == 4:
            return slot.case_type_label if slot.is_case else slot.kind_label
        if column == 5:
            return slot.child_initials
        if column == 6:
            return slot.chair_name
        if column == 7:
            parts = []
            if slot.papers_missing:
                parts.append(f"{slot.papers_missing} missing")
            if slot.papers_late:
                parts.append(f"{slot.papers_late} late")
            return ", ".join(parts) if parts else ("All in" if slot.is_case else "")
        return ""

    # -- drag and drop: rows move within the agenda ---------------------------------

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [SLOT_MIME]

    def mimeData(self, indexes: Any) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes})
        if rows:
            data.setData(SLOT_MIME, QByteArray(str(self._slots[rows[0]].item_id).encode()))
        return data

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(SLOT_MIME):
            return False
        item_id = int(bytes(data.data(SLOT_MIME).data()).decode())
        source = next((n for n, s in enumerate(self._slots) if s.item_id == item_id), None)
        if source is None:
            return False
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self._slots))
        if target > source:
            target -= 1  # dropping below itself: the rows above close up first
        if target != source:
            self.move_requested.emit(item_id, target)
        return False  # the service reorders; the model is reloaded from its answer
