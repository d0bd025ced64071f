"""Choosing an area again repaints what it holds unless that may be out of date (issue 21:
a second open within 50 ms), and never shows data changed since it loaded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from panelapp import clock
from panelapp.services import cases
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ServiceError
from tests.ui.support import QueryCounter
from ui.shell import view_base
from ui.shell.jobs import notify_changed
from ui.shell.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, demo_ctx: ServiceContext) -> MainWindow:
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def queries(demo_ctx: ServiceContext) -> Iterator[QueryCounter]:
    counter = QueryCounter(demo_ctx)
    yield counter
    counter.close()


def _register_references(window: MainWindow) -> set[str]:
    model = window.view("cases").model  # type: ignore[attr-defined]
    return {row.reference for row in model.all_rows()}


@pytest.mark.parametrize("key", ["cases", "adm", "members", "calendar", "panel_day", "reports", "home"])
def test_a_second_open_of_an_unchanged_area_does_not_query(
    window: MainWindow, queries: QueryCounter, key: str
) -> None:
    window.show_view(key)
    window.show_view("settings")
    queries.statements.clear()
    window.show_view(key)
    assert queries.statements == []


def test_a_change_made_elsewhere_shows_when_the_register_is_chosen_again(
    window: MainWindow, demo_ctx: ServiceContext
) -> None:
    window.show_view("cases")
    members = window.show_view("members")
    cases.create_case(demo_ctx, cases.CaseInput(reference="FRESH-1", case_type="approval", household="New"))
    notify_changed({"cases"}, initiator=members)  # what every service op does after a save
    assert window.view("cases").stale
    window.show_view("cases")
    assert "FRESH-1" in _register_references(window)
    assert not window.view("cases").stale


def test_a_save_that_named_no_area_still_shows_on_return(
    window: MainWindow, demo_ctx: ServiceContext
) -> None:
    """Any write committed since the register loaded reloads it, even one no op announced."""
    window.show_view("cases")
    window.show_view("members")
    cases.create_case(demo_ctx, cases.CaseInput(reference="FRESH-4", case_type="approval", household="New"))
    assert not window.view("cases").stale
    window.show_view("cases")
    assert "FRESH-4" in _register_references(window)


def test_a_refused_write_does_not_reload_anything(
    window: MainWindow, demo_ctx: ServiceContext, queries: QueryCounter
) -> None:
    window.show_view("cases")
    window.show_view("members")
    with pytest.raises(ServiceError):  # the reference is taken: nothing committed
        cases.create_case(
            demo_ctx, cases.CaseInput(reference=_register_references(window).pop(), case_type="approval")
        )
    queries.statements.clear()
    window.show_view("cases")
    assert queries.statements == []


def test_a_change_while_the_register_is_shown_reloads_it_at_once(
    window: MainWindow, demo_ctx: ServiceContext
) -> None:
    window.show_view("cases")
    cases.create_case(demo_ctx, cases.CaseInput(reference="FRESH-2", case_type="approval", household="New"))
    notify_changed({"cases"})
    assert "FRESH-2" in _register_references(window)


def test_the_next_day_reloads_what_was_counted_from_today(window: MainWindow, queries: QueryCounter) -> None:
    """Overdue and due dates are counted from today: a view loaded yesterday is reloaded."""
    window.show_view("adm")
    window.show_view("settings")
    queries.statements.clear()
    clock.set_today(clock.today() + timedelta(days=1))
    window.show_view("adm")
    assert queries.statements
    assert window.view("adm").loaded_on == clock.today()


def test_on_a_shared_database_an_old_view_is_reloaded(
    window: MainWindow, queries: QueryCounter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Other people change a PostgreSQL database without telling this window."""
    view = window.show_view("cases")
    window.show_view("settings")
    monkeypatch.setattr(view, "_shared", True)
    queries.statements.clear()
    window.show_view("cases")
    assert queries.statements == []  # loaded moments ago
    window.show_view("settings")
    now = view_base.monotonic()
    monkeypatch.setattr(view_base, "monotonic", lambda: now + view_base.SHARED_FRESH_S + 1)
    window.show_view("cases")
    assert queries.statements


def test_f5_reloads_the_area_shown(
    qtbot: QtBot, window: MainWindow, demo_ctx: ServiceContext, queries: QueryCounter
) -> None:
    window.show_view("cases")
    cases.create_case(demo_ctx, cases.CaseInput(reference="FRESH-3", case_type="approval", household="New"))
    assert "FRESH-3" not in _register_references(window)  # nobody told it (another user's change)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert "FRESH-3" in _register_references(window)
