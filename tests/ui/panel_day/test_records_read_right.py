"""Records that read right on the case page (issue 20): the vote defaults to the members counted
for that case at that moment (AAR 2005 reg 6: quorum, and so the vote, is per case), following a
member who declares and leaves the room; a grade for a paper never received needs a confirmation
and No saves nothing."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from db.models import CasePaper, Hearing
from panelapp.domain import case_types
from panelapp.services import panel_day
from panelapp.services.context import ServiceContext
from tests.services.panel_day.support import on_the_day, walkthrough_sitting
from tests.ui.panel_day.fakes import RecordingMessenger
from ui.panel_day.case_page import CasePage
from ui.panel_day.view import PanelDayView
from ui.shell import messages


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> RecordingMessenger:
    made = RecordingMessenger(confirm=False)
    monkeypatch.setattr(messages, "messenger", made)
    return made


def _view(qtbot: QtBot, ctx: ServiceContext) -> tuple[PanelDayView, int]:
    sheet = on_the_day(ctx, walkthrough_sitting(ctx))
    view = PanelDayView(ctx, today=sheet.date)
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    view.select_sitting(sheet.meeting_id)
    return view, sheet.meeting_id


def _recordable(view: PanelDayView) -> CasePage:
    return next(p for p in view.case_pages.values() if not case_types.get(p.case.case_type).noted_only)


def test_the_vote_follows_a_member_leaving_the_room_for_the_case(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: RecordingMessenger
) -> None:
    view, _ = _view(qtbot, demo_ctx)
    page = _recordable(view)
    counted = page.case.quorum.members_counted
    assert page.recommendation.vote_for.value() == counted
    member = page.declarations.member.itemData(1)
    page.declarations.choose_member(member)
    page.declarations.description.setText("Knows the applicants through church")
    page.declarations.leaves.setChecked(True)
    page.declarations.declare()
    page = view.case_pages[page.case.hearing_id]
    assert page.case.quorum.members_counted == counted - 1
    assert page.recommendation.vote_for.value() == counted - 1
    assert not page.recommendation.unsaved()  # a default that followed is not typing


def test_a_typed_vote_is_not_overwritten(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: RecordingMessenger
) -> None:
    view, _ = _view(qtbot, demo_ctx)
    page = _recordable(view)
    page.recommendation.vote_for.setValue(5)
    page.recommendation.vote_against.setValue(1)
    page.declarations.choose_member(page.declarations.member.itemData(1))
    page.declarations.description.setText("Former colleague of the social worker")
    page.declarations.declare()
    assert view.case_pages[page.case.hearing_id].recommendation.vote_for.value() == 5


def test_grading_a_paper_never_received_asks_and_no_saves_nothing(
    qtbot: QtBot, demo_ctx: ServiceContext, fake: RecordingMessenger
) -> None:
    view, _ = _view(qtbot, demo_ctx)
    page = next(p for p in view.case_pages.values() if p.gradings)
    grading = page.gradings[0]
    paper = grading.paper.paper_type
    with demo_ctx.sessions.begin() as session:
        case_id = session.get(Hearing, page.case.hearing_id).case_id  # type: ignore[union-attr]
        session.execute(
            update(CasePaper)
            .where(CasePaper.case_id == case_id, CasePaper.paper_type == paper)
            .values(received_on=None)
        )
    before = grading.paper.grade
    grading.grade.setCurrentIndex(1)
    assert grading.save() is None
    assert f"The {paper} for {page.case.reference} is not marked as received" in fake.questions[-1]
    assert view.sheet is not None
    sheet = panel_day.day_sheet(demo_ctx, view.sheet.meeting_id)
    saved = next(p for p in sheet.case(page.case.hearing_id).papers if p.paper_type == paper)
    assert saved.grade == before
    fake.answer = True
    assert grading.save() is not None
