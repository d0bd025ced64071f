"""Compliance register: DBS, appraisals, training for many, declarations, the badge count."""

from __future__ import annotations

from datetime import date

import pytest

from panelapp.domain.membership import Compliance
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ConflictError, ValidationError
from panelapp.services.members import (
    add_declaration,
    end_declaration,
    get_member,
    list_members,
    overdue_compliance_count,
    record_appraisal,
    record_dbs_check,
    record_training,
)
from tests.conftest import DEMO_UNTIL

TODAY = DEMO_UNTIL


def _row(ctx: ServiceContext, member_id: int) -> object:
    return next(r for r in list_members(ctx, TODAY) if r.id == member_id)


def test_a_new_dbs_check_clears_the_overdue_badge_and_keeps_the_old_one(demo_ctx: ServiceContext) -> None:
    overdue = next(r for r in list_members(demo_ctx, TODAY) if r.dbs_state == Compliance.OVERDUE)
    before = overdue_compliance_count(demo_ctx, TODAY)
    record_dbs_check(demo_ctx, overdue.id, date(2026, 11, 1), "001299999999", overdue.version, TODAY)
    row = _row(demo_ctx, overdue.id)
    assert row.dbs_state == Compliance.OK and row.dbs_due == date(2029, 11, 1)  # type: ignore[attr-defined]
    assert overdue_compliance_count(demo_ctx, TODAY) == before - 1
    assert len(get_member(demo_ctx, overdue.id, TODAY).dbs_checks) == 2


def test_compliance_records_refuse_future_dates_and_stale_versions(demo_ctx: ServiceContext) -> None:
    member = list_members(demo_ctx, TODAY)[0]
    with pytest.raises(ValidationError) as raised:
        record_dbs_check(demo_ctx, member.id, date(2027, 1, 1), "1", today=TODAY)
    assert "checked_on" in raised.value.field_errors
    record_appraisal(
        demo_ctx, member.id, date(2026, 10, 1), "Panel chair", "Adviser", "", member.version, TODAY
    )
    with pytest.raises(ConflictError):
        record_appraisal(
            demo_ctx,
            member.id,
            date(2026, 10, 2),
            "Panel chair",
            expected_version=member.version,
            today=TODAY,
        )
    row = _row(demo_ctx, member.id)
    assert row.appraisal_due == date(2027, 10, 1) and row.appraisal_state == Compliance.OK  # type: ignore[attr-defined]


def test_one_training_event_recorded_for_many_members(demo_ctx: ServiceContext) -> None:
    ids = [r.id for r in list_members(demo_ctx, TODAY)[:12]]
    record_training(demo_ctx, "Trauma-informed practice", date(2026, 11, 3), ids, today=TODAY)
    for member_id in ids:
        titles = [t.title for t in get_member(demo_ctx, member_id, TODAY).training]
        assert "Trauma-informed practice" in titles
    with pytest.raises(ValidationError) as raised:
        record_training(demo_ctx, "", None, [], today=TODAY)
    assert set(raised.value.field_errors) == {"title", "held_on", "members"}


def test_declarations_are_ended_not_deleted(demo_ctx: ServiceContext) -> None:
    member = list_members(demo_ctx, TODAY)[0]
    add_declaration(
        demo_ctx, member.id, date(2026, 1, 10), "Knows the Kent family-finding team manager", today=TODAY
    )
    declaration = get_member(demo_ctx, member.id, TODAY).declarations[0]
    assert declaration.active
    end_declaration(demo_ctx, declaration.id, date(2026, 6, 1))
    ended = get_member(demo_ctx, member.id, TODAY).declarations[0]
    assert not ended.active and ended.ended_on == date(2026, 6, 1)
