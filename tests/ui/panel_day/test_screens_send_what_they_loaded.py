"""Screens send the values they loaded (issue 18's check, issue 20's screens): a change someone
else saved meanwhile is refused with "changed by NAME at TIME", never overwritten, on the Panel
day attendance list, the Calendar's roster and the Settings policy form. Final minutes show
Reopen only to those who may reopen them (chairs and administrators, issue 18)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from panelapp.domain.vocab import UserRole
from panelapp.services import panel_day, sittings
from panelapp.services.agency import agency_policy, read_agency_setup, save_policy
from panelapp.services.context import CurrentUser, ServiceContext
from tests.conftest import DEMO_UNTIL
from tests.services.panel_day.support import on_the_day, walkthrough_sitting
from tests.services.panel_day.test_minutes_service import CHAIR
from tests.services.panel_day.test_minutes_sign_off import link_user_to_panel_role
from tests.ui.panel_day.fakes import RecordingMessenger
from ui.calendar.roster_panel import RosterPanel
from ui.panel_day.minutes_editor import MinutesEditor
from ui.panel_day.view import PanelDayView
from ui.settings.policy_tab import PolicyTab
from ui.shell import messages

OTHER = CurrentUser("jo.other", "Jo Other", UserRole.ADMINISTRATOR)


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> RecordingMessenger:
    fake = RecordingMessenger()
    monkeypatch.setattr(messages, "messenger", fake)
    return fake


def _status(ctx: ServiceContext, meeting_id: int, member_id: int) -> str:
    return next(e.status for e in sittings.roster(ctx, meeting_id).entries if e.member_id == member_id)


def test_attendance_marked_on_a_stale_list_is_refused_not_overwritten(
    qtbot: QtBot, demo_ctx: ServiceContext, told: RecordingMessenger
) -> None:
    sheet = walkthrough_sitting(demo_ctx)
    view = PanelDayView(demo_ctx, autosave_ms=200, today=DEMO_UNTIL)
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    view.select_sitting(sheet.meeting_id)
    view.reload()
    member_id = [a for a in sheet.attendance if a.is_member][-1].member_id
    # Someone else sends her apologies while this list still shows her invited.
    sittings.set_attendance(ServiceContext(demo_ctx.engine, OTHER), sheet.meeting_id, member_id, "apologies")
    view.attendance.select_member(member_id)
    qtbot.mouseClick(view.attendance.buttons["present"], Qt.MouseButton.LeftButton)
    assert len(told.errors) == 1 and "changed by jo.other at " in told.errors[0]
    assert "Nothing was overwritten" in told.errors[0]
    assert _status(demo_ctx, sheet.meeting_id, member_id) == "apologies"
    # The list reloaded with their change: marking her again now works.
    view.attendance.select_member(member_id)
    qtbot.mouseClick(view.attendance.buttons["present"], Qt.MouseButton.LeftButton)
    assert len(told.errors) == 1 and _status(demo_ctx, sheet.meeting_id, member_id) == "present"


def test_the_calendar_roster_refuses_a_stale_status(
    qtbot: QtBot, demo_ctx: ServiceContext, told: RecordingMessenger
) -> None:
    sheet = walkthrough_sitting(demo_ctx)
    panel = RosterPanel(demo_ctx)
    qtbot.addWidget(panel)
    panel.show()
    panel.show_meeting(sheet.meeting_id)
    member_id = [a for a in sheet.attendance if a.is_member][-1].member_id
    sittings.set_attendance(ServiceContext(demo_ctx.engine, OTHER), sheet.meeting_id, member_id, "apologies")
    panel.record(member_id, "present")
    assert told.errors and "changed by jo.other at " in told.errors[0]
    assert _status(demo_ctx, sheet.meeting_id, member_id) == "apologies"


def test_the_policy_form_refuses_to_save_over_a_newer_policy(
    qtbot: QtBot, demo_ctx: ServiceContext, told: RecordingMessenger
) -> None:
    tab = PolicyTab(demo_ctx)
    qtbot.addWidget(tab)
    tab.load(read_agency_setup(demo_ctx))
    years = agency_policy(demo_ctx).retention_years
    save_policy(ServiceContext(demo_ctx.engine, OTHER), {"retention_years": years + 5})
    tab.editors["quorum_min"].set_value(7)
    tab.save_button.click()
    summary = tab.messages.errors.summary.text()
    assert "changed by jo.other at " in summary and "Nothing was overwritten" in summary
    after = agency_policy(demo_ctx)
    assert after.retention_years == years + 5 and after.quorum_min != 7


def test_saving_the_policy_form_unchanged_by_others_is_not_a_conflict(
    qtbot: QtBot, demo_ctx: ServiceContext, told: RecordingMessenger
) -> None:
    """Every setting's loaded value compares equal to the saved one: no false refusal."""
    tab = PolicyTab(demo_ctx)
    qtbot.addWidget(tab)
    tab.load(read_agency_setup(demo_ctx))
    tab.editors["quorum_min"].set_value(7)
    tab.save_button.click()
    assert tab.messages.errors.summary.isHidden() and agency_policy(demo_ctx).quorum_min == 7


def _final_minutes(ctx: ServiceContext) -> int:
    sheet = on_the_day(ctx, walkthrough_sitting(ctx))
    doc = panel_day.open_minutes(ctx, sheet.meeting_id)
    link_user_to_panel_role(ctx, CHAIR.username, sheet.meeting_id, "chair")
    with_chair = panel_day.send_to_chair(ctx, sheet.meeting_id, doc.version)
    panel_day.sign_off(ServiceContext(ctx.engine, CHAIR), sheet.meeting_id, with_chair.version)
    return sheet.meeting_id


@pytest.mark.parametrize(("role", "shown"), [(UserRole.ADVISER, False), (UserRole.ADMINISTRATOR, True)])
def test_reopen_is_offered_only_to_those_who_may_reopen(
    qtbot: QtBot, demo_ctx: ServiceContext, told: RecordingMessenger, role: UserRole, shown: bool
) -> None:
    """Issue 18: REOPEN_MINUTES is the chair's and the administrator's; an adviser saw a Reopen
    button the service then refused."""
    meeting_id = _final_minutes(demo_ctx)
    editor = MinutesEditor(ServiceContext(demo_ctx.engine, CurrentUser("u", "A User", role)))
    qtbot.addWidget(editor)
    editor.show()
    editor.load(meeting_id)
    assert editor.reopen_button.isVisible() is shown
    assert editor.reopen_reason.isVisible() is shown
