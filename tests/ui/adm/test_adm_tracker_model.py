"""The tracker's model (issue 21): rows made once at load and handed to Qt per cell, showing what
the QStandardItem tree showed (texts, colours, fonts, tooltips), checked by Qt's model tester;
and its delegate's sizes, measured once per text, the same as laying each cell out in full."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from PySide6.QtCore import (
    QMessageLogContext,
    QModelIndex,
    QRect,
    QSize,
    Qt,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QBrush, QFont, QFontMetrics
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView
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


def _qt_hint_wrapped(tree: QTreeView, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
    """What the delegate answered before issue 21: Qt's own hint, as tall as the text wrapped
    at its column's width."""
    hint = QStyledItemDelegate.sizeHint(tree.itemDelegate(), option, index)
    text = str(index.data() or "")
    if not text or (index.column() == 0 and tree.isFirstColumnSpanned(index.row(), index.parent())):
        return hint
    margin = 2 * (tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1)
    room = max(1, tree.columnWidth(index.column()) - margin)
    font = index.data(Qt.ItemDataRole.FontRole)
    metrics = QFontMetrics(font) if isinstance(font, QFont) else option.fontMetrics
    wrapped = metrics.boundingRect(QRect(0, 0, room, 10_000), Qt.TextFlag.TextWordWrap, text)
    return QSize(hint.width(), max(hint.height(), wrapped.height() + 4))


def test_each_cells_size_is_qts_hint_wrapped_at_its_columns_width(
    qtbot: QtBot,
    demo_ctx: ServiceContext,
    overdue_approval: str,  # noqa: F811
) -> None:
    """The delegate measures a text once and wraps only what is wider than its column; every
    cell's size must still be what laying it out in full gives, at any column width."""
    view = make_view(qtbot, demo_ctx)
    tree, model = view.tree, view.model
    delegate = tree.itemDelegate()
    option = QStyleOptionViewItem()
    option.initFrom(tree)
    option.font, option.fontMetrics = tree.font(), tree.fontMetrics()
    option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
    indexes = [model.index(g, c) for g in range(model.rowCount()) for c in range(len(COLUMNS))]
    indexes += [
        model.index(r, c, model.index(g, 0))
        for g in range(model.rowCount())
        for r in range(model.rowCount(model.index(g, 0)))
        for c in range(len(COLUMNS))
    ]
    wrapped = 0
    for width in (None, 40, 90, 150):  # as sized, then narrow enough to wrap most texts
        if width is not None:
            for column in range(len(COLUMNS)):
                tree.setColumnWidth(column, width)
        for index in indexes:
            expected = _qt_hint_wrapped(tree, option, index)
            assert delegate.sizeHint(option, index) == expected, (width, index.data())
            wrapped += expected.height() > 2 * tree.fontMetrics().height()
    assert wrapped, "no text wrapped"
