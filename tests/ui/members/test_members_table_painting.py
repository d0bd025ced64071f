"""The members table paints its rows itself (issue 21: one Python call per repaint, not three
per cell). It must paint exactly what Qt's own `QTableView.paintEvent` paints through the
same cell painter: compared pixel for pixel, in the states a user meets."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QImage, QPixmap, QRegion
from pytestqt.qtbot import QtBot

from panelapp.services.context import ServiceContext
from tests.ui.members.support import open_members_view
from ui.members.cell_delegate import MemberCellDelegate
from ui.members.view import MembersView


@pytest.fixture
def view(qtbot: QtBot, demo_ctx: ServiceContext) -> MembersView:
    return open_members_view(qtbot, demo_ctx)


def _render(view: MembersView, whole_rows: bool, region: QRegion | None = None) -> QImage:
    """The viewport as painted one way or the other (only `region` of it when given)."""
    view.table.paints_whole_rows = whole_rows
    viewport = view.table.viewport()
    scale = viewport.devicePixelRatioF()  # device pixels: at 125% the grid lines are where it shows
    pixmap = QPixmap(viewport.size() * scale)
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill()
    viewport.render(pixmap, QPoint(), region if region is not None else QRegion(viewport.rect()))
    view.table.paints_whole_rows = True
    return pixmap.toImage()


def _differing_pixels(view: MembersView, region: QRegion | None = None) -> int:
    ours, qts = _render(view, True, region), _render(view, False, region)
    assert ours.size() == qts.size()
    if ours == qts:  # compared in C++; counted in Python only to report a difference
        return 0
    return sum(
        1 for x in range(ours.width()) for y in range(ours.height()) if ours.pixel(x, y) != qts.pixel(x, y)
    )


def _select_third_row(view: MembersView) -> None:
    view.table.selectRow(2)


def _focus_a_row(view: MembersView) -> None:
    view.table.selectRow(3)
    view.table.setFocus()


def _scroll_down_and_right(view: MembersView) -> None:
    view.table.setColumnWidth(0, 400)  # wider than the viewport has room for: a horizontal scroll
    view.table.horizontalScrollBar().setValue(57)
    view.table.verticalScrollBar().setValue(5)


def _narrow_and_grey_rows(view: MembersView) -> None:
    view.table.setColumnWidth(0, 37)  # names cut with an ellipsis
    view.status_filter.setCurrentIndex(view.status_filter.findData("left"))  # greyed rows


def _disable(view: MembersView) -> None:
    view.table.selectRow(1)
    view.table.setEnabled(False)


def _no_grid(view: MembersView) -> None:
    view.table.setShowGrid(False)
    view.table.selectRow(0)


def _nothing_found(view: MembersView) -> None:
    view.search.setText("no member is called this")


STATES: dict[str, Callable[[MembersView], None]] = {
    "as opened": lambda _view: None,
    "a row selected": _select_third_row,
    "a row current with the focus": _focus_a_row,
    "scrolled down and right": _scroll_down_and_right,
    "narrow column, members who have left": _narrow_and_grey_rows,
    "disabled": _disable,
    "without a grid": _no_grid,
    "nothing found": _nothing_found,
}


@pytest.mark.parametrize("state", STATES)
def test_the_rows_painted_at_once_are_qts_pixels(qtbot: QtBot, view: MembersView, state: str) -> None:
    STATES[state](view)
    qtbot.wait(50)  # the scroll bars shown or hidden, the layout settled
    assert view.table.paints_whole_rows
    assert _differing_pixels(view) == 0


def test_a_repaint_of_part_of_the_table_paints_the_same(view: MembersView) -> None:
    """A selection moving or a scroll repaints strips, not the whole viewport; each strip of a
    region made of separate pieces is painted as Qt paints it, the rest left alone."""
    view.table.selectRow(1)
    height = view.table.rowHeight(0)
    region = QRegion(QRect(0, height, 300, height)) + QRegion(QRect(120, 5 * height + 7, 500, 2 * height))
    assert region.rectCount() == 2
    assert _differing_pixels(view, region) == 0
    painted = _render(view, True, region)
    inside, outside = QPoint(150, 6 * height), QPoint(700, 9 * height)
    assert region.contains(inside) and not region.contains(outside)
    assert painted.pixelColor(outside).name() == "#ffffff"  # left as the pixmap was filled
    assert _render(view, True).pixel(inside) == painted.pixel(inside)


def test_the_table_asks_the_cell_painter_by_rows_not_by_cells(
    view: MembersView, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"paint": 0, "paint_row": 0}
    for name in calls:
        original = getattr(MemberCellDelegate, name)

        def counted(
            self: MemberCellDelegate, *args: object, _name: str = name, _f: object = original
        ) -> None:
            calls[_name] += 1
            _f(self, *args)  # type: ignore[operator]

        monkeypatch.setattr(MemberCellDelegate, name, counted)
    _render(view, True)
    rows = calls["paint_row"]
    rows_on_screen = view.table.viewport().height() // view.table.rowHeight(0) + 1
    assert calls["paint"] == 0 and 0 < rows <= rows_on_screen
    _render(view, False)  # Qt's own paintEvent: one call per cell
    assert calls["paint"] >= rows * 4
