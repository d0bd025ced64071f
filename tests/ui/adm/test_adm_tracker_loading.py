"""The ADM tracker loads cheaply (issue 21): read-only cells without a call per cell, columns
sized from the rows on screen, and a second open that does not reload."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from panelapp.domain.vocab import CaseType
from panelapp.services.context import ServiceContext
from tests.services.adm.test_adm_tracker import add_heard_case
from tests.ui.adm.test_adm_tracker_view import make_view
from ui.adm.model import CASE_ROLE
from ui.adm.view import SIZE_FROM_ROWS


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
