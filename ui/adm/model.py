"""The tracker's tree: one branch per group (overdue, due today, ...), one row per deadline item."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView

from panelapp.domain.deadlines import DeadlineKind, TrackerGroup
from panelapp.domain.periods import uk_date
from panelapp.domain.vocab import AdmDecision
from panelapp.services.adm import AdmTracker, CaseClocks, TrackerCase, TrackerItem

CASE_ROLE = Qt.ItemDataRole.UserRole + 1  # the TrackerCase (or CaseClocks) of a row
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2  # the TrackerItem (None on "minutes not sent" rows)
GROUP_ROLE = Qt.ItemDataRole.UserRole + 3  # the group key of a branch row

COLUMNS = ("Due", "Deadline", "Reference", "Case type", "ADM", "Local authority", "Heard on", "Note")
AWAITING_MINUTES = "awaiting_minutes"

# Display order; "minutes not sent" sits before the done items: it needs doing.
GROUP_ORDER: tuple[tuple[str, str], ...] = (
    (TrackerGroup.OVERDUE.value, "Overdue"),
    (TrackerGroup.DUE_TODAY.value, "Due today"),
    (TrackerGroup.DUE_THIS_WEEK.value, "Due this week"),
    (TrackerGroup.LATER.value, "Later"),
    (AWAITING_MINUTES, "Minutes not yet sent to the ADM"),
    (TrackerGroup.DONE.value, "Done in the last four weeks"),
)
OVERDUE_COLOUR = QColor("#c53030")


def item_note(item: TrackerItem, as_of: date) -> str:
    case, deadline = item.case, item.deadline
    closed = deadline.closed_on(as_of)
    history = case.history if isinstance(case, TrackerCase) else ""
    if closed is not None:
        if deadline.kind.is_window and deadline.done_on is None:
            return f"Window closed {uk_date(closed)}: nothing recorded"
        done = f"Done {uk_date(closed)}" + (" (late)" if deadline.late else "")
        return f"{history} ({done})" if history and deadline.kind is DeadlineKind.ADM_DECISION else done
    if isinstance(case, CaseClocks):
        return _clock_note(case, item)
    if deadline.kind is DeadlineKind.ADM_DECISION:
        if case.decision is AdmDecision.FURTHER_INFO and case.decided_on:
            return f"{history}: record when it was provided"
        started = f"Minutes sent {uk_date(deadline.starts_on)}"
        if history:
            started = f"{history}; clock restarted {uk_date(deadline.starts_on)}"
        if case.minutes_state and case.minutes_state != "final":
            return f"{started} (minutes {case.minutes_state.replace('_', ' ')})"
        return started
    if deadline.kind is DeadlineKind.REPRESENTATIONS:
        return f"Determination sent {uk_date(deadline.starts_on)}: representations or IRM until the due date"
    if deadline.kind is DeadlineKind.FINAL_DECISION:
        return f"Re-hearing's recommendation received {uk_date(deadline.starts_on)}"
    return f"{case.decision.label} on {uk_date(deadline.starts_on)}"


def _clock_note(case: CaseClocks, item: TrackerItem) -> str:
    start = uk_date(item.deadline.starts_on)
    if item.kind is DeadlineKind.PAR_COMMENTS:
        return case.warning or f"Report sent to the applicants {start}"
    if item.kind is DeadlineKind.STAGE_TWO_DECISION:
        return f"Stage two started {start}"
    return f"Approved or last reviewed {start}; no child placed"


def _cells(case: TrackerCase | CaseClocks, due: str, kind: str, note: str) -> list[QStandardItem]:
    texts = [
        due,
        kind,
        case.reference,
        case.case_type.label,
        case.adm_name,
        case.local_authority,
        uk_date(case.heard_on) if case.heard_on else "",
        note,
    ]
    cells = [QStandardItem(text) for text in texts]  # read-only: TrackerModel.flags
    cells[0].setData(case, CASE_ROLE)  # the view reads a row's case from its first column
    if case.panel:
        cells[6].setToolTip(f"Heard by {case.panel}")
    cells[7].setToolTip(note)
    return cells


class TrackerModel(QStandardItemModel):
    """The tracker's rows, read-only: one flags() per painted cell costs less than
    setEditable(False) on each of a national agency's ~10,000 cells at every load."""

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return super().flags(index) & ~Qt.ItemFlag.ItemIsEditable


def build_model(model: QStandardItemModel, tracker: AdmTracker) -> dict[str, int]:
    """Fill `model` from the tracker; returns how many rows each group has."""
    model.clear()
    model.setHorizontalHeaderLabels(list(COLUMNS))
    rows: dict[str, list[list[QStandardItem]]] = {key: [] for key, _ in GROUP_ORDER}
    red = QBrush(OVERDUE_COLOUR)
    for item in tracker.items:
        if item.group.value not in rows:
            continue  # archived: done long ago
        cells = _cells(item.case, uk_date(item.due), item.kind.label, item_note(item, tracker.as_of))
        cells[0].setData(item, ITEM_ROLE)
        if item.group is TrackerGroup.OVERDUE or (
            isinstance(item.case, CaseClocks) and item.case.warning and item.kind.is_window
        ):
            for cell in cells:
                cell.setForeground(red)
        cells[0].setToolTip(f"{item.kind.label}: {item.status.value}")
        rows[item.group.value].append(cells)
    for case in tracker.awaiting_minutes:
        note = f"Minutes {case.minutes_state.replace('_', ' ')}" if case.minutes_state else "No minutes yet"
        rows[AWAITING_MINUTES].append(_cells(case, "", "Minutes to the ADM", note))
    bold = QFont()
    bold.setBold(True)
    counts = {}
    for key, label in GROUP_ORDER:
        counts[key] = len(rows[key])
        branch = QStandardItem(f"{label} ({counts[key]})")
        branch.setFont(bold)
        branch.setData(key, GROUP_ROLE)
        branch.setAccessibleText(f"{label}: {counts[key]} items")
        if key == TrackerGroup.OVERDUE.value and counts[key]:
            branch.setForeground(QBrush(OVERDUE_COLOUR))
        for cells in rows[key]:
            branch.appendRow(cells)
        filler = [QStandardItem("") for _ in COLUMNS[1:]]
        model.appendRow([branch, *filler])
    return counts


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their texts wrapped at their column's width: QTreeView's own word wrap
    keeps one line per row, so a long note ended in "A…" (issue 20)."""

    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        text = str(index.data() or "")
        if not text or (index.column() == 0 and self.tree.isFirstColumnSpanned(index.row(), index.parent())):
            return hint
        style = self.tree.style()
        margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.tree) + 1)
        room = max(1, self.tree.columnWidth(index.column()) - margin)
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = QFontMetrics(font) if isinstance(font, QFont) else option.fontMetrics
        wrapped = metrics.boundingRect(QRect(0, 0, room, 10_000), Qt.TextFlag.TextWordWrap, text)
        return QSize(hint.width(), max(hint.height(), wrapped.height() + 4))
