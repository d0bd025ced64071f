"""The central list's table view: paints the rows on screen in one Python call per repaint.

Qt's `QTableView.paintEvent` calls into Python three times for every cell it paints: the
model's `rowCount` and `columnCount` (through `index()`) and the delegate's `paint`, with a
style option wrapped for Python each time. For the ~200 cells a keystroke repaints, on a busy
two-core laptop that was most of a 16 ms frame (issue 21). Here the view walks the rows on
screen itself and hands each row to `MemberCellDelegate.paint_row`, then draws the grid as
Qt draws it: the same pixels (a test compares them with Qt's own painting), a fraction of
the calls. Everything else (selection, keys, headers, scrolling, tooltips, accessibility)
stays Qt's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from PySide6.QtCore import QLineF, QModelIndex, QRect
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView, QWidget

from ui.members.cell_delegate import MemberCellDelegate
from ui.members.proxy import MembersFilterProxy

_SELECTED = QStyle.StateFlag.State_Selected.value


class MembersTable(QTableView):
    def __init__(self, proxy: MembersFilterProxy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proxy = proxy
        self.setModel(proxy)
        self.cell_painter = MemberCellDelegate(proxy, self)
        self.setItemDelegate(self.cell_painter)
        # Off: Qt's own paintEvent, cell by cell through the delegate (the tests' reference).
        self.paints_whole_rows = True

    def paintEvent(self, event: QPaintEvent) -> None:
        # Right to left, hidden or moved rows, a delegate swapped in: Qt paints, as it would.
        rows_header = self.verticalHeader()
        if (
            not self.paints_whole_rows
            or self.isRightToLeft()
            or self.itemDelegate() is not self.cell_painter
            or rows_header.sectionsHidden()
            or rows_header.sectionsMoved()
        ):
            super().paintEvent(event)
            return
        shown = self.proxy.rows()
        header = self.horizontalHeader()
        if not shown or header.count() == 0:
            return
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        grid = 1 if self.showGrid() else 0
        columns = self._columns_on_screen(grid)
        # Where the table's cells end, as Qt clips its dirty areas (x and y are the last pixels).
        right = header.length() - header.offset() - 1
        bottom = rows_header.length() - rows_header.offset() - 1
        painter = QPainter(self.viewport())
        try:
            for dirty in cast("Iterable[QRect]", event.region()):  # iterable, though the stubs miss it
                dirty.setBottom(min(dirty.bottom(), bottom))
                dirty.setRight(min(dirty.right(), right))
                if dirty.isValid():
                    self._paint_area(painter, option, dirty, columns, grid)
        finally:
            painter.end()

    def _columns_on_screen(self, grid: int) -> list[tuple[int, int, int]]:
        """(column, left, width of its cell) for each shown column, in the order shown."""
        header = self.horizontalHeader()
        width = self.viewport().width()
        columns = []
        for visual in range(header.count()):
            column = header.logicalIndex(visual)
            if header.isSectionHidden(column):
                continue
            left, size = header.sectionViewportPosition(column), header.sectionSize(column)
            if left + size > 0 and left < width:
                columns.append((column, left, size - grid))
        return columns

    def _paint_area(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        dirty: QRect,
        columns: list[tuple[int, int, int]],
        grid: int,
    ) -> None:
        rows_header = self.verticalHeader()
        top = rows_header.visualIndexAt(dirty.top())
        last = rows_header.visualIndexAt(dirty.bottom())
        if last == -1:
            last = rows_header.count() - 1
        if top == -1 or top > last:
            return
        left, right = dirty.left(), dirty.right()
        here = [c for c in columns if c[1] <= right and c[1] + c[2] + grid > left]
        if not here:
            return
        shown = self.proxy.rows()
        cells_of = self.proxy.members_model().cells
        selection = self.selectionModel()
        base_state = option.state.value & ~_SELECTED
        paint_row = self.cell_painter.paint_row
        lines: list[int] = []  # the y of the grid line under each row
        for row in range(top, last + 1):
            y = rows_header.sectionViewportPosition(row)
            height = rows_header.sectionSize(row) - grid
            cells = cells_of(shown[row])
            if selection is not None and selection.rowIntersectsSelection(row, QModelIndex()):
                # Selected cell by cell, as Qt asks (a whole row, with this table's selection).
                for column in here:
                    state = base_state
                    if selection.isSelected(self.proxy.index(row, column[0])):
                        state |= _SELECTED
                    paint_row(painter, option, cells, state, y, height, (column,))
            else:
                paint_row(painter, option, cells, base_state, y, height, here)
            lines.append(y + height)
        if grid:
            first_y = rows_header.sectionViewportPosition(top)
            self._paint_grid(
                painter, option, dirty, (first_y, lines), (here[0][1], [x + w for _c, x, w in here])
            )

    def _paint_grid(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        dirty: QRect,
        rows: tuple[int, list[int]],
        columns: tuple[int, list[int]],
    ) -> None:
        """The lines under each row and right of each column, as QTableView draws them; `rows`
        and `columns` are the first row's top and first column's left, and each line's place."""
        style = self.style()
        colour = QColor.fromRgba(
            style.styleHint(QStyle.StyleHint.SH_Table_GridLineColor, option, self) & 0xFFFFFFFF
        )
        painter.setPen(QPen(colour, 1, self.gridStyle()))
        (first_top, under_rows), (first_left, right_of_columns) = rows, columns
        for y in under_rows:
            painter.drawLine(QLineF(dirty.left(), y, dirty.right(), y).translated(0.5, 0.5))
        for x in right_of_columns:
            painter.drawLine(QLineF(x, dirty.top(), x, dirty.bottom()).translated(0.5, 0.5))
        if style.styleHint(QStyle.StyleHint.SH_Table_AlwaysDrawLeftTopGridLines, option, self):
            if self.horizontalHeader().isHidden() and first_top == 0:
                painter.drawLine(dirty.left(), 0, dirty.right(), 0)
            if self.verticalHeader().isHidden() and first_left == 0:
                painter.drawLine(0, dirty.top(), 0, dirty.bottom())
