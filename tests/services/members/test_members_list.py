"""The central list: one-query listing, saving with versions, status history, audit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from db.models import AuditEntry, Member, MemberStatusPeriod
from panelapp.domain.membership import Compliance
from panelapp.services import agency
from panelapp.services.context import ServiceContext, open_database
from panelapp.services.errors import ConflictError, PermissionDenied, ValidationError
from panelapp.services.members import (
    MemberInput,
    add_status_period,
    get_member,
    list_members,
    member_choices,
    overdue_compliance_count,
    save_member,
)
from tests.conftest import DEMO_UNTIL

TODAY = DEMO_UNTIL


def _by_name(ctx: ServiceContext) -> dict[str, object]:
    return {r.name: r for r in list_members(ctx, TODAY)}


def test_demo_list_has_40_members_with_roles_panels_status_and_pqe(demo_ctx: ServiceContext) -> None:
    rows = list_members(demo_ctx, TODAY)
    assert len(rows) == 40
    on_leave = [r for r in rows if r.status == "on_leave"]
    assert [r.status_note for r in on_leave] == ["maternity leave"]
    assert [r.status for r in rows].count("left") == 1
    social = [r for r in rows if "social_worker" in r.roles]
    assert len(social) == 8 and all(r.pqe is not None and r.pqe > 3 for r in social)
    assert all(r.pqe is None for r in rows if "social_worker" not in r.roles)
    vice = next(r for r in rows if "vice_chair" in r.roles)
    assert vice.roles == ("vice_chair", "independent") and vice.panels[0].startswith("Panel ")
    staff = [r for r in rows if r.roles in (("adviser",), ("administrator",))]
    assert len(staff) == 6 and all(r.dbs_state == Compliance.NOT_NEEDED for r in staff)


def test_badge_count_agrees_with_the_table(demo_ctx: ServiceContext) -> None:
    for today in (date(2025, 6, 1), date(2026, 3, 1), TODAY):
        rows = list_members(demo_ctx, today)
        assert overdue_compliance_count(demo_ctx, today) == sum(r.overdue_count for r in rows)
    assert overdue_compliance_count(demo_ctx, TODAY) > 0


def _new_social_worker() -> MemberInput:
    return MemberInput(
        first_name="Priya",
        last_name="Nandakumar",
        roles=("social_worker",),
        email="priya.n@example.org",
        qualified_on=date(2020, 7, 1),
        joined_on=date(2026, 1, 5),
    )


def test_add_then_edit_a_member_keeps_role_history_and_writes_audit(demo_ctx: ServiceContext) -> None:
    panel = member_choices(demo_ctx).panels[0]
    data = replace(_new_social_worker(), home_panel_id=panel.id)
    member_id = save_member(demo_ctx, None, data, today=TODAY)
    detail = get_member(demo_ctx, member_id, TODAY)
    assert detail.details.roles == ("social_worker",) and detail.statuses[0].status == "active"
    edited = replace(detail.details, roles=("vice_chair", "social_worker"), phone="01234 567890")
    save_member(demo_ctx, member_id, edited, expected_version=detail.version, today=TODAY)
    row = _by_name(demo_ctx)["Priya Nandakumar"]
    assert row.roles == ("vice_chair", "social_worker") and row.panels == (panel.name,)  # type: ignore[attr-defined]
    with demo_ctx.read() as session:
        entries = session.execute(
            select(AuditEntry.action, AuditEntry.after, AuditEntry.author, AuditEntry.row_id)
            .where(AuditEntry.table_name == "member")
            .order_by(AuditEntry.id)
        ).all()
    # (the audit hook leaves row_id blank on inserts; the inserted row's id is in `after`)
    audit = [e for e in entries if e[3] == str(member_id) or (e[1] or {}).get("id") == member_id]
    assert [a[0] for a in audit] == ["insert", "update"]
    assert audit[1][1] == {"phone": "01234 567890"} and audit[1][2] == "test.admin"


def test_removing_a_role_ends_it_rather_than_deleting_it(demo_ctx: ServiceContext) -> None:
    vice = next(r for r in list_members(demo_ctx, TODAY) if "vice_chair" in r.roles)
    detail = get_member(demo_ctx, vice.id, TODAY)
    save_member(demo_ctx, vice.id, replace(detail.details, roles=("independent",)), detail.version, TODAY)
    history = get_member(demo_ctx, vice.id, TODAY).role_history
    ended = [h for h in history if h[0] == "vice_chair"]
    assert ended and ended[0][2] == date(2026, 11, 19)


def test_a_stale_save_is_refused_naming_who_changed_it(demo_ctx: ServiceContext) -> None:
    member = list_members(demo_ctx, TODAY)[0]
    detail = get_member(demo_ctx, member.id, TODAY)
    save_member(demo_ctx, member.id, replace(detail.details, phone="1"), detail.version, TODAY)
    with pytest.raises(ConflictError, match=r"changed by test\.admin"):
        save_member(demo_ctx, member.id, replace(detail.details, phone="2"), detail.version, TODAY)
    assert get_member(demo_ctx, member.id, TODAY).details.phone == "1"


def test_validation_names_fields_and_saves_nothing(demo_ctx: ServiceContext) -> None:
    existing = list_members(demo_ctx, TODAY)[0]
    bad = replace(_new_social_worker(), qualified_on=None, email=existing.email)
    with pytest.raises(ValidationError) as raised:
        save_member(demo_ctx, None, bad, today=TODAY)
    assert set(raised.value.field_errors) == {"qualified_on", "email"}
    assert existing.name.split()[-1] in raised.value.field_errors["email"]
    assert len(list_members(demo_ctx, TODAY)) == 40


def test_status_periods_are_history_never_overwritten(demo_ctx: ServiceContext) -> None:
    member = next(r for r in list_members(demo_ctx, TODAY) if r.status == "active")
    add_status_period(
        demo_ctx, member.id, "on_leave", date(2026, 9, 1), "maternity leave", end=date(2026, 10, 31)
    )
    statuses = get_member(demo_ctx, member.id, TODAY).statuses
    assert [(s.status, s.end) for s in statuses][-3:] == [
        ("active", date(2026, 8, 31)),
        ("on_leave", date(2026, 10, 31)),
        ("active", None),
    ]
    assert list_members(demo_ctx, date(2026, 9, 15))[0] is not None
    assert (
        next(r for r in list_members(demo_ctx, date(2026, 9, 15)) if r.id == member.id).status == "on_leave"
    )
    with pytest.raises(ValidationError, match="never rewritten"):
        add_status_period(demo_ctx, member.id, "left", date(2026, 8, 1))
    with demo_ctx.read() as session:
        assert (
            session.scalar(
                select(func.count(MemberStatusPeriod.id)).where(MemberStatusPeriod.member_id == member.id)
            )
            == 3
        )


def test_a_viewer_cannot_edit_members(demo_ctx: ServiceContext) -> None:
    from panelapp.domain.vocab import UserRole
    from panelapp.services.context import CurrentUser

    viewer = ServiceContext(demo_ctx.engine, CurrentUser("v", "V", UserRole.VIEWER))
    with pytest.raises(PermissionDenied):
        save_member(viewer, None, _new_social_worker(), today=TODAY)


@pytest.mark.pg
def test_listing_and_badge_work_on_postgresql(pg_url: str) -> None:
    ctx, _ = open_database(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
    agency.load_demo_data(ctx, until=TODAY)
    rows = list_members(ctx, TODAY)
    assert len(rows) == 40 and sum(r.status == "on_leave" for r in rows) == 1
    assert overdue_compliance_count(ctx, TODAY) == sum(r.overdue_count for r in rows)
    with ctx.read() as session:
        assert session.scalar(select(func.count(Member.id))) == 40
    ctx.engine.dispose()
