"""Sign-off is the chair's act (issue 20; Statutory guidance 2013 para 3.84: the chair approves the
minutes as an accurate record): the signed-in user linked to the panel's chair or vice chair
signs as themselves; an administrator records it on their behalf, named; anyone else is refused
and nothing changes. The history names people, never the computer login."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import AppUser, Meeting, Panel
from panelapp import clock
from panelapp.domain.vocab import UserRole
from panelapp.services import panel_day
from panelapp.services.context import CurrentUser, ServiceContext
from panelapp.services.errors import PermissionDenied
from tests.services.panel_day.support import walkthrough_sitting


def link_user_to_panel_role(ctx: ServiceContext, username: str, meeting_id: int, role: str) -> int:
    """An app user linked (app_user.member_id) to the sitting's panel chair or vice chair."""
    with ctx.sessions.begin() as session:
        panel = session.get(Panel, session.get(Meeting, meeting_id).panel_id)  # type: ignore[union-attr]
        assert panel is not None
        member_id = panel.chair_id if role == "chair" else panel.vice_chair_id
        assert member_id is not None
        user = session.scalar(select(AppUser).where(AppUser.username == username))
        if user is None:
            user = AppUser(username=username, display_name=username, role=UserRole.CHAIR.value)
            session.add(user)
        user.member_id = member_id
        return member_id


def _with_chair(ctx: ServiceContext) -> tuple[int, int]:
    sheet = walkthrough_sitting(ctx)
    clock.set_today(sheet.date)
    doc = panel_day.open_minutes(ctx, sheet.meeting_id)
    sent = panel_day.send_to_chair(ctx, sheet.meeting_id, doc.version)
    return sheet.meeting_id, sent.version


@pytest.mark.parametrize("role", ["chair", "vice_chair"])
def test_the_panels_chair_or_vice_chair_signs_as_themselves(demo_ctx: ServiceContext, role: str) -> None:
    meeting_id, version = _with_chair(demo_ctx)
    user = CurrentUser("esme.w", "Esme Whitfield", UserRole.CHAIR)
    link_user_to_panel_role(demo_ctx, user.username, meeting_id, role)
    chair_ctx = ServiceContext(demo_ctx.engine, user)
    assert panel_day.sign_off_right(chair_ctx, meeting_id).as_chair == "Esme Whitfield"
    final = panel_day.sign_off(chair_ctx, meeting_id, version, chair_name="Someone Else")
    assert final.locked and final.signed_off_by == "Esme Whitfield"
    latest = panel_day.revisions(demo_ctx, meeting_id)[0]
    assert latest.saved_by == "Esme Whitfield" and "esme.w" not in latest.label
    assert latest.note.startswith("Signed off by Esme Whitfield on ")


def test_a_chair_of_another_panel_or_not_linked_is_refused_and_nothing_changes(
    demo_ctx: ServiceContext,
) -> None:
    meeting_id, version = _with_chair(demo_ctx)
    stranger = ServiceContext(demo_ctx.engine, CurrentUser("other.chair", "Other Chair", UserRole.CHAIR))
    assert not panel_day.sign_off_right(stranger, meeting_id).may_sign
    with pytest.raises(PermissionDenied, match=r"Only the chair or vice chair of .* Nothing was changed"):
        panel_day.sign_off(stranger, meeting_id, version)
    doc = panel_day.load_minutes(demo_ctx, meeting_id)
    assert doc is not None and doc.state == "with_chair" and doc.signed_off_by is None


def test_an_administrator_records_it_for_the_chair_named(demo_ctx: ServiceContext) -> None:
    meeting_id, version = _with_chair(demo_ctx)
    right = panel_day.sign_off_right(demo_ctx, meeting_id)
    assert right.as_chair is None and right.may_record and right.chairs
    final = panel_day.sign_off(demo_ctx, meeting_id, version)  # the panel's chair by default
    assert final.signed_off_by == right.chairs[0]
    note = panel_day.revisions(demo_ctx, meeting_id)[0].note
    assert f"recorded by Test Admin for {right.chairs[0]}" in note
    assert panel_day.revisions(demo_ctx, meeting_id)[0].saved_by == "Test Admin"  # not test.admin


def test_the_confirmation_summarises_the_sitting_cases_and_outcomes(demo_ctx: ServiceContext) -> None:
    meeting_id, _version = _with_chair(demo_ctx)
    sheet = panel_day.day_sheet(demo_ctx, meeting_id)
    summary = panel_day.sign_off_summary(demo_ctx, meeting_id)
    assert f"{sheet.panel_name}'s sitting on {sheet.date:%d/%m/%Y}" in summary
    for case in sheet.cases:
        assert case.reference in summary
    assert "no recommendation recorded" in summary
