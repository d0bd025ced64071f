"""The tracker's model (issue 21): rows made once at load and handed to Qt per cell, showing what
the QStandardItem tree showed (texts, colours, fonts, tooltips), checked by Qt's model tester."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from PySide6.QtCore import QMessageLogContext, QModelIndex, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QBrush, QFont
from PySide6.QtTest import QAbstractItemModelTester
from pytestqt.qtbot import QtBot

from panelapp.domain.deadlines import TrackerGroup
from panelapp.domain.vocab import CaseType
from panelapp.services.context import ServiceContext
from tests.services.adm.test_adm_tracker import add_heard_case
from tests.ui.adm.test_adm_tracker_view import TODAY, make_view, overdue_approval  # noqa: F401
from ui.adm.model import (
    AWAITING_MINUTES,
    CASE_ROLE,
    COLUMNS,
    GROUP_ORDER,
    GROUP_ROLE,
    ITEM_ROLE,
    TrackerModel,
)

Role = Qt.ItemDataRole
RED = "#c53030"


@contextmanager
def collect_model_tester_failures() -> Iterator[list[str]]:
    """What QAbstractItemModelTester reports (its "qt.modeltest" warnings) while inside."""
    failures: list[str] = []

    def handler(_kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if context.category == "qt.modeltest":
            failures.append(message)

    previous = qInstallMessageHandler(handler)
    try:
        yield failures
    finally:
        qInstallMessageHandler(previous)


@pytest.mark.no_qt_log  # the messages go to collect_model_tester_failures
def test_qts_model_tester_passes_through_loads_and_filters(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    add_heard_case(demo_ctx, CaseType.APPROVAL)
    add_heard_case(demo_ctx, CaseType.MATCH, la_name="Medway")
    view = make_view(qtbot, demo_ctx)
    with collect_model_tester_failures() as failures:
        tester = QAbstractItemModelTester(view.model, QAbstractItemModelTester.FailureReportingMode.Warning)
        view.la_filter.setCurrentIndex(view.la_filter.findText("Medway"))  # a reset with fewer rows
        view.la_filter.setCurrentIndex(0)  # and back
        view.refresh()
        view.tree.expandAll()
        del tester
    assert view.model.rowCount() == len(GROUP_ORDER) and sum(view.counts.values()) > 0
    assert failures == []


class _WrongParents(TrackerModel):
    def parent(self, index: Any = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()  # every row claims to be at the top: the tester must say so


@pytest.mark.no_qt_log
def test_the_model_tester_catches_a_broken_tree(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    """So that the test above can fail."""
    add_heard_case(demo_ctx, CaseType.APPROVAL)
    view = make_view(qtbot, demo_ctx)
    broken = _WrongParents()
    assert view.tracker is not None
    broken.load(view.tracker)
    with collect_model_tester_failures() as failures:
        QAbstractItemModelTester(broken, QAbstractItemModelTester.FailureReportingMode.Warning)
    assert any("parent" in failure for failure in failures)


def _colour(value: object) -> str | None:
    return value.color().name() if isinstance(value, QBrush) else None


def test_rows_show_texts_colours_and_tooltips(
    qtbot: QtBot,
    demo_ctx: ServiceContext,
    overdue_approval: str,  # noqa: F811
) -> None:
    awaiting = add_heard_case(demo_ctx, CaseType.MATCH, la_name="Medway")
    view = make_view(qtbot, demo_ctx)
    model = view.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))] == list(COLUMNS)
    keys = [key for key, _ in GROUP_ORDER]

    for g, (key, label) in enumerate(GROUP_ORDER):
        branch = model.index(g, 0)
        count = model.rowCount(branch)
        assert branch.data() == f"{label} ({count})" == f"{label} ({view.counts[key]})"
        assert branch.data(GROUP_ROLE) == key
        assert branch.data(Role.AccessibleTextRole) == f"{label}: {count} items"
        font = branch.data(Role.FontRole)
        assert isinstance(font, QFont) and font.bold()
        red = key == TrackerGroup.OVERDUE.value and count > 0
        assert _colour(branch.data(Role.ForegroundRole)) == (RED if red else None)
        assert all(model.index(g, c).data() == "" for c in range(1, len(COLUMNS)))
        assert not model.hasChildren(model.index(g, 1))

    overdue = model.index(keys.index(TrackerGroup.OVERDUE.value), 0)
    row = next(
        r for r in range(model.rowCount(overdue)) if model.index(r, 2, overdue).data() == overdue_approval
    )
    cells = [model.index(row, c, overdue) for c in range(len(COLUMNS))]
    item = cells[0].data(ITEM_ROLE)
    assert cells[0].data(CASE_ROLE) is item.case and item.case.reference == overdue_approval
    assert [c.data() for c in cells[:3]] == ["27/11/2026", "ADM decision", overdue_approval]
    assert cells[3].data() == item.case.case_type.label and cells[4].data() == item.case.adm_name
    assert cells[6].data() == "17/11/2026"
    assert cells[0].data(Role.ToolTipRole) == "ADM decision: overdue"
    assert cells[6].data(Role.ToolTipRole) == f"Heard by {item.case.panel}"
    assert cells[7].data(Role.ToolTipRole) == cells[7].data() == "Minutes sent 18/11/2026"
    assert {_colour(c.data(Role.ForegroundRole)) for c in cells} == {RED}
    assert not model.hasChildren(cells[0])

    minutes = model.index(keys.index(AWAITING_MINUTES), 0)
    found = [
        r
        for r in range(model.rowCount(minutes))
        if model.index(r, 0, minutes).data(CASE_ROLE).hearing_id == awaiting
    ]
    assert len(found) == 1
    cells = [model.index(found[0], c, minutes) for c in range(len(COLUMNS))]
    assert [cells[0].data(), cells[1].data(), cells[5].data(), cells[7].data()] == [
        "",
        "Minutes to the ADM",
        "Medway",
        "Minutes final",
    ]
    assert cells[0].data(ITEM_ROLE) is None and cells[0].data(Role.ToolTipRole) is None
    assert {_colour(c.data(Role.ForegroundRole)) for c in cells} == {None}
