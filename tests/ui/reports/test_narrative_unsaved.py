"""The chairs' report narrative never loses typing (issue 20): Ctrl+Q asks Save / Discard / Cancel,
a draft is kept a few seconds after typing stops and offered back when the report is opened
again, and a save says so without a box to click."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from panelapp.services import drafts
from panelapp.services.context import ServiceContext
from panelapp.services.reports import load_narrative
from tests.ui.support import RecordingMessenger, record_messages
from ui.reports import view as reports_module
from ui.reports.view import ReportsView
from ui.shell import messages
from ui.shell.main_window import MainWindow

TYPED = "A steady six months; two new independent members."


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> RecordingMessenger:
    made = record_messages(monkeypatch)
    monkeypatch.setattr(reports_module, "today", lambda: date(2026, 11, 23))
    return made


@pytest.fixture
def ctx(demo_ctx: ServiceContext) -> ServiceContext:
    return demo_ctx


def _reports(qtbot: QtBot, ctx: ServiceContext) -> tuple[MainWindow, ReportsView]:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    view = window.show_view("reports")
    assert isinstance(view, ReportsView)
    return window, view


@pytest.mark.parametrize("answer", ["cancel", "save", "discard"])
def test_ctrl_q_with_an_unsaved_narrative_asks_and_each_answer_does_what_it_says(
    qtbot: QtBot, ctx: ServiceContext, fake: RecordingMessenger, answer: str
) -> None:
    window, view = _reports(qtbot, ctx)
    view.narrative.editors[("summary", None)].setPlainText(TYPED)
    fake.on_unsaved = answer
    closed = window.close()
    assert "the chairs&#x27; report narrative for All panels" in fake.questions[-1]
    assert closed is (answer != "cancel")
    report = view.report
    assert report is not None
    saved = load_narrative(ctx, report.period_from, report.period_to).body("summary")
    assert saved == (TYPED if answer == "save" else "")
    if answer == "cancel":
        assert view.narrative.editors[("summary", None)].toPlainText() == TYPED


def test_a_narrative_draft_is_offered_back_when_the_report_opens_again(
    qtbot: QtBot, ctx: ServiceContext, fake: RecordingMessenger
) -> None:
    _window, view = _reports(qtbot, ctx)
    view.drafts.timer.setInterval(50)
    qtbot.keyClicks(view.narrative.editors[("summary", None)], TYPED)
    with qtbot.waitSignal(view.drafts.kept, timeout=5000):
        pass
    assert any(d.fields["texts"]["summary|"] == TYPED for d in drafts.list_drafts(ctx, "narrative:"))
    again = ReportsView(ctx)  # as after a crash: a new view finds the draft
    qtbot.addWidget(again)
    again.refresh()
    assert "Restore it?" in fake.confirms[-1]
    assert again.narrative.editors[("summary", None)].toPlainText() == TYPED
    assert again.narrative.is_dirty()
    assert again.save()
    assert drafts.list_drafts(ctx, "narrative:") == []
    assert messages.notices().last.startswith("The chairs' report narrative for")
    assert " saved at " in messages.notices().last
