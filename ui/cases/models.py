"""Table models of the Cases & Agenda area: the case register and the agenda's slots."""

from __future__ import annotations

from collections.abc import Sequence
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
from ui.shell.table_model import ROW_ROLE, Column, RowTableModel

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


REGISTER_PAGE = 250  # rows given to the table at a time: a few screenfuls, fetched as it scrolls


class CaseRegisterModel(RowTableModel[CaseSummary]):
    """The register, searched and sorted in Python (one model reset each), handed to the table a
    page at a time (`canFetchMore`/`fetchMore`): Qt asks about the rows it shows, never about
    every case of ten years, and no Python is called per row per filter or sort."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(REGISTER_COLUMNS, parent)
        self._everything: list[CaseSummary] = []
        self._matching: list[CaseSummary] = []
        self._needle: list[str] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: Sequence[CaseSummary]) -> None:
        self._everything = list(rows)
        self._reset()

    def all_rows(self) -> list[CaseSummary]:
        """Every case in the register, fetched into the table or not."""
        return list(self._everything)

    def matching_count(self) -> int:
        return len(self._matching)

    def total_count(self) -> int:
        return len(self._everything)

    def set_search(self, text: str) -> None:
        self._needle = text.strip().lower().split()
        self._reset()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self._reset()

    def _reset(self) -> None:
        rows = [r for r in self._everything if all(w in r.search_text for w in self._needle)]
        if self._sort is not None and 0 <= self._sort[0] < len(REGISTER_COLUMNS):
            column, order = self._sort
            value = REGISTER_COLUMNS[column].value
            # Blanks (no sitting yet) last whichever way; stable, so ties keep the newest first.
            filled = [r for r in rows if value(r) not in (None, "")]
            blank = [r for r in rows if value(r) in (None, "")]
            filled.sort(key=value, reverse=order == Qt.SortOrder.DescendingOrder)
            rows = filled + blank
        self.beginResetModel()
        self._matching = rows
        self._rows = rows[:REGISTER_PAGE]
        self.endResetModel()

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < len(self._matching)

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        start = len(self._rows)
        more = self._matching[start : start + REGISTER_PAGE]
        if not more:
            return
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def fetch_until(self, case_id: int) -> int | None:
        """Fetch pages until the case is in the table; its row, or None when it does not match."""
        where = next((n for n, r in enumerate(self._matching) if r.id == case_id), None)
        while where is not None and where >= len(self._rows):
            self.fetchMore()
        return where


class CaseFilterProxy(QSortFilterProxyModel):
    """Passes the register through unchanged (Qt only, no Python per row): searching and
    sorting are the register model's, so they cover every case, not only the fetched pages."""

    def set_search(self, text: str) -> None:
        source = self.sourceModel()
        if isinstance(source, CaseRegisterModel):
            source.set_search(text)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, CaseRegisterModel):
            source.sort(column, order)


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
