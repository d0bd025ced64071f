"""The declarations box never loses typing (issue 20): "What was declared" typed and not yet
declared is unsaved work like the recommendation's; switching sitting and Ctrl+Q ask Save /
Discard / Cancel, and a draft kept a few seconds after typing is offered back on the next start.
A declaration is saved before the case's recommendation: a member who declares and leaves does
not count for that case (AAR 2005 reg 6, quorum per case)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from panelapp.services import drafts, panel_day
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from tests.services.panel_day.support import on_the_day, walkthrough_sitting
from tests.ui.panel_day.fakes import RecordingMessenger
from ui.panel_day.case_page import CasePage
from ui.panel_day.view import PanelDayView
from ui.shell import messages
from ui.shell.main_window import MainWindow

TYPED = "Knows the applicants through church"


@pytest.fixture
def messenger(monkeypatch: pytest.MonkeyPatch) -> RecordingMessenger:
    fake = RecordingMessenger()
    monkeypatch.setattr(messages, "messenger", fake)
    return fake


def _open(qtbot: QtBot, ctx: ServiceContext, meeting_id: int) -> PanelDayView:
    view = PanelDayView(ctx, autosave_ms=200)
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    view.select_sitting(meeting_id)
    return view


def _type(qtbot: QtBot, view: PanelDayView) -> tuple[CasePage, int]:
    page = view.case_page(1)
    view.tabs.setCurrentWidget(page)
    member = int(page.declarations.member.itemData(1))
    page.declarations.choose_member(member)
    qtbot.keyClicks(page.declarations.description, TYPED)
    return page, member


def _declared(ctx: ServiceContext, meeting_id: int, hearing_id: int) -> list[str]:
    case = next(c for c in panel_day.day_sheet(ctx, meeting_id).cases if c.hearing_id == hearing_id)
    return [d.description for d in case.declarations]


def _other_sitting(view: PanelDayView, meeting_id: int) -> int:
    return next(
        int(view.sitting.itemData(i))
        for i in range(view.sitting.count())
        if view.sitting.itemData(i) != meeting_id
    )


@pytest.fixture
def typed(qtbot: QtBot, demo_ctx: ServiceContext) -> tuple[PanelDayView, CasePage, int, int]:
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    view = _open(qtbot, demo_ctx, sheet.meeting_id)
    page, member = _type(qtbot, view)
    return view, page, sheet.meeting_id, member


def test_typed_declaration_is_unsaved_work_in_words(
    typed: tuple[PanelDayView, CasePage, int, int], messenger: RecordingMessenger
) -> None:
    view, page, _meeting_id, _member = typed
    pending = view.unsaved_work()
    assert pending is not None and "the declaration by " in pending and page.case.reference in pending


def test_switching_sitting_cancel_keeps_the_typed_declaration(
    typed: tuple[PanelDayView, CasePage, int, int], messenger: RecordingMessenger, demo_ctx: ServiceContext
) -> None:
    view, page, meeting_id, _member = typed
    messenger.on_unsaved = "cancel"
    view.select_sitting(_other_sitting(view, meeting_id))
    assert "the declaration by" in messenger.questions[-1]
    assert view.sitting.currentData() == meeting_id
    assert page.declarations.description.text() == TYPED
    assert TYPED not in _declared(demo_ctx, meeting_id, page.case.hearing_id)


def test_switching_sitting_save_records_the_declaration(
    typed: tuple[PanelDayView, CasePage, int, int], messenger: RecordingMessenger, demo_ctx: ServiceContext
) -> None:
    view, page, meeting_id, _member = typed
    hearing_id = page.case.hearing_id
    messenger.on_unsaved = "save"
    view.select_sitting(_other_sitting(view, meeting_id))
    assert TYPED in _declared(demo_ctx, meeting_id, hearing_id)
    assert view.sitting.currentData() != meeting_id and messenger.errors == []
    assert drafts.find_draft(demo_ctx, f"declaration:{hearing_id}") is None


def test_switching_sitting_discard_records_nothing_and_drops_the_draft(
    typed: tuple[PanelDayView, CasePage, int, int], messenger: RecordingMessenger, demo_ctx: ServiceContext
) -> None:
    view, page, meeting_id, _member = typed
    hearing_id = page.case.hearing_id
    page.declarations.drafts.keep_now()
    messenger.on_unsaved = "discard"
    view.select_sitting(_other_sitting(view, meeting_id))
    assert TYPED not in _declared(demo_ctx, meeting_id, hearing_id)
    assert drafts.find_draft(demo_ctx, f"declaration:{hearing_id}") is None
    assert view.sitting.currentData() != meeting_id


def test_switching_case_tab_keeps_the_typing(
    typed: tuple[PanelDayView, CasePage, int, int], messenger: RecordingMessenger
) -> None:
    view, page, _meeting_id, _member = typed
    view.tabs.setCurrentWidget(view.case_page(2))
    view.reload(merge_minutes=True)  # another case's change reloads the day sheet
    view.tabs.setCurrentWidget(page)
    assert view.case_pages[page.case.hearing_id].declarations.description.text() == TYPED


def test_ctrl_q_with_a_typed_declaration_asks_and_save_records_it(
    qtbot: QtBot, demo_ctx: ServiceContext, messenger: RecordingMessenger
) -> None:
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show()
    window.show_view("panel_day")
    view = window.view("panel_day")
    assert isinstance(view, PanelDayView)
    view.select_sitting(sheet.meeting_id)
    page, _member = _type(qtbot, view)
    messenger.on_unsaved = "cancel"
    assert not window.close()  # Cancel: the window stays with the typing
    assert page.declarations.description.text() == TYPED
    messenger.on_unsaved = "save"
    assert window.close()
    assert "the declaration by" in messenger.questions[-1]
    assert TYPED in _declared(demo_ctx, sheet.meeting_id, page.case.hearing_id)


def test_a_declaration_draft_is_offered_back_on_the_next_start(
    qtbot: QtBot, demo_ctx: ServiceContext, messenger: RecordingMessenger
) -> None:
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    view = _open(qtbot, demo_ctx, sheet.meeting_id)
    page, member = _type(qtbot, view)
    page.declarations.leaves.setChecked(False)
    page.declarations.drafts.timer.setInterval(50)
    page.declarations.description.setText(TYPED + ".")
    with qtbot.waitSignal(page.declarations.drafts.kept, timeout=5000):
        pass  # kept a few seconds after typing stops: a crash loses only those
    messenger.answer = True
    again = _open(qtbot, demo_ctx, sheet.meeting_id).case_pages[page.case.hearing_id]
    assert any("Restore it?" in q and "the declaration by" in q for q in messenger.questions)
    box = again.declarations
    assert box.description.text() == TYPED + "." and box.member.currentData() == member
    assert not box.leaves.isChecked() and box.unsaved()
    assert box.declare()
    assert drafts.find_draft(demo_ctx, f"declaration:{page.case.hearing_id}") is None


def test_no_to_restoring_throws_the_declaration_draft_away(
    qtbot: QtBot, demo_ctx: ServiceContext, messenger: RecordingMessenger
) -> None:
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    page, _member = _type(qtbot, _open(qtbot, demo_ctx, sheet.meeting_id))
    page.declarations.drafts.keep_now()
    messenger.answer = False
    again = _open(qtbot, demo_ctx, sheet.meeting_id).case_pages[page.case.hearing_id]
    assert again.declarations.description.text() == ""
    assert drafts.find_draft(demo_ctx, f"declaration:{page.case.hearing_id}") is None


def test_a_refused_declaration_keeps_the_typing_and_the_window(
    typed: tuple[PanelDayView, CasePage, int, int],
    messenger: RecordingMessenger,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view, page, meeting_id, _member = typed

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise ValidationError("Only someone on this sitting's roster can declare an interest here.")

    monkeypatch.setattr(panel_day, "declare_interest", refuse)
    messenger.on_unsaved = "save"
    view.select_sitting(_other_sitting(view, meeting_id))
    assert view.sitting.currentData() == meeting_id
    assert page.declarations.description.text() == TYPED
    assert any("roster" in e for e in messenger.errors)
