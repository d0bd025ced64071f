"""The one job runner: handlers heard however quick the work, Cancel, errors shown once, and
views told what changed so each reloads only what it shows."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QRunnable, QThreadPool
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from ui.shell import messages
from ui.shell.jobs import Progress, ServiceOp, notify_changed
from ui.shell.view_base import AreaView
from ui.shell.widgets.job_progress import JobProgress


class Told:
    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []

    def error(self, _parent: object, title: str, text: str) -> None:
        self.errors.append((title, text))

    def info(self, _parent: object, _title: str, _text: str) -> None:
        pass

    def confirm(self, _parent: object, _title: str, _text: str) -> bool:
        return True


class RunAtOnce(QThreadPool):
    """The worst case for a race: the work is over before `start` returns."""

    def start(self, runnable: QRunnable, priority: int = 0) -> None:  # type: ignore[override]
        runnable.run()


class CountingView(AreaView):
    def __init__(self, ctx: ServiceContext, shows: set[str]) -> None:
        super().__init__(ctx)
        self.shows = frozenset(shows)
        self.refreshes = 0

    def refresh(self) -> None:
        self.refreshes += 1


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> Told:
    fake = Told()
    monkeypatch.setattr(messages, "messenger", fake)
    return fake


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_handlers_are_connected_before_the_work_starts(
    parent: QWidget, empty_ctx: ServiceContext, told: Told
) -> None:
    results: list[object] = []
    contexts: list[ServiceContext] = []

    def work(ctx: ServiceContext, _progress: Progress) -> str:
        contexts.append(ctx)
        return "done"

    ServiceOp(parent, empty_ctx, work, error_title="Work").success(results.append).run_in_background(
        RunAtOnce()
    )
    assert results == ["done"] and told.errors == []
    # Its own context (its own sessions), for the same database and user.
    assert contexts[0] is not empty_ctx and contexts[0].engine is empty_ctx.engine
    assert contexts[0].user == empty_ctx.user


def test_a_result_reaches_the_gui_thread(qtbot: QtBot, parent: QWidget, empty_ctx: ServiceContext) -> None:
    threads: list[threading.Thread] = []
    job = (
        ServiceOp(parent, empty_ctx, lambda _ctx, _p: 42, error_title="Work")
        .success(lambda _result: threads.append(threading.current_thread()))
        .run_in_background()
    )
    qtbot.waitUntil(lambda: bool(threads), timeout=10000)
    assert threads == [threading.main_thread()] and job.progress.cancelled is False


def test_a_failure_is_shown_once_after_the_tidy_up(
    parent: QWidget, empty_ctx: ServiceContext, told: Told
) -> None:
    events: list[str] = []

    def refuse(_ctx: ServiceContext, _progress: Progress) -> None:
        raise ValidationError("The file is not a members list.")

    (
        ServiceOp(parent, empty_ctx, refuse, error_title="Import refused")
        .success(lambda _r: events.append("success"))
        .failure(lambda exc: events.append(f"tidy-up: {exc}"))
        .changes("members")
        .run_in_background(RunAtOnce())
    )
    assert events == ["tidy-up: The file is not a members list."]
    assert told.errors == [("Import refused", "The file is not a members list.")]


def test_an_unexpected_error_is_logged_and_explained_without_its_text(
    parent: QWidget, empty_ctx: ServiceContext, told: Told
) -> None:
    def crash(_ctx: ServiceContext, _progress: Progress) -> None:
        raise KeyError("Jane Doe's file")  # the text of an unexpected error can hold personal data

    ServiceOp(parent, empty_ctx, crash, error_title="Export failed").run_in_background(RunAtOnce())
    assert len(told.errors) == 1
    title, text = told.errors[0]
    assert title == "Export failed" and "did not expect" in text and "reference" in text
    assert "Jane" not in text


def test_cancel_stops_the_work_and_the_progress_goes(
    qtbot: QtBot, parent: QWidget, empty_ctx: ServiceContext, tmp_path: Path, told: Told
) -> None:
    display = JobProgress("Export", parent)
    parent.show()
    started, cancel_clicked = threading.Event(), threading.Event()
    out = tmp_path / "never.txt"
    ended: list[str] = []

    def slow(_ctx: ServiceContext, progress: Progress) -> Path:
        progress.report(10, "Counting")
        started.set()
        cancel_clicked.wait(30)
        progress.report(50, "Writing")  # raises Cancelled: the file is never written
        out.write_text("written")
        return out

    job = (
        ServiceOp(parent, empty_ctx, slow, error_title="Export")
        .with_progress(display, "Exporting…")
        .success(lambda _r: ended.append("success"))
        .cancelled(lambda: ended.append("cancelled"))
        .run_in_background()
    )
    qtbot.waitUntil(started.is_set, timeout=10000)
    qtbot.waitUntil(lambda: display.bar.value() == 10, timeout=10000)
    assert display.isVisible() and display.text.text() == "Counting…"
    with qtbot.waitSignal(job.signals.cancelled, timeout=10000):
        display.cancel_button.click()
        cancel_clicked.set()
    assert ended == ["cancelled"] and told.errors == []
    assert not display.isVisible() and not out.exists()


def test_a_view_reloads_only_when_data_it_shows_changed(
    qtbot: QtBot, parent: QWidget, empty_ctx: ServiceContext
) -> None:
    members = CountingView(empty_ctx, {"members"})
    cases = CountingView(empty_ctx, {"cases", "calendar"})
    for view in (members, cases):
        qtbot.addWidget(view)
        view.show()
    ServiceOp(parent, empty_ctx, lambda _c, _p: None, error_title="Import").changes(
        "members"
    ).run_in_background(RunAtOnce())
    assert (members.refreshes, cases.refreshes) == (1, 0)
    ServiceOp(parent, empty_ctx, lambda _c, _p: None, error_title="Export").run_in_background(RunAtOnce())
    assert (members.refreshes, cases.refreshes) == (1, 0)  # an export changes nothing


def test_a_hidden_view_reloads_when_next_shown(qtbot: QtBot, empty_ctx: ServiceContext) -> None:
    view = CountingView(empty_ctx, {"calendar"})
    qtbot.addWidget(view)
    notify_changed({"calendar"})
    assert view.refreshes == 0 and view.stale
    view.show()
    qtbot.waitUntil(lambda: view.refreshes == 1)
    assert not view.stale
    qtbot.wait(20)
    assert view.refreshes == 1  # once


def test_the_view_that_asked_reloads_itself_not_twice(qtbot: QtBot, empty_ctx: ServiceContext) -> None:
    view = CountingView(empty_ctx, {"members"})
    qtbot.addWidget(view)
    view.show()
    dialog = QWidget(view)  # e.g. its import dialog
    ServiceOp(dialog, empty_ctx, lambda _c, _p: None, error_title="Import").changes(
        "members"
    ).run_in_background(RunAtOnce())
    assert view.refreshes == 0


def test_an_unknown_area_is_a_programming_error(parent: QWidget, empty_ctx: ServiceContext) -> None:
    with pytest.raises(ValueError, match="memberz"):
        ServiceOp(parent, empty_ctx, lambda _c, _p: None, error_title="x").changes("memberz")
