"""Paints the members table's cells from the rows' precomputed texts and colours.

Qt's own delegate lays every painted cell's text out again with QTextLayout (~40 µs a cell),
so a keystroke that changed the ~220 cells on screen spent ~10 ms repainting them: with two
busy programs on a two-core laptop that was a quarter of keystrokes over a 16 ms frame (issue
21). Here each cell is a fill and one QStaticText, whose layout is made once per text and
column width and then only drawn. What a cell shows is what the model says (`Cells`: text,
background, grey for a member who has left, right-aligned numbers), elided on the right as
Qt elides, selection in the palette's highlight; tooltips and sizes stay Qt's own.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.members.model import RIGHT_ALIGNED, Cells
from ui.members.proxy import MembersFilterProxy

# Layouts kept between paints: texts × column widths seen; dropped wholesale when this many.
CACHE_LIMIT = 20_000
# As plain ints: a Python enum's `&` cost more than the rest of painting a cell.
_SELECTED = QStyle.StateFlag.State_Selected.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_ENABLED = QStyle.StateFlag.State_Enabled.value


class MemberCellDelegate(QStyledItemDelegate):
    def __init__(self, proxy: MembersFilterProxy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proxy = proxy
        # text, width -> (its layout, its width and height): made once, then only drawn
        self._layouts: dict[tuple[str, int], tuple[QStaticText, float, float]] = {}
        self._font = QFont()  # the font the layouts were made in: another one (a screen's DPI) drops them
        self._margin: int | None = None
        # A cell's state flags -> (the selection's fill or None, the text's colour), for the palette
        # whose cache key is kept: asking the palette costs more than drawing the text.
        self._looks: dict[int, tuple[QBrush | None, QColor]] = {}
        self._palette_key = -1
        if parent is not None:
            # Let the layouts go with the table, on the GUI thread: left to the cycle collector,
            # they could be freed on a worker thread, and a QStaticText's font data may not be
            # (a test that closed a members view crashed the next background job).
            layouts = self._layouts
            parent.destroyed.connect(lambda *_args: layouts.clear())

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        # The table paints whole rows itself (`MembersTable.paintEvent`); this is for anything
        # else that asks the delegate for one cell (Qt's own paintEvent, a drag's pixmap).
        row = index.row()
        shown = self.proxy.rows()
        if not 0 <= row < len(shown):
            return
        rect = option.rect
        cells = self.proxy.members_model().cells(shown[row])
        columns = ((index.column(), rect.left(), rect.width()),)
        self.paint_row(painter, option, cells, option.state.value, rect.top(), rect.height(), columns)

    def paint_row(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        cells: Cells,
        state: int,
        top: int,
        height: int,
        columns: Sequence[tuple[int, int, int]],
    ) -> None:
        """One row's cells, each (column, left, width) of `columns`, `height` pixels from `top`,
        in a cell state (`QStyle.StateFlag` as an int): as Qt's delegate paints them."""
        # Called for every row on screen at each repaint (~25 after a keystroke): kept to a
        # few calls into Qt per cell, everything else looked up once and remembered.
        palette = option.palette
        if palette.cacheKey() != self._palette_key:
            self._looks.clear()
            self._palette_key = palette.cacheKey()
        look = self._looks.get(state)
        if look is None:
            look = self._looks[state] = _look(palette, state)
        fill, pen = look
        if fill is None and cells.foreground is not None:
            pen = cells.foreground.color()
        painter.setPen(pen)
        margin = self._margin if self._margin is not None else self.text_margin(option)
        self._keep_font(option)
        layouts, lay_out = self._layouts, self._lay_out
        texts, backgrounds = cells.texts, cells.backgrounds
        for column, left, width in columns:
            background = fill if fill is not None else backgrounds[column]
            if background is not None:
                painter.fillRect(left, top, width, height, background)
            text = texts[column]
            if not text:
                continue
            room = width - 2 * margin
            made = layouts.get((text, room)) or lay_out(option, text, room)
            layout, text_width, text_height = made
            x = left + width - margin - text_width if RIGHT_ALIGNED[column] else left + margin
            painter.drawStaticText(QPointF(x, top + (height - text_height) / 2), layout)

    def text_margin(self, option: QStyleOptionViewItem) -> int:
        """The gap Qt's own delegate leaves each side of a cell's text (asked of the style once)."""
        if self._margin is None:
            widget = option.widget
            style = widget.style() if widget is not None else None
            frame = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) if style else 2
            self._margin = frame + 1
        return self._margin

    def text_layout(
        self, option: QStyleOptionViewItem, text: str, width: int
    ) -> tuple[QStaticText, float, float]:
        """The text laid out (elided to `width`) with its size, made once per text and width."""
        self._keep_font(option)
        return self._layouts.get((text, width)) or self._lay_out(option, text, width)

    def _keep_font(self, option: QStyleOptionViewItem) -> None:
        """Layouts are made in one font: another one (a screen's DPI, a setting) drops them."""
        font = option.font
        if font != self._font:
            self._layouts.clear()
            self._font = QFont(font)

    def _lay_out(
        self, option: QStyleOptionViewItem, text: str, width: int
    ) -> tuple[QStaticText, float, float]:
        if len(self._layouts) >= CACHE_LIMIT:
            self._layouts.clear()
        layout = QStaticText(option.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, width))
        layout.setTextFormat(Qt.TextFormat.PlainText)
        layout.prepare(font=self._font)
        size = layout.size()
        made = self._layouts[text, width] = (layout, size.width(), size.height())
        return made

    def shown_text(self, option: QStyleOptionViewItem, text: str, width: int) -> str:
        """The text a cell of `width` pixels shows (for tests and accessibility checks)."""
        return self.text_layout(option, text, width - 2 * self.text_margin(option))[0].text()


def _look(palette: QPalette, state: int) -> tuple[QBrush | None, QColor]:
    """As Qt's delegate colours a cell in this state: the colour group from enabled / active, the
    highlight and its text when selected, else no fill and the palette's text colour."""
    group = (
        QPalette.ColorGroup.Disabled
        if not state & _ENABLED
        else QPalette.ColorGroup.Active
        if state & _ACTIVE
        else QPalette.ColorGroup.Inactive
    )
    if state & _SELECTED:
        return palette.brush(group, QPalette.ColorRole.Highlight), palette.color(
            group, QPalette.ColorRole.HighlightedText
        )
    return None, palette.color(group, QPalette.ColorRole.Text)
