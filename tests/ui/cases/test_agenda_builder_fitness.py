"""The agenda builder's who-is-sitting (issue 16): the roster in short, the sitting's quorum,
anyone not fit to sit in words, and the selected case's quorum (AAR 2005 reg 6)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from panelapp.services import cases, panel_day
from panelapp.services.context import ServiceContext
from panelapp.services.sittings import meeting_quorum, roster
from tests.services.cases.support import TODAY, new_case, new_sitting
from tests.services.members.test_members_fitness import LAPSED, _lapsed_member
from tests.ui.cases.test_cases_agenda_builder import FakeMessenger
from ui.cases.view import CasesView
from ui.shell import messages


@pytest.fixture
def builder_view(
    qtbot: QtBot, demo_ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> tuple[CasesView, int]:
    monkeypatch.setattr(messages, "messenger", FakeMessenger())
    meeting_id = new_sitting(demo_ctx)
    for n in range(2):
        cases.book_case(demo_ctx, new_case(demo_ctx, f"FIT-{n}").id, meeting_id, today=TODAY)
    w = CasesView(demo_ctx)
    qtbot.addWidget(w)
    w.today = TODAY
    w.resize(1366, 768)
    w.show()
    w.refresh()
    w.tabs.setCurrentIndex(1)
    builder = w.agenda_builder
    builder.sittings.setCurrentIndex(builder.sittings.findData(meeting_id))
    return w, meeting_id


def test_who_is_sitting_names_a_member_not_fit_to_sit(
    builder_view: tuple[CasesView, int], demo_ctx: ServiceContext
) -> None:
    w, meeting_id = builder_view
    builder = w.agenda_builder
    lapsed = next(e for e in roster(demo_ctx, meeting_id).entries if e.member_id == _lapsed_member(demo_ctx))
    text = builder.who.text()
    assert text.startswith("Sitting (7): ") and "Quorate." in text
    assert f"⚠ {lapsed.name} is not fit to sit on this date: {LAPSED}" in text


def test_the_selected_case_shows_its_own_quorum(
    builder_view: tuple[CasesView, int], demo_ctx: ServiceContext
) -> None:
    w, meeting_id = builder_view
    builder = w.agenda_builder
    builder.select_row(0)
    assert builder.case_quorum.text() == "Quorate: 7 members."
    chair = next(e.member_id for e in roster(demo_ctx, meeting_id).entries if "chair" in e.roles)
    vice = next(e.member_id for e in roster(demo_ctx, meeting_id).entries if "vice_chair" in e.roles)
    first = meeting_quorum(demo_ctx, meeting_id).cases[0].hearing_id
    for member_id in (chair, vice):
        panel_day.declare_interest(demo_ctx, first, member_id, "Knows the applicants")
    builder.load()
    builder.select_row(0)
    assert builder.case_quorum.text().startswith(
        "Not quorate under regulation 6: neither this panel's chair nor one of its vice chairs"
    )
    builder.select_row(1)
    assert builder.case_quorum.text() == "Quorate: 7 members."
