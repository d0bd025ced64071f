"""Reopening final minutes is for the panel's chair or an administrator (issue 18).

The database allows a reopen only by chair or administrator logins (migration 0006's lock);
the app asked only for EDIT_MINUTES, which advisers hold, so an adviser was let through by
the app and refused by PostgreSQL. The app's permission now matches the database's.
"""

from __future__ import annotations

import pytest

from panelapp.domain.permissions import Permission, allows
from panelapp.domain.vocab import UserRole
from panelapp.services import panel_day
from panelapp.services.context import CurrentUser, ServiceContext
from panelapp.services.errors import PermissionDenied
from tests.services.panel_day.test_minutes_service import CHAIR, _on_sitting_day, _started
from tests.services.panel_day.test_minutes_sign_off import link_user_to_panel_role

ADVISER = CurrentUser("adviser", "Ada Adviser", UserRole.ADVISER)


@pytest.mark.parametrize(
    ("role", "may"),
    [
        (UserRole.ADMINISTRATOR, True),
        (UserRole.CHAIR, True),
        (UserRole.ADVISER, False),
        (UserRole.VIEWER, False),
    ],
)
def test_who_may_reopen_final_minutes(role: UserRole, may: bool) -> None:
    assert allows(role, Permission.REOPEN_MINUTES) is may


def test_an_adviser_cannot_reopen_final_minutes_and_the_chair_can(demo_ctx: ServiceContext) -> None:
    doc = _started(demo_ctx)
    _on_sitting_day(demo_ctx, doc.meeting_id)
    link_user_to_panel_role(demo_ctx, CHAIR.username, doc.meeting_id, "chair")
    chair = ServiceContext(demo_ctx.engine, CHAIR)
    with_chair = panel_day.send_to_chair(demo_ctx, doc.meeting_id, doc.version)
    final = panel_day.sign_off(chair, doc.meeting_id, with_chair.version)
    with pytest.raises(PermissionDenied, match="reopen minutes"):
        panel_day.reopen(ServiceContext(demo_ctx.engine, ADVISER), doc.meeting_id, "typo", final.version)
    assert panel_day.load_minutes(demo_ctx, doc.meeting_id).state == "final"  # type: ignore[union-attr]
    reopened = panel_day.reopen(chair, doc.meeting_id, "Wrong date in item 3", final.version)
    assert reopened.state == "draft"
