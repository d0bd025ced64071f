"""The ADM tracker loads cheaply (issue 21): read-only cells without a call per cell, columns
sized from the rows on screen, and a second open that does not reload."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QStyle
from pytestqt.qtbot import QtBot

from panelapp.domain.vocab import CaseType
from panelapp.services.context import ServiceContext
from tests.services.adm.test_adm_tracker import add_heard_case
from tests.ui.adm.test_adm_tracker_view import make_view
from ui.adm.model import CASE_ROLE, COLUMNS
from ui.adm.view import SIZE_FROM_ROWS, WRAP_WIDTH, WRAPPED


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
