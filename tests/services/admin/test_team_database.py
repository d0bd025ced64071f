"""The shared PostgreSQL database: database roles, audit by triggers, conflicts, lost connections.

Runs against the real server on 127.0.0.1:5432 (skipped, with the reason, when it does not answer).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from db.engine import make_engine
from db.migrate import upgrade_database
from db.models import AuditEntry, Member
from panelapp.domain.permissions import Permission
from panelapp.services import agency
from panelapp.services.admin import save_user
from panelapp.services.context import ServiceContext, check_version, translate_errors
from panelapp.services.errors import ConflictError, ConnectionLost, ValidationError
from tests.conftest import DEMO_UNTIL

pytestmark = pytest.mark.pg


@pytest.fixture
def pg_ctx(pg_url: str) -> Iterator[ServiceContext]:
    engine = make_engine(pg_url)
    upgrade_database(engine)
    ctx = ServiceContext(engine)  # signed in as the database login (postgres): first user = admin
    agency.load_demo_data(ctx, until=DEMO_UNTIL)
    yield ctx
    engine.dispose()


@pytest.fixture
def login_name() -> Iterator[str]:
    name = f"pa_{uuid.uuid4().hex[:8]}"
    yield name
    admin = create_engine(
        "postgresql+psycopg://postgres@127.0.0.1:5432/postgres", isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
    admin.dispose()


def _as(pg_url: str, login: str) -> str:
    return make_url(pg_url).set(username=login).render_as_string(hide_password=False)


def test_a_viewer_login_cannot_write_even_with_plain_sql(
    pg_ctx: ServiceContext, pg_url: str, login_name: str
) -> None:
    save_user(pg_ctx, login_name, "viewer", "Vera Viewer", password="not-a-real-secret")
    viewer = create_engine(_as(pg_url, login_name))
    try:
        with viewer.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM member")) > 0  # may read
        with pytest.raises(ProgrammingError, match="permission denied"), viewer.begin() as conn:
            conn.execute(
                text("INSERT INTO closure_day (agency_id, day, reason) VALUES (1, '2030-01-02', 'x')")
            )
        with pytest.raises(ProgrammingError, match="permission denied"), viewer.begin() as conn:
            conn.execute(text("UPDATE member SET last_name = 'Hacked'"))
        with pytest.raises(ProgrammingError, match="permission denied"), viewer.begin() as conn:
            conn.execute(text("DELETE FROM audit_log"))
    finally:
        viewer.dispose()


def test_an_adviser_login_may_edit_cases_but_not_settings(
    pg_ctx: ServiceContext, pg_url: str, login_name: str
) -> None:
    save_user(pg_ctx, login_name, "adviser", password="not-a-real-secret")
    adviser = create_engine(_as(pg_url, login_name))
    try:
        with adviser.begin() as conn:
            conn.execute(text("UPDATE \"case\" SET notes = 'papers chased' WHERE id = 1"))
        with pytest.raises(ProgrammingError, match="permission denied"), adviser.begin() as conn:
            conn.execute(text("UPDATE agency SET quorum_min = 2"))
        with adviser.connect() as conn:
            author = conn.scalar(
                text("SELECT author FROM audit_log WHERE table_name = 'case' ORDER BY id DESC LIMIT 1")
            )
        assert author == login_name  # written by the trigger, whoever the client was
    finally:
        adviser.dispose()


def test_audit_rows_come_from_the_database_once_per_change(pg_ctx: ServiceContext) -> None:
    with pg_ctx.write(Permission.EDIT_MEMBERS, "phone updated") as session:
        member = session.scalars(select(Member).order_by(Member.id)).first()
        assert member is not None
        member.phone = "01632 960002"
        member_id = member.id
    with pg_ctx.read() as session:
        rows = session.scalars(
            select(AuditEntry).where(
                AuditEntry.table_name == "member",
                AuditEntry.row_id == str(member_id),
                AuditEntry.action == "update",
            )
        ).all()
    assert len(rows) == 1
    assert rows[0].author == "postgres" and rows[0].after == {"phone": "01632 960002"}
    assert rows[0].summary == "phone updated"


def test_two_people_saving_the_same_member_get_a_conflict_not_a_lost_update(
    pg_url: str, pg_ctx: ServiceContext
) -> None:
    other = ServiceContext(make_engine(pg_url))
    with pg_ctx.read() as session:
        seen = session.scalars(select(Member).order_by(Member.id)).first()
        assert seen is not None
    # they save first
    with other.write(Permission.EDIT_MEMBERS) as session:
        theirs = session.get(Member, seen.id)
        assert theirs is not None
        check_version(theirs, seen.version, "member")
        theirs.notes = "their note"
    # my save, based on the version I saw, is refused and names them
    with (
        pytest.raises(ConflictError, match="changed by postgres"),
        pg_ctx.write(Permission.EDIT_MEMBERS) as session,
    ):
        mine = session.get(Member, seen.id)
        assert mine is not None
        check_version(mine, seen.version, "member")
        mine.notes = "my note"
    # and the ORM's own version check catches a stale in-memory copy as well
    stale_session = pg_ctx.sessions()
    stale = stale_session.get(Member, seen.id)
    assert stale is not None
    with other.write(Permission.EDIT_MEMBERS) as session:
        fresh = session.get(Member, seen.id)
        assert fresh is not None
        fresh.notes = "newer note"
    stale.notes = "stale note"
    with pytest.raises(ConflictError), translate_errors():
        stale_session.commit()
    stale_session.close()
    with pg_ctx.read() as session:
        saved = session.get(Member, seen.id)
        assert saved is not None and saved.notes == "newer note"
    other.engine.dispose()


def test_a_dropped_connection_mid_save_loses_nothing_committed_and_recovers(
    pg_ctx: ServiceContext, pg_url: str
) -> None:
    with pg_ctx.write(Permission.EDIT_MEMBERS) as session:
        member = session.scalars(select(Member).order_by(Member.id)).first()
        assert member is not None
        member.notes = "committed before the drop"
        member_id = member.id
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with (
        pytest.raises(ConnectionLost, match="connection to the database was lost"),
        pg_ctx.write(Permission.EDIT_MEMBERS) as session,
    ):
        row = session.get(Member, member_id)
        assert row is not None
        row.notes = "half-saved"
        session.flush()
        pid = session.scalar(text("SELECT pg_backend_pid()"))
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()
    # the app carries on: the next action reconnects, and the committed value is intact
    with pg_ctx.read() as session:
        row = session.get(Member, member_id)
        assert row is not None and row.notes == "committed before the drop"
    with pg_ctx.write(Permission.EDIT_MEMBERS) as session:
        row = session.get(Member, member_id)
        assert row is not None
        row.notes = "saved after reconnecting"


def test_postgresql_backup_then_restore_with_pg_dump(pg_ctx: ServiceContext, tmp_path: Path) -> None:
    import shutil

    from panelapp.services import admin as backups

    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("the PostgreSQL client tools (pg_dump, pg_restore) are not installed")
    out = tmp_path / "team.backup"
    backups.backup(pg_ctx.engine, out)
    assert out.read_bytes()[:5] == b"PGDMP"
    with pg_ctx.write(Permission.EDIT_MEMBERS) as session:
        member = session.scalars(select(Member).order_by(Member.id)).first()
        assert member is not None
        original, member.last_name = member.last_name, "Changed-After-Backup"
        member_id = member.id
    backups.restore(pg_ctx.engine, out)
    with pg_ctx.read() as session:
        restored = session.get(Member, member_id)
        assert restored is not None and restored.last_name == original
    (tmp_path / "junk.backup").write_text("not a dump")
    with pytest.raises(ValidationError, match="not a PanelApp PostgreSQL backup"):
        backups.restore(pg_ctx.engine, tmp_path / "junk.backup")
