"""Service plumbing: permissions, audit rows, conflicts, the demo data."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import AuditEntry, Case, Hearing, Member
from panelapp.demo import DemoScale, create_demo_data
from panelapp.domain.permissions import Permission
from panelapp.domain.vocab import UserRole
from panelapp.services import agency
from panelapp.services.context import CurrentUser, ServiceContext, translate_errors
from panelapp.services.errors import ConflictError, PermissionDenied
from tests.conftest import DEMO_UNTIL, new_sqlite_context

VIEWER = CurrentUser("vic.viewer", "Vic Viewer", UserRole.VIEWER)


def test_a_viewer_cannot_write(tmp_path: Path) -> None:
    ctx = new_sqlite_context(tmp_path, VIEWER)
    with pytest.raises(PermissionDenied, match="viewer"), ctx.write(Permission.EDIT_MEMBERS):
        pass


def test_every_change_leaves_an_audit_row_with_author_before_and_after(demo_ctx: ServiceContext) -> None:
    with demo_ctx.write(Permission.EDIT_MEMBERS) as session:
        member = session.scalars(select(Member).order_by(Member.id)).first()
        assert member is not None
        old_phone, member.phone = member.phone, "01632 960001"
        member_id = member.id
    with demo_ctx.read() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.table_name == "member").order_by(AuditEntry.id.desc())
        ).first()
    assert entry is not None
    assert (entry.author, entry.action, entry.row_id) == ("test.admin", "update", str(member_id))
    assert entry.before == {"phone": old_phone} and entry.after == {"phone": "01632 960001"}


def test_a_stale_save_is_a_conflict_not_a_lost_update(demo_ctx: ServiceContext) -> None:
    first = demo_ctx.sessions()
    second = demo_ctx.sessions()
    mine = first.get(Case, 1)
    theirs = second.get(Case, 1)
    assert mine is not None and theirs is not None
    theirs.notes = "their edit"
    second.commit()
    mine.notes = "my edit"
    with pytest.raises(Exception) as caught:
        first.commit()
    first.rollback()
    assert "StaleData" in type(caught.value).__name__
    with demo_ctx.read() as session:
        saved = session.get(Case, 1)
        assert saved is not None and saved.notes == "their edit"
    # what services do with such a clash: a ConflictError in the user's words
    stale = demo_ctx.sessions()
    old = stale.get(Case, 1)
    assert old is not None
    with demo_ctx.write(Permission.EDIT_CASES) as session:
        fresh = session.get(Case, 1)
        assert fresh is not None
        fresh.notes = "newer"
    old.notes = "stale"
    with pytest.raises(ConflictError, match="Someone else changed"), translate_errors():
        stale.commit()


def test_demo_data_is_deterministic_and_has_a_deferral_and_an_adm_disagreement(tmp_path: Path) -> None:
    refs = []
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        ctx = new_sqlite_context(tmp_path / run)
        counts = agency.load_demo_data(ctx, seed=3, until=DEMO_UNTIL)
        assert counts is not None and counts["members"] >= 40 and counts["meetings"] >= 48
        with ctx.read() as session:
            refs.append(list(session.scalars(select(Case.reference).order_by(Case.id))))
            heard_twice = session.execute(select(Hearing.case_id).where(Hearing.sequence == 2)).first()
            from db.models import AdmDecisionRecord

            disagreed = session.scalar(
                select(AdmDecisionRecord.id).where(AdmDecisionRecord.decision == "not_agreed")
            )
        assert heard_twice is not None and disagreed is not None
    assert refs[0] == refs[1]


def test_demo_data_is_only_added_to_an_empty_database(demo_ctx: ServiceContext) -> None:
    assert agency.load_demo_data(demo_ctx) is None


def test_demo_scale_makes_several_agencies(empty_ctx: ServiceContext) -> None:
    with empty_ctx.write(Permission.EDIT_SETTINGS) as session:
        counts = create_demo_data(session, DemoScale(agencies=2, until=DEMO_UNTIL))
    assert counts["agencies"] == 2 and counts["members"] == 80


def test_a_save_from_an_old_copy_names_who_changed_it(demo_ctx: ServiceContext) -> None:
    from panelapp.services.context import check_version

    with demo_ctx.read() as session:
        case = session.get(Case, 2)
        assert case is not None
        seen_version = case.version
    with demo_ctx.write(Permission.EDIT_CASES) as session:
        case = session.get(Case, 2)
        assert case is not None
        case.notes = "edited by the admin"
    with (
        pytest.raises(ConflictError, match=r"changed by test\.admin at"),
        demo_ctx.write(Permission.EDIT_CASES) as session,
    ):
        case = session.get(Case, 2)
        check_version(case, seen_version, "case")


def test_an_insert_is_audited_with_its_new_row_id(demo_ctx: ServiceContext) -> None:
    from db.models import ClosureDay

    with demo_ctx.write(Permission.EDIT_SETTINGS) as session:
        day = ClosureDay(agency_id=demo_ctx.agency_id, day=DEMO_UNTIL, reason="Council closure")
        session.add(day)
        session.flush()
        new_id = day.id
    with demo_ctx.read() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.table_name == "closure_day", AuditEntry.action == "insert")
        ).one()
    assert entry.row_id == str(new_id)
    assert entry.after is not None and entry.after["reason"] == "Council closure"
