"""Members not fit to sit, seen where the administrator works (issue 16): the Calendar's
roster and the Panel day attendance list say why in words; under the agency's "block" rule
marking them present is refused with the reason and nothing changes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import Agency
from panelapp.domain.permissions import Permission
from panelapp.services.context import ServiceContext
from panelapp.services.sittings import roster, set_attendance
from tests.conftest import DEMO_UNTIL
from tests.services.members.test_members_fitness import LAPSED, _lapsed_member, _sitting_with
from tests.ui.panel_day.fakes import RecordingMessenger
from ui.calendar.models import RosterModel
from ui.calendar.roster_panel import RosterPanel
from ui.panel_day.view import PanelDayView
from ui.shell import messages


@pytest.fixture
def messenger(monkeypatch: pytest.MonkeyPatch) -> RecordingMessenger:
    fake = RecordingMessenger()
    monkeypatch.setattr(messages, "messenger", fake)
    return fake


def _view(qtbot: QtBot, ctx: ServiceContext, meeting_id: int) -> PanelDayView:
    view = PanelDayView(ctx, autosave_ms=200, today=DEMO_UNTIL)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.refresh()
    view.select_sitting(meeting_id)
    view.reload()
    return view


def test_the_roster_shows_a_lapsed_dbs_in_words(qtbot: QtBot, demo_ctx: ServiceContext) -> None:
    member_id = _lapsed_member(demo_ctx)
    meeting_id = _sitting_with(demo_ctx, member_id)
    panel = RosterPanel(demo_ctx)
    qtbot.addWidget(panel)
    panel.resize(700, 700)
    panel.show()
    panel.show_meeting(meeting_id)
    row = next(i for i in range(panel.model.rowCount()) if panel.model.entry(i).member_id == member_id)
    cell = panel.model.index(row, RosterModel.FITNESS_COLUMN)
    assert cell.data() == f"⚠ {LAPSED}"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == f"Not fit to sit on this date: {LAPSED}"
    name = panel.model.entry(row).name
    assert panel.cases.isVisible()
    assert f"⚠ {name} is not fit to sit on this date: {LAPSED}" in panel.cases.text()
    other = next(i for i in range(panel.model.rowCount()) if i != row)
    assert panel.model.index(other, RosterModel.FITNESS_COLUMN).data() == "Yes"


def test_the_attendance_list_warns_and_still_marks_present_under_warn(
    qtbot: QtBot, demo_ctx: ServiceContext, messenger: RecordingMessenger
) -> None:
    member_id = _lapsed_member(demo_ctx)
    meeting_id = _sitting_with(demo_ctx, member_id)
    view = _view(qtbot, demo_ctx, meeting_id)
    warning = view.attendance.fitness_warning
    assert warning.isVisible() and f"is not fit to sit on this date: {LAPSED}" in warning.text()
    view.attendance.select_member(member_id)
    qtbot.mouseClick(view.attendance.buttons["present"], Qt.MouseButton.LeftButton)
    assert messenger.errors == []
    status = next(e.status for e in roster(demo_ctx, meeting_id).entries if e.member_id == member_id)
    assert status == "present"


def test_under_block_marking_an_unfit_member_present_is_refused_with_the_reason(
    qtbot: QtBot, demo_ctx: ServiceContext, messenger: RecordingMessenger
) -> None:
    member_id = _lapsed_member(demo_ctx)
    meeting_id = _sitting_with(demo_ctx, member_id)
    set_attendance(demo_ctx, meeting_id, member_id, "apologies")
    with demo_ctx.write(Permission.EDIT_SETTINGS) as session:
        agency = session.scalar(select(Agency))
        assert agency is not None
        agency.fitness_rule = "block"
    view = _view(qtbot, demo_ctx, meeting_id)
    view.attendance.select_member(member_id)
    qtbot.mouseClick(view.attendance.buttons["present"], Qt.MouseButton.LeftButton)
    assert len(messenger.errors) == 1
    assert messenger.errors[0].startswith("Attendance not saved: ")
    assert f": {LAPSED}. The agency does not let a member sit" in messenger.errors[0]
    assert "cannot be marked as sitting for " in messenger.errors[0]
    status = next(e.status for e in roster(demo_ctx, meeting_id).entries if e.member_id == member_id)
    assert status == "apologies"
