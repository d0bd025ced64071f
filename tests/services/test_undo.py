"""Undo my last edit, from the audit trail."""

from __future__ import annotations

from dataclasses import replace

import pytest

from db.models import ClosureDay, utcnow
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import UserRole
from panelapp.services.context import CurrentUser, ServiceContext
from panelapp.services.errors import ConflictError, NotFound
from panelapp.services.members import get_member, list_members, save_member
from panelapp.services.undo import last_change, undo_last_change
from tests.conftest import DEMO_UNTIL


def _edit_phone(ctx: ServiceContext, member_id: int, phone: str) -> None:
    detail = get_member(ctx, member_id, DEMO_UNTIL)
    save_member(
        ctx,
        member_id,
        replace(detail.details, phone=phone),
        expected_version=detail.version,
        today=DEMO_UNTIL,
    )


def test_undo_puts_back_my_last_edit_once(demo_ctx: ServiceContext) -> None:
    since = utcnow()
    member_id = list_members(demo_ctx, DEMO_UNTIL)[0].id
    original = get_member(demo_ctx, member_id, DEMO_UNTIL).details.phone
    _edit_phone(demo_ctx, member_id, "01632 960111")
    change = last_change(demo_ctx, since)
    assert change is not None and "member" in change.description and "phone" in change.description
    undo_last_change(demo_ctx, since)
    assert get_member(demo_ctx, member_id, DEMO_UNTIL).details.phone == original
    with pytest.raises(NotFound, match="nothing of yours to undo"):
        undo_last_change(demo_ctx, since)


def test_undo_refuses_when_someone_changed_it_since(demo_ctx: ServiceContext) -> None:
    since = utcnow()
    member_id = list_members(demo_ctx, DEMO_UNTIL)[0].id
    _edit_phone(demo_ctx, member_id, "01632 960222")
    colleague = ServiceContext(demo_ctx.engine, CurrentUser("sam", "Sam", UserRole.ADMINISTRATOR))
    _edit_phone(colleague, member_id, "01632 960333")
    with pytest.raises(ConflictError, match="changed this member since"):
        undo_last_change(demo_ctx, since)
    assert get_member(demo_ctx, member_id, DEMO_UNTIL).details.phone == "01632 960333"


def test_a_change_that_added_records_is_not_undone_here(demo_ctx: ServiceContext) -> None:
    since = utcnow()
    with demo_ctx.write(Permission.EDIT_SETTINGS, "closure day added") as session:
        session.add(ClosureDay(agency_id=demo_ctx.agency_id, day=DEMO_UNTIL, reason="Closed"))
    with pytest.raises(ConflictError, match="added or removed records"):
        undo_last_change(demo_ctx, since)
