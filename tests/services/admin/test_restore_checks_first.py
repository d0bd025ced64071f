"""Restore that checks first (issue 18, failure 7).

PostgreSQL accepted a foreign dump; a newer-schema dump was restored first and refused
after, leaving the database unusable; there was no safety copy on PostgreSQL; SQLite
restored a backup with a corrupt page; on both, restore silently dropped the audit rows
written after the backup and was not itself audited; `backup --out <the live database>`
exited 0 and marked the live database as a backup. UK GDPR Art. 32(1)(c) (restore access to
personal data in a timely manner) and Art. 5(1)(f) (integrity); AAR 2005 reg 41.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select, text

from db.engine import make_engine
from db.migrate import upgrade_database
from db.models import AuditEntry, Member
from panelapp.cli import main
from panelapp.domain.permissions import Permission
from panelapp.services import admin, agency
from panelapp.services.admin import verify_audit
from panelapp.services.admin.backups import BACKUP_MARK
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from tests.conftest import ADMIN, DEMO_UNTIL, PG_ADMIN_URL

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def _rename_a_member(ctx: ServiceContext, name: str) -> None:
    with ctx.write(Permission.EDIT_MEMBERS, f"renamed to {name}") as session:
        member = session.scalars(select(Member).order_by(Member.id)).first()
        assert member is not None
        member.last_name = name


def _surname(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(conn.scalar(select(Member.last_name).order_by(Member.id).limit(1)))


def _audit_ids(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))


def _last_audit(engine: Engine) -> AuditEntry:
    with engine.connect() as conn:
        row = conn.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
    return AuditEntry(**row._mapping)


# -- SQLite ---------------------------------------------------------------------------


def test_a_backup_with_a_corrupt_page_is_refused_and_nothing_changes(
    demo_ctx: ServiceContext, tmp_path: Path
) -> None:
    out = tmp_path / "panel.backup"
    admin.backup(demo_ctx.engine, out)
    raw = bytearray(out.read_bytes())
    page = 4096
    middle = (len(raw) // page // 2) * page
    raw[middle + 8 : middle + page] = b"\xa5" * (page - 8)  # one page's cells overwritten
    out.write_bytes(bytes(raw))
    with sqlite3.connect(out) as con:  # still opens and still says it is a PanelApp backup
        assert con.execute("SELECT 1 FROM app_setting WHERE key = ?", (BACKUP_MARK,)).fetchone()
    con.close()
    _rename_a_member(demo_ctx, "Kept-After-Refusal")
    ids = _audit_ids(demo_ctx.engine)
    with pytest.raises(ValidationError, match=r"is damaged .*integrity check failed.*Nothing was changed"):
        admin.restore(demo_ctx.engine, out, ADMIN)
    assert _surname(demo_ctx.engine) == "Kept-After-Refusal" and _audit_ids(demo_ctx.engine) == ids
    database = Path(str(demo_ctx.engine.url.database))
    assert not list(database.parent.glob("*.before-restore-*"))  # refused before the safety copy


def test_a_restore_is_audited_naming_the_rows_it_rolls_back(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    out = tmp_path / "panel.backup"
    admin.backup(demo_ctx.engine, out)
    last_in_backup = _audit_ids(demo_ctx.engine)[-1]
    _rename_a_member(demo_ctx, "After-Backup-1")
    _rename_a_member(demo_ctx, "After-Backup-2")
    after = [i for i in _audit_ids(demo_ctx.engine) if i > last_in_backup]
    report = admin.restore(demo_ctx.engine, out, ADMIN)
    assert report.rolled_back.count == len(after) >= 2
    assert (report.rolled_back.first_id, report.rolled_back.last_id) == (after[0], after[-1])
    said = str(report.rolled_back)
    assert f"{len(after)} audit row(s) written after the backup, numbers {after[0]} to {after[-1]}" in said
    entry = _last_audit(demo_ctx.engine)
    assert entry.action == "restore" and entry.author == ADMIN.username
    assert "panel.backup" in entry.summary and said in entry.summary
    assert entry.after is not None and entry.after["audit_rows_rolled_back"] == len(after)
    assert report.safety is not None and report.safety.exists()
    with sqlite3.connect(report.safety) as con:  # the safety copy keeps the rolled-back rows
        assert con.execute("SELECT count(*) FROM audit_log WHERE id > ?", (last_in_backup,)).fetchone()[0]
    con.close()
    assert _surname(demo_ctx.engine) != "After-Backup-2"
    assert verify_audit(ServiceContext(demo_ctx.engine, ADMIN)).intact


def test_backup_onto_the_live_database_is_refused(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    live = Path(str(demo_ctx.engine.url.database))
    before = live.read_bytes()
    for target in (live, live.parent / "." / live.name, live.with_name(live.name + "-wal")):
        with pytest.raises(ValidationError, match="is the database itself"):
            admin.backup(demo_ctx.engine, target)
    link = tmp_path / "link.backup"
    link.symlink_to(live)
    with pytest.raises(ValidationError, match="is the database itself"):
        admin.backup(demo_ctx.engine, link)
    demo_ctx.engine.dispose()
    assert live.read_bytes() == before
    with sqlite3.connect(live) as con:
        assert con.execute("SELECT 1 FROM app_setting WHERE key = ?", (BACKUP_MARK,)).fetchone() is None
    con.close()


def test_cli_backup_onto_the_live_database_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live = tmp_path / "x.sqlite3"
    assert main(["--db", f"sqlite:///{live}", "init-db"]) == 0
    assert main(["--db", f"sqlite:///{live}", "backup", "--out", str(live)]) == 1
    assert "is the database itself" in capsys.readouterr().err


# -- PostgreSQL -----------------------------------------------------------------------

needs_pg_tools = pytest.mark.skipif(
    shutil.which("pg_dump") is None or shutil.which("pg_restore") is None,
    reason="the PostgreSQL client tools are not installed",
)


@pytest.fixture
def pg_demo(pg_url: str) -> ServiceContext:
    engine = make_engine(pg_url)
    upgrade_database(engine)
    ctx = ServiceContext(engine)
    agency.load_demo_data(ctx, until=DEMO_UNTIL)
    return ctx


def _count_members(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count(Member.id))) or 0)


@pytest.mark.pg
@needs_pg_tools
def test_postgresql_refuses_a_foreign_dump_before_touching_anything(
    pg_demo: ServiceContext, pg_url: str, tmp_path: Path
) -> None:
    """Failure 7: a foreign dump was accepted (exit 0)."""
    foreign_url = pg_url + "_foreign"
    server = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = foreign_url.rsplit("/", 1)[1]
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        with create_engine(foreign_url).begin() as conn:
            conn.execute(text("CREATE TABLE agency (id int); CREATE TABLE invoices (id int)"))
        dump = tmp_path / "foreign.dump"
        plain = foreign_url.replace("postgresql+psycopg", "postgresql")
        subprocess.run(["pg_dump", "-Fc", "-f", str(dump), plain], check=True, capture_output=True)
        members = _count_members(pg_demo.engine)
        with pytest.raises(ValidationError, match="not of a PanelApp database"):
            admin.restore(pg_demo.engine, dump, ADMIN)
        assert _count_members(pg_demo.engine) == members
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.mark.pg
@needs_pg_tools
def test_postgresql_refuses_a_newer_or_damaged_dump_before_touching_anything(
    pg_demo: ServiceContext, tmp_path: Path
) -> None:
    """Failure 7: a newer-schema dump was restored first and refused after."""
    engine = pg_demo.engine
    good = admin.backup(engine, tmp_path / "good.dump").path
    with engine.connect() as conn:
        ours = conn.scalar(text("SELECT version_num FROM alembic_version"))
    with engine.begin() as conn:  # a dump as a newer PanelApp would make it
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    newer = admin.backup(engine, tmp_path / "newer.dump").path
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": ours})
    truncated = tmp_path / "truncated.dump"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size * 2 // 3])
    _rename_a_member(pg_demo, "Still-Here")
    ids = _audit_ids(engine)
    with pytest.raises(ValidationError, match=r"made by a newer PanelApp .*Nothing was changed"):
        admin.restore(engine, newer, ADMIN)
    with pytest.raises(ValidationError, match="is damaged"):
        admin.restore(engine, truncated, ADMIN)
    assert _surname(engine) == "Still-Here" and _audit_ids(engine) == ids


@pytest.mark.pg
@needs_pg_tools
def test_postgresql_restore_keeps_a_safety_copy_and_is_audited(
    pg_demo: ServiceContext, tmp_path: Path
) -> None:
    engine = pg_demo.engine
    dump = admin.backup(engine, tmp_path / "team.dump").path
    last_in_backup = _audit_ids(engine)[-1]
    _rename_a_member(pg_demo, "After-The-Dump")
    after = [i for i in _audit_ids(engine) if i > last_in_backup]
    report = admin.restore(engine, dump, ADMIN)
    assert report.safety is not None and report.safety.stat().st_size > 0
    assert oct(report.safety.stat().st_mode & 0o777) == "0o600"
    assert (report.rolled_back.count, report.rolled_back.first_id) == (len(after), after[0])
    assert _surname(engine) != "After-The-Dump"
    entry = _last_audit(engine)
    assert entry.action == "restore" and "team.dump" in entry.summary
    assert f"numbers {after[0]} to {after[-1]}" in entry.summary
    assert verify_audit(ServiceContext(engine, ADMIN)).intact
