"""Typed work survives a crash (issue 20): the recommendation and grading forms keep a draft a few
seconds after typing stops (a 0600 file of the user's own); saving or discarding removes it; the
next start offers it back. A process killed (SIGKILL) mid-typing loses only the last seconds."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db.engine import make_engine
from panelapp.domain import case_types
from panelapp.domain.vocab import UserRole
from panelapp.services import drafts, panel_day
from panelapp.services.context import CurrentUser, ServiceContext
from tests.services.panel_day.support import on_the_day, walkthrough_sitting
from tests.ui.panel_day.fakes import RecordingMessenger
from ui.panel_day.case_page import CasePage
from ui.panel_day.view import PanelDayView
from ui.shell import messages

HELPER = Path(__file__).with_name("draft_typing_helper.py")
TYPED = "Thorough assessment; a strong support network"


@pytest.fixture
def messenger(monkeypatch: pytest.MonkeyPatch) -> RecordingMessenger:
    fake = RecordingMessenger(confirm=True)
    monkeypatch.setattr(messages, "messenger", fake)
    return fake


def _open(qtbot: QtBot, ctx: ServiceContext, meeting_id: int) -> PanelDayView:
    view = PanelDayView(ctx)
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    view.select_sitting(meeting_id)
    return view


def _recordable_page(view: PanelDayView) -> CasePage:
    return next(p for p in view.case_pages.values() if not case_types.get(p.case.case_type).noted_only)


def _type(qtbot: QtBot, page: CasePage) -> None:
    form = page.recommendation
    next(r for r in form.radios.values() if not r.isHidden()).setChecked(True)
    qtbot.keyClicks(form.reasons, TYPED)


def test_typing_keeps_a_draft_and_saving_removes_it(
    qtbot: QtBot, demo_ctx: ServiceContext, messenger: RecordingMessenger
) -> None:
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    page = _recordable_page(_open(qtbot, demo_ctx, sheet.meeting_id))
    form = page.recommendation
    form.drafts.timer.setInterval(50)
    _type(qtbot, page)
    with qtbot.waitSignal(form.drafts.kept, timeout=5000):
        pass
    key = f"recommendation:{page.case.hearing_id}"
    draft = drafts.find_draft(demo_ctx, key)
    assert draft is not None and draft.fields["reasons"] == TYPED
    assert draft.what == f"the recommendation for {page.case.reference}"
    path = drafts.drafts_path(demo_ctx)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # half-typed reasons about a family: the user's alone
    assert form.save() is not None
    assert drafts.find_draft(demo_ctx, key) is None


def test_discarding_the_typing_removes_its_draft(
    qtbot: QtBot, demo_ctx: ServiceContext, messenger: RecordingMessenger
) -> None:
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    view = _open(qtbot, demo_ctx, sheet.meeting_id)
    page = _recordable_page(view)
    _type(qtbot, page)
    page.recommendation.drafts.keep_now()
    assert drafts.find_draft(demo_ctx, f"recommendation:{page.case.hearing_id}") is not None
    view.discard_unsaved()
    assert drafts.find_draft(demo_ctx, f"recommendation:{page.case.hearing_id}") is None
    assert page.recommendation.reasons.toPlainText() == ""


def test_a_grade_draft_is_offered_back_and_no_throws_it_away(
    qtbot: QtBot, demo_ctx: ServiceContext, messenger: RecordingMessenger
) -> None:
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    page = next(p for p in _open(qtbot, demo_ctx, sheet.meeting_id).case_pages.values() if p.gradings)
    grading = page.gradings[0]
    grading.strengths.setPlainText("Clear analysis of the applicants' history")
    grading.drafts.keep_now()
    messenger.answer = False  # "No" to restoring: the draft goes
    again = _open(qtbot, demo_ctx, sheet.meeting_id).case_pages[page.case.hearing_id]
    assert any(
        f"the {grading.paper.paper_type} grade for {page.case.reference}" in q for q in messenger.questions
    )
    assert again.gradings[0].strengths.toPlainText() == grading.paper.strengths
    assert drafts.find_draft(demo_ctx, f"grading:{page.case.hearing_id}:{grading.paper.paper_type}") is None


def test_drafts_are_kept_apart_per_user(demo_ctx: ServiceContext) -> None:
    other = ServiceContext(demo_ctx.engine, CurrentUser("another", "Another", UserRole.ADMINISTRATOR))
    drafts.keep_draft(demo_ctx, "recommendation:1", "the recommendation for X", {"reasons": "mine"})
    assert drafts.find_draft(other, "recommendation:1") is None
    assert drafts.list_drafts(demo_ctx, "recommendation:")[0].fields == {"reasons": "mine"}


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX only")
def test_killed_while_typing_a_recommendation_the_next_start_restores_it(
    demo_ctx: ServiceContext, tmp_path: Path, qtbot: QtBot, messenger: RecordingMessenger
) -> None:
    sheet = on_the_day(demo_ctx, walkthrough_sitting(demo_ctx))
    hearing_id = next(c.hearing_id for c in sheet.cases if not case_types.get(c.case_type).noted_only)
    db_url = f"sqlite:///{tmp_path / 'panelapp.sqlite3'}"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PANELAPP_TODAY": sheet.date.isoformat()}
    process = subprocess.Popen(
        [sys.executable, str(HELPER), db_url, str(sheet.meeting_id), str(hearing_id), TYPED],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "DRAFT KEPT"
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    # The next start, as the same user on the same database: nothing saved, the typing offered back.
    fresh = ServiceContext(make_engine(db_url), CurrentUser("typist", "Typist", UserRole.ADMINISTRATOR))
    assert panel_day.get_recommendation(fresh, hearing_id) is None
    page = _open(qtbot, fresh, sheet.meeting_id).case_pages[hearing_id]
    assert messenger.questions and "Restore it?" in messenger.questions[-1]
    assert page.recommendation.reasons.toPlainText().startswith(TYPED)
    assert page.recommendation.outcome() and page.recommendation.unsaved()
    assert page.recommendation.save() is not None
    saved = panel_day.get_recommendation(fresh, hearing_id)
    assert saved is not None and saved.reasons.startswith(TYPED)
