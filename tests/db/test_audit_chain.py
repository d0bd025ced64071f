"""The audit trail's hash chain on SQLite: `audit --verify` proves nothing was removed or altered.

Issue 18, failure 2: the trail could be rewritten without trace. UK GDPR Art. 5(1)(f) and
Art. 32 (integrity), and the Adoption Agencies Regulations 2005 reg 41 (records kept safe).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.audit_chain import row_hash, values_hash
from db.models import AuditEntry, Member, Minutes, MinutesRevision
from panelapp.domain.permissions import Permission
from panelapp.services.admin import verify_audit
from panelapp.services.context import ServiceContext


def _db(ctx: ServiceContext) -> Path:
    assert ctx.engine.url.database
    return Path(ctx.engine.url.database)


def _edit_members(ctx: ServiceContext, count: int = 3) -> None:
    for i in range(count):
        with ctx.write(Permission.EDIT_MEMBERS, f"phone {i}") as session:
            member = session.scalars(select(Member).order_by(Member.id)).first()
            assert member is not None
            member.phone = f"01632 96000{i}"


def _tamper(ctx: ServiceContext, sql: str) -> None:
    ctx.engine.dispose()
    con = sqlite3.connect(_db(ctx))
    con.execute(sql)
    con.commit()
    con.close()


def test_the_chain_digests_are_the_documented_ones() -> None:
    """Pinned digests: the SQL copy in migration 0006 is checked against these on PostgreSQL."""
    from datetime import datetime

    digest = values_hash(None, '{"phone": "1"}')
    assert digest == values_hash("", '{"phone": "1"}')  # no values and empty values read alike
    assert digest != values_hash('{"phone": "1"}', None)  # but never across before/after
    at = datetime(2026, 11, 20, 9, 30, 0, 123456)
    one = row_hash("", at, "jo", "update", "member", "1", "x", digest)
    assert one != row_hash("", at, "j", "oupdate", "member", "1", "x", digest)  # fields cannot slide


def test_a_fresh_trail_verifies_and_every_save_extends_it(demo_ctx: ServiceContext) -> None:
    _edit_members(demo_ctx)
    report = verify_audit(demo_ctx)
    assert report.intact, report.problems
    with demo_ctx.read() as session:
        assert report.rows == session.scalar(select(func.count(AuditEntry.id)))
        assert session.scalar(select(func.count()).where(AuditEntry.hash == "")) == 0
    assert "intact" in report.message()


def test_an_altered_value_is_found(demo_ctx: ServiceContext) -> None:
    _edit_members(demo_ctx)
    _tamper(
        demo_ctx,
        """UPDATE audit_log SET after = '{"phone": "forged"}' WHERE id = (SELECT max(id) FROM audit_log)""",
    )
    report = verify_audit(demo_ctx)
    assert not report.intact
    assert "before/after values were changed" in report.message()


def test_a_changed_author_breaks_the_chain(demo_ctx: ServiceContext) -> None:
    _edit_members(demo_ctx)
    _tamper(
        demo_ctx,
        "UPDATE audit_log SET author = 'someone.else' WHERE id = (SELECT max(id) - 1 FROM audit_log)",
    )
    report = verify_audit(demo_ctx)
    assert not report.intact and "the chain breaks here" in report.message()


def test_a_removed_row_in_the_middle_is_found(demo_ctx: ServiceContext) -> None:
    _edit_members(demo_ctx)
    _tamper(demo_ctx, "DELETE FROM audit_log WHERE id = (SELECT max(id) - 1 FROM audit_log)")
    report = verify_audit(demo_ctx)
    assert not report.intact and "a row before it was removed" in report.message()


def test_the_newest_rows_removed_are_found(demo_ctx: ServiceContext) -> None:
    _edit_members(demo_ctx)
    _tamper(demo_ctx, "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    report = verify_audit(demo_ctx)
    assert not report.intact and "were removed" in report.message()


def test_audit_verify_on_the_command_line_exits_1_when_tampered(demo_ctx: ServiceContext) -> None:
    import pwd

    from panelapp.services.admin import save_user

    save_user(demo_ctx, pwd.getpwuid(os.getuid()).pw_name, "administrator")
    _edit_members(demo_ctx)
    url = f"sqlite:///{_db(demo_ctx)}"
    ok = subprocess.run(
        [sys.executable, "-m", "panelapp", "--db", url, "audit", "--verify"], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    assert "The audit trail is intact" in ok.stdout
    _tamper(demo_ctx, "DELETE FROM audit_log WHERE id = 5")
    bad = subprocess.run(
        [sys.executable, "-m", "panelapp", "--db", url, "audit", "--verify"], capture_output=True, text=True
    )
    assert bad.returncode == 1
    assert "has been tampered with" in bad.stdout and "Row 6" in bad.stdout


def test_minutes_versions_are_audited_on_sqlite(demo_ctx: ServiceContext) -> None:
    """Issue 18 failure 2: saved minutes versions could go without an audit row."""
    with demo_ctx.write(Permission.EDIT_MINUTES, "version kept") as session:
        minutes_id = session.scalars(select(Minutes.id).order_by(Minutes.id)).first()
        assert minutes_id is not None
        revision = MinutesRevision(minutes_id=minutes_id, saved_by="x", kind="save", content={"s": "text"})
        session.add(revision)
    with demo_ctx.write(Permission.EDIT_MINUTES, "version removed") as session:
        session.delete(session.get(MinutesRevision, revision.id))
        gone = revision.id
    with demo_ctx.read() as session:
        actions = session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.table_name == "minutes_revision", AuditEntry.row_id == str(gone))
            .order_by(AuditEntry.id)
        ).all()
    assert actions == ["insert", "delete"]
    assert verify_audit(demo_ctx).intact


def test_an_entry_a_service_adds_itself_joins_the_chain(demo_ctx: ServiceContext) -> None:
    with demo_ctx.write(Permission.EDIT_SETTINGS, "override noted") as session:
        session.add(AuditEntry(author="forged.name", action="override", table_name="withheld_name",
                               row_id="", before=None, after={"file": "x.pdf"}, summary="override noted"))  # fmt: skip
    with demo_ctx.read() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert last is not None and last.action == "override" and last.author == "test.admin"
    assert verify_audit(demo_ctx).intact


@pytest.mark.parametrize("role", ["viewer", "chair"])
def test_only_those_who_read_the_trail_may_verify_it(demo_ctx: ServiceContext, role: str) -> None:
    from panelapp.domain.vocab import UserRole
    from panelapp.services.context import CurrentUser
    from panelapp.services.errors import PermissionDenied

    other = ServiceContext(demo_ctx.engine, CurrentUser("someone", "Someone", UserRole(role)))
    with pytest.raises(PermissionDenied):
        verify_audit(other)
