"""The schema: same on SQLite and PostgreSQL, older databases upgrade, newer/foreign refused."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text

from db.engine import make_engine
from db.migrate import (
    DatabaseTooNew,
    NotAPanelAppDatabase,
    current_revision,
    head_revision,
    upgrade_database,
)
from db.models import Base, Case, Hearing, Member

FIXTURES = Path(__file__).parent.parent / "fixtures" / "databases"


def _schema(url: str) -> dict[str, set[str]]:
    engine = make_engine(url)
    upgrade_database(engine)
    inspector = inspect(engine)
    tables = {
        name: {col["name"] for col in inspector.get_columns(name)}
        for name in inspector.get_table_names()
        if name != "alembic_version"
    }
    engine.dispose()
    return tables


def test_empty_sqlite_file_migrates_to_every_model_table(tmp_path: Path) -> None:
    tables = _schema(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    expected = {name: {c.name for c in t.columns} for name, t in Base.metadata.tables.items()}
    assert tables == expected


@pytest.mark.pg
def test_postgresql_gets_the_same_tables_as_sqlite(tmp_path: Path, pg_url: str) -> None:
    assert _schema(pg_url) == _schema(f"sqlite:///{tmp_path / 'new.sqlite3'}")


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("schema-*.sqlite3")))
def test_every_past_schema_upgrades_and_keeps_its_rows(tmp_path: Path, fixture: str) -> None:
    path = tmp_path / fixture
    shutil.copy(FIXTURES / fixture, path)
    before = sqlite3.connect(path)
    counts = {
        t: before.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in ("member", "case", "hearing")
    }
    old_revision = before.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    before.close()
    assert old_revision != head_revision(), "fixture should be older than head"

    engine = make_engine(f"sqlite:///{path}")
    result = upgrade_database(engine)

    assert result.from_revision == old_revision and current_revision(engine) == head_revision()
    assert result.backup is not None and result.backup.exists()  # backed up before upgrading
    with engine.connect() as conn:
        assert conn.scalar(select(func.count(Member.id))) == counts["member"]
        assert conn.scalar(select(func.count(Case.id))) == counts["case"]
        assert conn.scalar(select(func.count(Hearing.id))) == counts["hearing"]


def test_a_database_from_a_newer_panelapp_is_refused(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    upgrade_database(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(DatabaseTooNew, match="newer version of PanelApp"):
        upgrade_database(engine)


def test_a_foreign_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    foreign = tmp_path / "minutes.docx"
    foreign.write_bytes(b"PK\x03\x04 not a database")
    with pytest.raises(NotAPanelAppDatabase, match="not a PanelApp database"):
        upgrade_database(make_engine(f"sqlite:///{foreign}"))
    assert foreign.read_bytes() == b"PK\x03\x04 not a database"


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE invoices (id integer)")
    con.commit()
    con.close()
    with pytest.raises(NotAPanelAppDatabase, match="did not create"):
        upgrade_database(make_engine(f"sqlite:///{path}"))


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with engine.connect() as conn:
        assert conn.scalar(text("PRAGMA journal_mode")) == "wal"
        assert conn.scalar(text("PRAGMA foreign_keys")) == 1


def test_the_recorded_schema_head_is_the_newest_migration() -> None:
    from db.migrate import SCHEMA_HEAD

    assert head_revision() == SCHEMA_HEAD, "update SCHEMA_HEAD in db/migrate.py with the new migration"


def _open_in_processes(url: str, count: int) -> list[subprocess.CompletedProcess[str]]:
    script = (
        "import sys; from panelapp.cli import main; sys.exit(main(['--db', sys.argv[1], 'members', 'list']))"
    )
    started = [
        subprocess.Popen(
            [sys.executable, "-c", script, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(count)
    ]
    return [subprocess.CompletedProcess(p.args, p.wait(120), *p.communicate()) for p in started]


@pytest.mark.slow
def test_several_panelapps_opening_an_older_database_at_once_all_start(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    shutil.copy(FIXTURES / "schema-0001.sqlite3", path)
    results = _open_in_processes(f"sqlite:///{path}", 4)
    assert [(r.returncode, "Traceback" in r.stderr) for r in results] == [(0, False)] * 4, [
        r.stderr for r in results
    ]
    engine = make_engine(f"sqlite:///{path}")
    assert current_revision(engine) == head_revision()
    engine.dispose()


@pytest.mark.pg
@pytest.mark.slow
def test_several_panelapps_upgrading_one_postgresql_database_at_once(pg_url: str) -> None:
    engine = make_engine(pg_url)
    from alembic import command

    from db.migrate import alembic_config

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    results = _open_in_processes(pg_url, 4)
    # The database opened in all four (it holds no agency yet, which is what they then say).
    assert [r.stderr.strip() for r in results] == [
        "panelapp: No agency has been set up yet. Open Settings to set one up."
    ] * 4
    assert current_revision(engine) == head_revision()
    engine.dispose()
