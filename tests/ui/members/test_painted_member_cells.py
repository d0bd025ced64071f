"""The members table's own cell painter (issue 21) draws what Qt's delegate drew: the same
colours, the text where Qt put it, elided as Qt elides. Checked on the pixels of the table
rendered both ways, cell by cell."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from panelapp.services.context import ServiceContext
from tests.ui.members.support import open_members_view
from ui.members.cell_delegate import MemberCellDelegate
from ui.members.model import COLUMNS, RIGHT_ALIGNED
from ui.members.view import MembersView


@pytest.fixture
def view(qtbot: QtBot, demo_ctx: ServiceContext) -> MembersView:
    return open_members_view(qtbot, demo_ctx)


def _render(view: MembersView) -> QImage:
    view.table.viewport().update()
    QApplication.processEvents()
    return view.table.viewport().grab().toImage()


def _cell(view: MembersView, row: int, column: int) -> QRect:
    return view.table.visualRect(view.proxy.index(row, column))


def _ink(image: QImage, rect: QRect, paper: QColor) -> tuple[int, int] | None:
    """The leftmost and rightmost columns of pixels unlike the cell's background, if any."""
    xs = [
        x
        for x in range(rect.left() + 1, rect.right() - 1)
        for y in range(rect.top() + 2, rect.bottom() - 1)
        if abs(QColor(image.pixel(x, y)).lightness() - paper.lightness()) > 60
    ]
    return (min(xs), max(xs)) if xs else None


def _cells_on_screen(view: MembersView) -> list[tuple[int, int]]:
    rows = min(view.proxy.rowCount(), view.table.viewport().height() // view.table.rowHeight(0))
    return [(r, c) for r in range(rows) for c in range(len(COLUMNS))]


def test_the_table_uses_its_own_painter(view: MembersView) -> None:
    assert isinstance(view.table.itemDelegate(), MemberCellDelegate)


def test_each_cell_has_its_text_where_qt_put_it(view: MembersView) -> None:
    ours = _render(view)
    view.table.setItemDelegate(QStyledItemDelegate(view.table))
    qts = _render(view)
    compared = 0
    for row, column in _cells_on_screen(view):
        rect = _cell(view, row, column)
        paper = QColor(qts.pixel(rect.left() + 1, rect.top() + 1))
        expected, got = _ink(qts, rect, paper), _ink(ours, rect, paper)
        assert (expected is None) == (got is None), (row, COLUMNS[column].header)
        if expected is None or got is None:
            continue
        edge = 1 if RIGHT_ALIGNED[column] else 0  # the side the text is aligned to
        assert abs(expected[edge] - got[edge]) <= 2, (row, COLUMNS[column].header, expected, got)
        assert abs((expected[1] - expected[0]) - (got[1] - got[0])) <= 3, (row, COLUMNS[column].header)
        compared += 1
    assert compared > 100  # most of the demo's cells on screen hold text


def test_backgrounds_grey_and_the_selected_row_are_painted_as_the_model_says(view: MembersView) -> None:
    model = view.proxy.members_model()
    rows = view.proxy.rows()
    coloured = next(
        (r, c)
        for r, row in enumerate(rows)
        for c in range(len(COLUMNS))
        if model.cells(row).backgrounds[c] is not None
    )
    view.table.selectRow(1 if coloured[0] == 0 else 0)
    image = _render(view)
    rect = _cell(view, *coloured)
    brush = model.cells(rows[coloured[0]]).backgrounds[coloured[1]]
    assert brush is not None
    assert QColor(image.pixel(rect.left() + 1, rect.bottom() - 1)) == brush.color()
    selected = _cell(view, view.table.currentIndex().row(), 0)
    highlight = view.table.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    inactive = view.table.palette().color(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Highlight)
    assert QColor(image.pixel(selected.left() + 1, selected.bottom() - 1)) in (highlight, inactive)


def test_a_long_text_is_cut_with_an_ellipsis_as_qt_cuts_it(view: MembersView) -> None:
    view.table.setColumnWidth(0, 60)
    delegate = view.table.itemDelegate()
    assert isinstance(delegate, MemberCellDelegate)
    option = QStyleOptionViewItem()
    view.table.initViewItemOption(option)
    name = view.proxy.row(0).name
    shown = delegate.shown_text(option, name, 60)
    assert shown.endswith("…") and len(shown) < len(name)
    margin = delegate.text_margin(option)
    assert shown == option.fontMetrics.elidedText(name, Qt.TextElideMode.ElideRight, 60 - 2 * margin)


def test_a_new_palette_repaints_the_selection_and_the_text_in_its_colours(view: MembersView) -> None:
    """The painter keeps each state's colours between paints: a theme or high-contrast
    change (a new palette) must reach the very next paint, and a disabled table greys."""
    view.table.selectRow(0)
    _render(view)  # the old palette's colours are now remembered
    palette = QPalette(view.table.palette())
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Highlight, QColor(200, 30, 30))
    view.table.setPalette(palette)
    image = _render(view)
    selected = _cell(view, 0, 0)
    assert QColor(image.pixel(selected.left() + 1, selected.bottom() - 1)) == QColor(200, 30, 30)
    view.table.setEnabled(False)
    image = _render(view)
    disabled = view.table.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Highlight)
    assert QColor(image.pixel(selected.left() + 1, selected.bottom() - 1)) == disabled
