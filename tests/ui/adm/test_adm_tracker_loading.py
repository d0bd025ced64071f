"""The ADM tracker loads cheaply (issue 21): read-only cells without a call per cell, columns
sized from the rows on screen, and a second open that does not reload."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QStyle, QTreeView
from pytestqt.qtbot import QtBot

from panelapp.domain.vocab import CaseType
from panelapp.services.context import ServiceContext
from tests.services.adm.test_adm_tracker import add_heard_case
from tests.ui.adm.test_adm_tracker_view import make_view
from ui.adm.model import CASE_ROLE, COLUMNS
from ui.adm.view import SIZE_FROM_ROWS, WRAP_WIDTH, WRAPPED
from ui.shell.main_window import MainWindow


def test_no_cell_of_the_tracker_can_be_edited(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    add_heard_case(demo_ctx, CaseType.APPROVAL)
    view = make_view(qtbot, demo_ctx)
    model = view.model
    seen = 0
    for group in range(model.rowCount()):
        branch = model.index(group, 0)
        assert not model.flags(branch) & Qt.ItemFlag.ItemIsEditable
        for row in range(model.rowCount(branch)):
            for column in range(model.columnCount(branch)):
                flags = model.flags(model.index(row, column, branch))
                assert flags & Qt.ItemFlag.ItemIsSelectable and not flags & Qt.ItemFlag.ItemIsEditable
                seen += 1
            assert model.index(row, 0, branch).data(CASE_ROLE) is not None  # what the view reads
    assert seen


def test_the_tracker_model_passes_qts_model_tester(
    qtbot: QtBot, demo_ctx: ServiceContext, qtmodeltester: object
) -> None:
    add_heard_case(demo_ctx, CaseType.APPROVAL)
    view = make_view(qtbot, demo_ctx)
    qtmodeltester.check(view.model)  # type: ignore[attr-defined]


def test_columns_are_sized_from_a_bounded_number_of_rows(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    """Even after a header state saved by an earlier version (Qt's default of 1,000 rows)."""
    view = make_view(qtbot, demo_ctx)
    view.tree.header().setResizeContentsPrecision(1000)
    view.refresh()
    assert view.tree.header().resizeContentsPrecision() == SIZE_FROM_ROWS


def test_columns_are_as_wide_as_their_texts(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    """Widths measured from the texts before the rows are laid out: each short column shows its
    texts whole, the wordy ones at most WRAP_WIDTH (their texts wrap), the due dates whole
    beside the branches' indentation."""
    add_heard_case(demo_ctx, CaseType.APPROVAL)
    view = make_view(qtbot, demo_ctx)
    tree, model = view.tree, view.model
    metrics = QFontMetricsF(tree.font())  # rounded up, as Qt's text layout rounds its hint

    def width(text: str) -> int:
        return math.ceil(metrics.horizontalAdvance(text))

    margins = 2 * (tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1)
    rows = [row for group in model.groups() for row in group.rows]
    assert len(rows) > 20
    header = tree.header()
    for column in range(1, len(COLUMNS) - 1):
        widest = max(width(row.texts[column]) for row in rows[:SIZE_FROM_ROWS]) + margins
        wanted = max(widest, header.sectionSizeHint(column))
        if column in WRAPPED:
            assert tree.columnWidth(column) == min(wanted, WRAP_WIDTH)
        elif header.visualIndex(column) < len(COLUMNS) - 1:
            assert tree.columnWidth(column) == wanted
        else:  # the last one shown stretches to the window's edge
            assert tree.columnWidth(column) >= wanted
    due = max(width(row.texts[0]) for row in rows)
    assert 2 * tree.indentation() + due <= tree.columnWidth(0)


def _row_heights(tree: QTreeView) -> list[int]:
    model = tree.model()
    heights = []
    for group in range(model.rowCount()):
        branch = model.index(group, 0)
        heights += [
            tree.visualRect(model.index(row, 1, branch)).height() for row in range(model.rowCount(branch))
        ]
    return heights


def test_a_first_open_lays_every_row_out_at_the_columns_widths(
    qtbot: QtBot, demo_ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened from the navigation at a laptop's size, the tracker's rows are as tall as their
    texts wrapped in their columns, to the last one: the rows at the end of the list were
    measured before the columns had their widths, and kept heights of two or three lines for
    one (seen after scrolling to the end)."""
    monkeypatch.setenv("PANELAPP_NO_WARM_UP", "1")
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    qtbot.waitExposed(window)
    view = window.show_view("adm")
    qtbot.wait(50)
    tree = view.tree  # type: ignore[attr-defined]
    shown = _row_heights(tree)
    tree.doItemsLayout()  # every row measured again at the columns' widths now
    assert len(shown) > 50 and shown == _row_heights(tree)
