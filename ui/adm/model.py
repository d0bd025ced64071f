"""The tracker's tree: one branch per group (overdue, due today, ...), one row per deadline item."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QFontMetricsF
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView

from panelapp.domain.deadlines import DeadlineKind, DeadlineStatus, TrackerGroup
from panelapp.domain.periods import uk_date
from panelapp.domain.vocab import AdmDecision
from panelapp.services.adm import AdmTracker, CaseClocks, TrackerCase, TrackerItem

CASE_ROLE = Qt.ItemDataRole.UserRole + 1  # the TrackerCase (or CaseClocks) of a row
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2  # the TrackerItem (None on "minutes not sent" rows)
GROUP_ROLE = Qt.ItemDataRole.UserRole + 3  # the group key of a branch row

COLUMNS = ("Due", "Deadline", "Reference", "Case type", "ADM", "Local authority", "Heard on", "Note")
HEARD_ON, NOTE = COLUMNS.index("Heard on"), COLUMNS.index("Note")
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
AnyIndex = QModelIndex | QPersistentModelIndex


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


class TrackerRow(NamedTuple):
    """One row under a group, its texts worked out once at load; Qt asks for them per cell.
    (A named tuple: ~1,250 made at each load, faster than a frozen dataclass.)"""

    texts: tuple[str, ...]  # one per column of COLUMNS
    case: TrackerCase | CaseClocks
    item: TrackerItem | None  # None on "minutes not sent" rows
    red: bool  # overdue, or a window the applicants' comments have not had
    due_tip: str | None  # the first column's tooltip

    def tooltip(self, column: int) -> str | None:
        if column == 0:
            return self.due_tip
        if column == HEARD_ON and self.case.panel:
            return f"Heard by {self.case.panel}"
        if column == NOTE:
            return self.texts[NOTE]
        return None


@dataclass(frozen=True, slots=True)
class GroupRows:
    key: str
    label: str
    rows: tuple[TrackerRow, ...]

    @property
    def heading(self) -> str:
        return f"{self.label} ({len(self.rows)})"


def _texts(case: TrackerCase | CaseClocks, due: str, kind: str, note: str) -> tuple[str, ...]:
    heard = uk_date(case.heard_on) if case.heard_on else ""
    return (due, kind, case.reference, case.case_type.label, case.adm_name, case.local_authority, heard, note)


def tracker_rows(tracker: AdmTracker) -> tuple[GroupRows, ...]:
    """The tracker's rows by group, in GROUP_ORDER."""
    rows: dict[str, list[TrackerRow]] = {key: [] for key, _ in GROUP_ORDER}
    # Enum members' values and labels are properties: read once per member, not per item.
    shown = {group: rows[group.value] for group in TrackerGroup if group.value in rows}
    kinds = {kind: (kind.label, kind.is_window) for kind in DeadlineKind}
    statuses = {status: status.value for status in DeadlineStatus}
    as_of = tracker.as_of
    for item in tracker.items:
        group_rows = shown.get(item.group)
        if group_rows is None:
            continue  # archived: done long ago
        case, deadline = item.case, item.deadline
        kind, is_window = kinds[deadline.kind]
        red = item.group is TrackerGroup.OVERDUE or (
            is_window and isinstance(case, CaseClocks) and bool(case.warning)
        )
        texts = _texts(case, uk_date(deadline.due), kind, item_note(item, as_of))
        group_rows.append(TrackerRow(texts, case, item, red, f"{kind}: {statuses[item.status]}"))
    for case in tracker.awaiting_minutes:
        note = f"Minutes {case.minutes_state.replace('_', ' ')}" if case.minutes_state else "No minutes yet"
        rows[AWAITING_MINUTES].append(
            TrackerRow(_texts(case, "", "Minutes to the ADM", note), case, None, False, None)
        )
    return tuple(GroupRows(key, label, tuple(rows[key])) for key, label in GROUP_ORDER)


# Plain ints: data() compares the role it is asked for against these on every call.
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_EDIT = Qt.ItemDataRole.EditRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_FONT = Qt.ItemDataRole.FontRole.value
_ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole.value
_COLUMN_COUNT = len(COLUMNS)
_HORIZONTAL = Qt.Orientation.Horizontal
_OVERDUE = TrackerGroup.OVERDUE.value
_BRANCH = 0  # internal id of a group's index; a row's is its group's number + 1
_ROW_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
_BRANCH_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled


class TrackerModel(QAbstractItemModel):
    """The tracker's tree, read-only: a branch per group, the rows' texts made once at load and
    handed to Qt per cell it paints (a QStandardItem per cell was ~10,000 objects at national
    scale, ~80 ms at each load)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: tuple[GroupRows, ...] = ()
        self._red = QBrush(OVERDUE_COLOUR)
        self._bold = QFont()
        self._bold.setBold(True)

    def load(self, tracker: AdmTracker) -> dict[str, int]:
        """Show `tracker`; returns how many rows each group has."""
        self.beginResetModel()
        self._groups = tracker_rows(tracker)
        self.endResetModel()
        return {group.key: len(group.rows) for group in self._groups}

    # -- reading, for the view ----------------------------------------------------------

    def groups(self) -> tuple[GroupRows, ...]:
        return self._groups

    def group_index(self, key: str) -> QModelIndex:
        g = next((g for g, group in enumerate(self._groups) if group.key == key), None)
        return QModelIndex() if g is None else self.createIndex(g, 0, _BRANCH)

    def row_index(self, group: int, row: int, column: int = 0) -> QModelIndex:
        return self.createIndex(row, column, group + 1)

    # -- Qt's model ---------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() != _BRANCH or parent.column() != 0:
            return 0
        return len(self._groups[parent.row()].rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return _COLUMN_COUNT

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        # Bounds checked here rather than by hasIndex(), which calls back into Python twice.
        if row < 0 or not 0 <= column < _COLUMN_COUNT:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _BRANCH) if row < len(self._groups) else QModelIndex()
        group = parent.row()
        if parent.internalId() != _BRANCH or parent.column() != 0 or row >= len(self._groups[group].rows):
            return QModelIndex()
        return self.createIndex(row, column, group + 1)

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _BRANCH:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _BRANCH)

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _BRANCH_FLAGS if index.internalId() == _BRANCH else _ROW_FLAGS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == _HORIZONTAL and role in (_DISPLAY, _EDIT) and 0 <= section < _COLUMN_COUNT:
            return COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        group = index.internalId()
        if group == _BRANCH:
            return self._branch_data(self._groups[index.row()], index.column(), role)
        row = self._groups[group - 1].rows[index.row()]
        if role in (_DISPLAY, _EDIT):
            return row.texts[index.column()]
        if role == _FOREGROUND:
            return self._red if row.red else None
        if role == _TOOLTIP:
            return row.tooltip(index.column())
        if index.column() == 0:
            if role == CASE_ROLE:
                return row.case
            if role == ITEM_ROLE:
                return row.item
        return None

    def _branch_data(self, group: GroupRows, column: int, role: int) -> Any:
        if role in (_DISPLAY, _EDIT):
            return group.heading if column == 0 else ""
        if column != 0:
            return None
        if role == _FONT:
            return self._bold
        if role == _FOREGROUND:
            return self._red if group.key == _OVERDUE and group.rows else None
        if role == GROUP_ROLE:
            return group.key
        if role == _ACCESSIBLE:
            return f"{group.label}: {len(group.rows)} items"
        return None


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their texts wrapped at their column's width: QTreeView's own word wrap
    keeps one line per row, so a long note ended in "A…" (issue 20).

    Qt asks for a hint per cell when it sizes the columns and lays out the rows on screen
    (~1,000 a first open at national scale). Laying out each text twice, in Qt's hint and
    again wrapped, took ~60 µs a cell; a plain cell in the view's font now costs one measured
    width, kept per text (the same case types, ADMs and dates recur), and a wrapped height
    only where the text is wider than its column."""

    def __init__(self, tree: QTreeView) -> None:
        super().__init__(tree)
        self.tree = tree
        # Per font: Qt's hint for one line of text, less the text's width (the margins).
        self._one_line: dict[str, _OneLine] = {}
        self._widths: dict[tuple[str, str], int] = {}  # (font, text): horizontal advance
        self._metrics: dict[str, QFontMetricsF] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        text = index.data()
        if not isinstance(text, str) or not text or "\n" in text:
            return super().sizeHint(option, index)
        if index.column() == 0 and self.tree.isFirstColumnSpanned(index.row(), index.parent()):
            return super().sizeHint(option, index)
        if index.data(Qt.ItemDataRole.FontRole) is not None:
            return self._measured_hint(option, index, text)
        font = option.font.key()
        line = self._one_line.get(font)
        if line is None:
            line = self._one_line[font] = self._measure_one_line(option, index, text)
        width = self.text_width(option.font, text, font)
        room = max(1, self.tree.columnWidth(index.column()) - line.margin)
        if width + _ROUNDING < room:  # one line, whatever the rounding of its width
            return QSize(width + line.extra_width, line.height)
        return QSize(
            width + line.extra_width, self._wrapped_height(option.fontMetrics, room, text, line.height)
        )

    def text_width(self, font: QFont, text: str, key: str | None = None) -> int:
        """The text's width in `font` (whole pixels, rounded up as Qt's text layout rounds
        its hint), measured once per text."""
        key = font.key() if key is None else key
        width = self._widths.get((key, text))
        if width is None:
            if len(self._widths) > _WIDTHS_KEPT:
                self._widths.clear()
            metrics = self._metrics.get(key)
            if metrics is None:
                metrics = self._metrics[key] = QFontMetricsF(font)
            width = self._widths[(key, text)] = math.ceil(metrics.horizontalAdvance(text))
        return width

    def margins(self) -> int:
        """Qt's margins either side of a cell's text, in all (QStyle's item view text margin)."""
        style = self.tree.style()
        return 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.tree) + 1)

    def _measure_one_line(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex, text: str
    ) -> _OneLine:
        hint = super().sizeHint(option, index)
        metrics = option.fontMetrics
        one_line = metrics.boundingRect(QRect(0, 0, 10_000, 10_000), Qt.TextFlag.TextWordWrap, text).height()
        return _OneLine(
            extra_width=hint.width() - self.text_width(option.font, text),
            height=max(hint.height(), one_line + 4),
            margin=self.margins(),
        )

    def _measured_hint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex, text: str
    ) -> QSize:
        """Qt's hint, as tall as the text wrapped at its column's width (any font)."""
        hint = super().sizeHint(option, index)
        room = max(1, self.tree.columnWidth(index.column()) - self.margins())
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = QFontMetrics(font) if isinstance(font, QFont) else option.fontMetrics
        return QSize(hint.width(), self._wrapped_height(metrics, room, text, hint.height()))

    @staticmethod
    def _wrapped_height(metrics: QFontMetrics, room: int, text: str, at_least: int) -> int:
        wrapped = metrics.boundingRect(QRect(0, 0, room, 10_000), Qt.TextFlag.TextWordWrap, text)
        return max(at_least, wrapped.height() + 4)


@dataclass(frozen=True, slots=True)
class _OneLine:
    extra_width: int  # Qt's hint's width less the text's
    height: int  # of a row of one line
    margin: int  # the text's margins within its column


_ROUNDING = 2  # px: a width measured in whole pixels may be a fraction under the laid-out one
_WIDTHS_KEPT = 20_000
