"""Issue 21: the members search keeps up on a national list of 10,000 members.

The search filters in Python over keys made once per load and hands the table one model
reset per keystroke, so Qt asks Python only about the rows on screen: no per-row
`filterAcceptsRow`, no `data()` per member. These tests count those calls (not timings:
bench/bench_members_filter.py times it) and check the models with Qt's model tester.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from panelapp.services.context import ServiceContext
from panelapp.services.members import MemberRow
from tests.ui.members.support import open_members_view
from ui.members.cell_delegate import MemberCellDelegate
from ui.members.model import COLUMNS, NAME, MembersTableModel
from ui.members.proxy import MembersFilterProxy
from ui.members.view import MembersView

NATIONAL = 10_000


@pytest.fixture
def view(qtbot: QtBot, demo_ctx: ServiceContext, counted: Counter[str]) -> MembersView:
    # After `counted`: PySide looks a Python override up once per model object.
    return open_members_view(qtbot, demo_ctx)


def _national_list(demo: list[MemberRow]) -> list[MemberRow]:
    """10,000 members made from the demo agency's, each with its own id and surname."""
    return [
        replace(demo[i % len(demo)], id=100_000 + i, last_name=f"Quillfeather{i:05d}")
        for i in range(NATIONAL)
    ]


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """How often Qt (or anything) enters the members models' Python methods; patched before
    the models are made."""
    calls: Counter[str] = Counter()

    def counting(cls: type, name: str) -> None:
        original: Callable[..., Any] = getattr(cls, name)

        def wrapper(self: Any, *args: Any) -> Any:
            calls[f"{cls.__name__}.{name}"] += 1
            return original(self, *args)

        monkeypatch.setattr(cls, name, wrapper)

    for cls in (MembersFilterProxy, MembersTableModel):
        for name in ("data", "multiData", "rowCount", "columnCount", "headerData"):
            counting(cls, name)
    counting(MemberCellDelegate, "paint")  # Qt's cell-by-cell painting: not used by the table
    counting(MemberCellDelegate, "paint_row")
    counting(MemberRow, "search_text")
    yield calls


def _rows_on_screen(view: MembersView) -> int:
    return view.table.viewport().height() // view.table.verticalHeader().defaultSectionSize() + 1


def test_a_keystroke_on_10000_members_asks_python_about_the_rows_on_screen_only(
    qtbot: QtBot, view: MembersView, counted: Counter[str]
) -> None:
    """Issue 21 (member search p95 <= 16 ms at 10,000 members): a QSortFilterProxyModel asked
    Python about all 10,000 rows per keystroke; now the calls follow what is painted."""
    view.model.set_rows(_national_list(view.model.rows()))
    QApplication.processEvents()
    assert view.proxy.rowCount() == NATIONAL
    cells_on_screen = _rows_on_screen(view) * len(COLUMNS)
    expected = {"quillfeather00": 1000, "quillfeather0": NATIONAL, "quillfeather0000": 10, "": NATIONAL}
    for typed, shown in expected.items():
        counted.clear()
        view.search.setText(typed)
        QApplication.processEvents()  # the table repaints what is now shown
        assert view.proxy.rowCount() == shown
        painted = counted["MemberCellDelegate.paint_row"]
        assert 0 < painted <= _rows_on_screen(view)  # one call per row painted, whatever the list's size
        assert counted["MemberCellDelegate.paint"] == 0  # nor one per cell
        assert counted["MemberRow.search_text"] == 0  # search keys are made once per load
        assert sum(counted.values()) < 4 * cells_on_screen < NATIONAL, (typed, dict(counted))
    view.search.setText("quillfeather00")
    assert view.count_label.text() == f"1000 of {NATIONAL} shown"


def test_typing_a_letter_that_changes_nothing_does_not_repaint_the_table(
    qtbot: QtBot, view: MembersView, counted: Counter[str]
) -> None:
    """Issue 21: narrowing to the same members (more letters of a name already found) keeps
    the rows as they are: no model reset, so no Python call at all."""
    view.search.setText("greenhal")
    qtbot.wait(50)  # every pending paint done
    shown = [view.proxy.row(r).id for r in range(view.proxy.rowCount())]
    resets: list[bool] = []
    view.proxy.modelReset.connect(lambda: resets.append(True))
    counted.clear()
    view.search.setText("greenhalgh")
    QApplication.processEvents()
    assert resets == [] and [view.proxy.row(r).id for r in range(view.proxy.rowCount())] == shown
    assert counted["MemberCellDelegate.paint_row"] == counted["MemberCellDelegate.paint"] == 0


def test_the_member_picked_stays_picked_while_the_search_changes(
    qtbot: QtBot, view: MembersView, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 21: the one model reset per keystroke must not lose the selection, nor reload the
    member's register beside the list on every keystroke."""
    member = next(r for r in view.model.rows() if "Greenhalgh" in r.name)
    assert view.select_member(member.id)
    loads: list[int | None] = []
    monkeypatch.setattr(view.panel, "show_member", loads.append)
    qtbot.keyClicks(view.search, "green")
    assert view.selected_member() == member and loads == []
    qtbot.keyClicks(view.search, "zzz")  # filtered out: nothing selected, the register stays
    assert view.proxy.rowCount() == 0 and view.selected_member() is None and loads == []
    view.search.clear()  # back in the list: picked again
    assert view.selected_member() == member and loads == []
    view.status_filter.setCurrentIndex(view.status_filter.findData(member.status))
    assert view.selected_member() == member and loads == []
    view.table.setCurrentIndex(view.proxy.index(view.proxy.row_of(member.id) ^ 1, 0))
    assert loads and loads[-1] != member.id  # choosing another member still shows theirs


def test_sorting_keeps_the_search_and_the_selection(view: MembersView) -> None:
    """Sorting is done once in Python by the members model; the filtered rows follow it."""
    view.search.setText("social")
    member = view.proxy.row(0)
    view.select_member(member.id)
    before = {view.proxy.row(r).id for r in range(view.proxy.rowCount())}
    view.table.sortByColumn(NAME, Qt.SortOrder.DescendingOrder)
    names = [view.proxy.row(r) for r in range(view.proxy.rowCount())]
    assert {r.id for r in names} == before
    keys = [(r.last_name.casefold(), r.first_name.casefold()) for r in names]
    assert keys == sorted(keys, reverse=True)
    assert view.selected_member() == member
    assert view.table.currentIndex().row() == view.proxy.row_of(member.id)


def test_the_models_pass_qt_model_checks_while_filtering_and_sorting(
    qtmodeltester: Any, view: MembersView
) -> None:
    """Qt's model tester watches both models through every kind of change the view makes."""
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)
    for typed in ("s", "so", "social", "social panel", "social", "", "zzz", ""):
        view.search.setText(typed)
    view.status_filter.setCurrentIndex(view.status_filter.findData("active"))
    view.compliance_filter.setCurrentIndex(view.compliance_filter.findData("overdue"))
    view.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    view.compliance_filter.setCurrentIndex(view.compliance_filter.findData(""))
    view.refresh()
    view.model.set_rows([])
    assert view.proxy.rowCount() == 0
    qtmodeltester.check(view.proxy)


def _shown_ids(view: MembersView) -> list[int]:
    return [view.proxy.row(r).id for r in range(view.proxy.rowCount())]


def _fresh_search(view: MembersView, text: str) -> list[int]:
    """What a search shows worked out from nothing (the model's rows, in its order)."""
    words = " ".join(text.casefold().split()).split()
    status = view.proxy._status
    return [
        r.id
        for r in view.model.rows()
        if all(w in r.search_text() for w in words) and (not status or r.status == status)
    ]


def test_deleting_letters_goes_back_to_what_each_search_showed(
    counted: Counter[str], view: MembersView
) -> None:
    """Issue 21: deleting a letter goes back to a search already made (a full pass over the
    list otherwise); the rows are those a fresh search gives, also after a sort or a filter
    changes what the search runs over."""
    view.model.set_rows(_national_list(view.model.rows()))
    typed = ["q", "qu", "quillfeather000", "quillfeather0001", "quillfeather000", "qu", "q", ""]
    for text in typed:
        view.search.setText(text)
        assert _shown_ids(view) == _fresh_search(view, text), text
    view.table.sortByColumn(NAME, Qt.SortOrder.DescendingOrder)  # the same searches, the new order
    for text in ("quillfeather000", "quillfeather00", "quillfeather000"):
        view.search.setText(text)
        assert _shown_ids(view) == _fresh_search(view, text), text
    view.status_filter.setCurrentIndex(view.status_filter.findData("left"))  # another base
    for text in ("quillfeather00", "quillfeather0", "quillfeather00"):
        view.search.setText(text)
        assert _shown_ids(view) == _fresh_search(view, text), text
    assert 0 < view.proxy.rowCount() < NATIONAL


def test_the_search_box_keeps_its_width_while_typing(qtbot: QtBot, view: MembersView) -> None:
    """The count beside the box ("12 of 40 shown") changes at each letter; the box and the
    filters beside it stay where they are instead of moving at every keystroke."""
    QApplication.processEvents()
    box = view.search.geometry()
    status = view.status_filter.geometry()
    for text in ("g", "gr", "zzz", "", "social worker"):
        qtbot.keyClicks(view.search, text) if text else view.search.clear()
        QApplication.processEvents()
        assert view.search.geometry() == box and view.status_filter.geometry() == status, text
    assert view.count_label.text().endswith(f"of {view.model.rowCount()} shown")


def test_a_new_count_does_not_lay_the_view_out_again(qtbot: QtBot, view: MembersView) -> None:
    """Issue 21: a label that may change size asks every layout above it to run again when its
    text changes; the count is of a fixed size, so a letter that changes only the rows shown
    and the count costs no layout of the view."""
    qtbot.keyClick(view.search, "s")  # the box's clear button appears with the first letter
    qtbot.wait(100)  # and the layouts that asks for have run
    layouts: list[str] = []
    watcher = _LayoutRequests(layouts)
    for widget in (view, view.count_label.parentWidget()):
        widget.installEventFilter(watcher)
    counts = {view.count_label.text()}
    for letter in "ocial":
        qtbot.keyClick(view.search, letter)
        QApplication.processEvents()
        counts.add(view.count_label.text())
    assert len(counts) > 2  # the count changed as the letters narrowed the list
    assert layouts == []


class _LayoutRequests(QObject):
    """Notes each layout request a watched widget receives."""

    def __init__(self, seen: list[str]) -> None:
        super().__init__()
        self.seen = seen

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.seen.append(type(watched).__name__)
        return False
