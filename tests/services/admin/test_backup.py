"""Backups: consistent copies, exact restores, foreign files refused."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from db.engine import make_engine
from db.models import Member
from panelapp.cli import main
from panelapp.domain.permissions import Permission
from panelapp.services import admin
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ValidationError
from tests.conftest import ADMIN

TABLES_TO_COMPARE = None  # every table


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    con = sqlite3.connect(path)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {n: sorted(con.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        con.close()


def test_backup_then_restore_gives_every_table_equal(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    db_path = Path(str(demo_ctx.engine.url.database))
    out = tmp_path / "panel.backup"
    admin.backup(demo_ctx.engine, out)
    demo_ctx.engine.dispose()
    original = _dump(db_path)
    # change things after the backup, then restore
    with demo_ctx.write(Permission.EDIT_MEMBERS) as session:
        member = session.scalars(select(Member)).first()
        assert member is not None
        member.last_name = "Changed-After-Backup"
    report = admin.restore(demo_ctx.engine, out, ADMIN)
    assert report.safety is not None and report.safety.exists()
    restored = _dump(db_path)
    # Every table as it was, but the trail: it goes on with the restore's own row (issue 18).
    trail = ("audit_log", "audit_chain")
    assert {k: v for k, v in restored.items() if k not in trail} == {
        k: v for k, v in original.items() if k not in trail
    }
    assert len(restored["audit_log"]) == len(original["audit_log"]) + 1


def test_backup_is_consistent_while_a_write_is_open(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    session = demo_ctx.sessions()
    member = session.scalars(select(Member)).first()
    assert member is not None
    member.last_name = "Uncommitted"
    session.flush()  # a write transaction is open in WAL mode
    admin.backup(demo_ctx.engine, tmp_path / "b.backup")
    session.rollback()
    con = sqlite3.connect(tmp_path / "b.backup")
    assert con.execute("SELECT count(*) FROM member WHERE last_name='Uncommitted'").fetchone()[0] == 0
    con.close()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.7 not a database", "not a database file"),
        (None, "not a PanelApp backup"),  # a SQLite file of another program
    ],
)
def test_restore_refuses_a_file_that_is_not_a_panelapp_backup(
    demo_ctx: ServiceContext, tmp_path: Path, content: bytes | None, message: str
) -> None:
    bad = tmp_path / "bad.backup"
    if content is None:
        con = sqlite3.connect(bad)
        con.execute("CREATE TABLE things (id integer)")
        con.commit()
        con.close()
    else:
        bad.write_bytes(content)
    db_path = Path(str(demo_ctx.engine.url.database))
    demo_ctx.engine.dispose()
    before = _dump(db_path)
    with pytest.raises(ValidationError, match=message):
        admin.restore(demo_ctx.engine, bad, ADMIN)
    assert _dump(db_path) == before


def test_a_plain_copy_of_the_database_is_not_a_backup(demo_ctx: ServiceContext, tmp_path: Path) -> None:
    demo_ctx.engine.dispose()
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(str(demo_ctx.engine.url.database), copy)
    with pytest.raises(ValidationError, match="not a PanelApp backup"):
        admin.inspect_backup(copy)


def test_cli_backup_and_restore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    assert main(["--db", url, "init-db", "--demo"]) == 0
    assert main(["--db", url, "backup", "--out", str(tmp_path / "x.backup")]) == 0
    assert "Backed up" in capsys.readouterr().out
    assert main(["--db", url, "restore", str(tmp_path / "x.backup"), "--yes"]) == 0
    assert "Restored" in capsys.readouterr().out
    (tmp_path / "junk.backup").write_text("junk")
    assert main(["--db", url, "restore", str(tmp_path / "junk.backup"), "--yes"]) == 1
    assert "not a PanelApp backup" in capsys.readouterr().err
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.scalar(select(Member.id).limit(1)) is not None
