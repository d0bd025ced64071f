"""Backups and restores.

SQLite: SQLite's online backup API gives a consistent copy even while the app is open.
The copy is marked as a PanelApp backup (an `app_setting` row), and restore refuses any
file without that mark, any file from a newer PanelApp, and anything that is not SQLite.
The database being replaced is itself backed up first, so a restore can be undone.

PostgreSQL: `pg_dump -Fc` and `pg_restore --clean`, when those programs are installed.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from db.migrate import SQLITE_MAGIC, backup_sqlite, expire_safety_copies, known_revisions, sqlite_path
from panelapp import __version__, clock
from panelapp.exports.files import atomic_output
from panelapp.services.errors import ServiceError, ValidationError
from panelapp.services.files import check_output

BACKUP_MARK = "panelapp_backup"


class BackupError(ServiceError):
    """The backup tool failed or is missing; the database was left as it was."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: str
    schema: str


def backup(engine: Engine, out: Path) -> BackupInfo:
    """Write a consistent backup of the database to `out` (never half-written)."""
    out = check_output(out)  # a folder, a missing or read-only folder: refused before any work
    path = sqlite_path(engine)
    if path is None:
        return _pg_dump(engine, out)
    created = clock.local_now().isoformat(timespec="seconds")
    with atomic_output(out) as tmp:
        tmp.unlink(missing_ok=True)
        backup_sqlite(path, tmp)
        con = sqlite3.connect(tmp)
        try:
            schema = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            con.execute(
                "INSERT OR REPLACE INTO app_setting (key, value) VALUES (?, ?)",
                (BACKUP_MARK, f"{created} PanelApp {__version__}"),
            )
            con.commit()
            con.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            con.close()
    os.chmod(out, 0o600)  # a backup holds everything: the owner's only
    return BackupInfo(out, created, schema)


def inspect_backup(file: Path) -> BackupInfo:
    """Check that `file` is a PanelApp backup this version can restore, or say why not."""
    file = Path(file)
    if file.is_dir():
        raise ValidationError(f"{file} is a folder, not a backup file: choose the file inside it.")
    if not file.is_file():
        raise ValidationError(f"There is no file at {file}.")
    with file.open("rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            raise ValidationError(f"{file.name} is not a PanelApp backup (it is not a database file).")
    con = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"alembic_version", "app_setting", "agency"} <= tables:
            raise ValidationError(f"{file.name} is not a PanelApp backup.")
        mark = con.execute("SELECT value FROM app_setting WHERE key = ?", (BACKUP_MARK,)).fetchone()
        if mark is None:
            raise ValidationError(
                f"{file.name} is a database but not a PanelApp backup: make backups with "
                "File → Back up or `panelapp backup`."
            )
        schema = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        con.close()
    if schema not in known_revisions():
        raise ValidationError(
            f"{file.name} was made by a newer PanelApp (schema {schema}). Install the latest "
            "PanelApp before restoring it."
        )
    return BackupInfo(file, str(mark[0]).split(" ")[0], schema)


def restore(engine: Engine, file: Path) -> Path | None:
    """Replace the database's contents with the backup. Returns the safety copy made first."""
    path = sqlite_path(engine)
    if path is None:
        _pg_restore(engine, Path(file))
        return None
    inspect_backup(file)
    engine.dispose()  # release our own connections before the pages are replaced
    safety = None
    if path.exists():
        stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
        safety = backup_sqlite(path, path.with_name(f"{path.stem}.before-restore-{stamp}.bak"))
        expire_safety_copies(path)  # db.migrate.SAFETY_COPIES: how many and how long
    source = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    target = sqlite3.connect(path)
    try:
        source.backup(target)
        target.execute("DELETE FROM app_setting WHERE key = ?", (BACKUP_MARK,))
        target.commit()
    finally:
        source.close()
        target.close()
    return safety


def _pg_env(engine: Engine) -> tuple[list[str], dict[str, str]]:
    url = engine.url
    args = ["-h", url.host or "127.0.0.1", "-p", str(url.port or 5432), "-d", url.database or ""]
    if url.username:
        args += ["-U", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)  # passed in the environment, never on the command line
    return args, env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed on this computer, so PanelApp cannot back up or restore the "
            f"shared PostgreSQL database from here. Ask IT to install the PostgreSQL client tools "
            f"or to back up the server."
        )
    return found


def _pg_dump(engine: Engine, out: Path) -> BackupInfo:
    args, env = _pg_env(engine)
    with atomic_output(out) as tmp:
        done = subprocess.run(
            [_pg_tool("pg_dump"), "-Fc", "-f", str(tmp), *args], env=env, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    os.chmod(out, 0o600)
    return BackupInfo(out, clock.local_now().isoformat(timespec="seconds"), "postgresql")


def _pg_restore(engine: Engine, file: Path) -> None:
    if file.is_dir():
        raise ValidationError(f"{file} is a folder, not a backup file: choose the file inside it.")
    if not file.is_file():
        raise ValidationError(f"There is no file at {file}.")
    with file.open("rb") as handle:
        if handle.read(5) != b"PGDMP":
            raise ValidationError(f"{file.name} is not a PanelApp PostgreSQL backup (pg_dump file).")
    args, env = _pg_env(engine)
    engine.dispose()
    done = subprocess.run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *args,
            str(file),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed; the database was left as it was: {done.stderr.strip()}")
