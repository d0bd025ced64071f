"""Panel day never loses typing (issue 20): switching sitting or closing the window with an
unsaved recommendation or grade asks Save / Discard / Cancel, and each answer does what it says."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from panelapp.domain import case_types
from panelapp.services import panel_day
from panelapp.services.context import ServiceContext
from tests.services.panel_day.support import on_the_day, walkthrough_sitting
from tests.ui.panel_day.fakes import RecordingMessenger
from ui.panel_day.case_page import CasePage
from ui.panel_day.view import PanelDayView
from ui.shell import messages
from ui.shell.main_window import MainWindow


@pytest.fixture
def messenger(monkeypatch: pytest.MonkeyPatch) -> RecordingMessenger:
    fake = RecordingMessenger()
    monkeypatch.setattr(messages, "messenger", fake)
    return fake


def _typed(qtbot: QtBot, view: PanelDayView, meeting_id: int) -> CasePage:
    view.refresh()
    view.select_sitting(meeting_id)
    view.reload(reload_forms=True)
    page = next(p for p in view.case_pages.values() if not case_types.get(p.case.case_type).noted_only)
    view.tabs.setCurrentWidget(page)
    form = page.recommendation
    next(iter(form.radios.values())).setChecked(True)
    qtbot.keyClicks(form.reasons, "Thorough assessment; strong support network")
    return page


@pytest.fixture
def typed(qtbot: QtBot, demo_ctx: ServiceContext) -> tuple[PanelDayView, CasePage, int]:
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    view = PanelDayView(demo_ctx, autosave_ms=200, today=sheet.date)
    qtbot.addWidget(view)
    view.show()
    return view, _typed(qtbot, view, sheet.meeting_id), sheet.meeting_id


def _other_sitting(view: PanelDayView, meeting_id: int) -> int:
    return next(
        view.sitting.itemData(i)
        for i in range(view.sitting.count())
        if view.sitting.itemData(i) != meeting_id
    )


def test_switching_sitting_with_typing_asks_and_cancel_keeps_both(
    typed: tuple[PanelDayView, CasePage, int], messenger: RecordingMessenger
) -> None:
    view, page, meeting_id = typed
    messenger.on_unsaved = "cancel"
    view.select_sitting(_other_sitting(view, meeting_id))
    assert "the recommendation for" in messenger.questions[-1]
    assert view.sitting.currentData() == meeting_id
    assert page.recommendation.reasons.toPlainText() == "Thorough assessment; strong support network"


def test_switching_sitting_and_choosing_save_records_the_recommendation(
    typed: tuple[PanelDayView, CasePage, int], messenger: RecordingMessenger, demo_ctx: ServiceContext
) -> None:
    view, page, meeting_id = typed
    hearing_id = page.case.hearing_id
    messenger.on_unsaved = "save"
    view.select_sitting(_other_sitting(view, meeting_id))
    saved = panel_day.get_recommendation(demo_ctx, hearing_id)
    assert saved is not None and saved.reasons == "Thorough assessment; strong support network"
    assert view.sitting.currentData() != meeting_id and messenger.errors == []


def test_switching_sitting_and_choosing_discard_saves_nothing(
    typed: tuple[PanelDayView, CasePage, int], messenger: RecordingMessenger, demo_ctx: ServiceContext
) -> None:
    view, page, meeting_id = typed
    messenger.on_unsaved = "discard"
    view.select_sitting(_other_sitting(view, meeting_id))
    assert panel_day.get_recommendation(demo_ctx, page.case.hearing_id) is None
    assert view.sitting.currentData() != meeting_id


def test_saved_forms_are_not_reported_as_unsaved(
    typed: tuple[PanelDayView, CasePage, int], messenger: RecordingMessenger
) -> None:
    view, page, _meeting_id = typed
    assert page.recommendation.save() is not None
    assert view.unsaved_work() is None
    grading = page.gradings[0] if page.gradings else None
    if grading is not None:
        grading.strengths.setPlainText("Clear analysis")
        assert view.unsaved_work() == f"the {grading.paper.paper_type} grade for {page.case.reference}"


def test_ctrl_q_with_an_unsaved_recommendation_asks_and_save_keeps_it(
    qtbot: QtBot, demo_ctx: ServiceContext, messenger: RecordingMessenger
) -> None:
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show()
    window.show_view("panel_day")
    view = window.view("panel_day")
    assert isinstance(view, PanelDayView)
    page = _typed(qtbot, view, sheet.meeting_id)
    messenger.on_unsaved = "save"
    assert window.close()
    assert "the recommendation for" in messenger.questions[-1]
    saved = panel_day.get_recommendation(demo_ctx, page.case.hearing_id)
    assert saved is not None and saved.reasons == "Thorough assessment; strong support network"
