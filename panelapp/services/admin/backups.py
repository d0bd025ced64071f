"""Backups and restores.

SQLite: SQLite's online backup API gives a consistent copy even while the app is open.
The copy is marked as a PanelApp backup (an `app_setting` row), and restore refuses any
file without that mark, any file from a newer PanelApp, and anything that is not SQLite.
The database being replaced is itself backed up first, so a restore can be undone.

PostgreSQL: `pg_dump -Fc` and `pg_restore --clean`, when those programs are installed.

A restore checks first, before touching anything: the file is a PanelApp backup, of this
or an older schema, and intact (SQLite: `PRAGMA integrity_check` on a private copy, which is
then what is restored; PostgreSQL: `pg_restore --list` and a full read of the dump). It
makes a safety copy of the database as it is (both databases), and it is itself audited,
saying which audit rows it rolls back (those written after the backup; the safety copy keeps
them).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, func, select

from db.migrate import (
    SQLITE_MAGIC,
    backup_sqlite,
    expire_safety_copies,
    known_revisions,
    sqlite_path,
    upgrade_database,
)
from db.models import AuditEntry
from panelapp import __version__, clock
from panelapp.config import data_dir
from panelapp.domain.permissions import Permission
from panelapp.exports.files import atomic_output
from panelapp.services.context import CurrentUser, ServiceContext
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


@dataclass(frozen=True)
class RolledBack:
    """Audit rows in the database that the backup does not hold: written after it was made."""

    count: int = 0
    first_id: int | None = None
    last_id: int | None = None
    first_at: datetime | None = None
    last_at: datetime | None = None

    def __str__(self) -> str:
        if not self.count:
            return "no audit rows were written after the backup: none is rolled back"
        when = (
            f" ({self.first_at:%d/%m/%Y %H:%M} to {self.last_at:%d/%m/%Y %H:%M} UTC)" if self.last_at else ""
        )
        return (
            f"{self.count} audit row(s) written after the backup, numbers {self.first_id} to "
            f"{self.last_id}{when}, are rolled back; the safety copy keeps them"
        )


@dataclass(frozen=True)
class RestoreReport:
    backup: BackupInfo
    safety: Path | None
    rolled_back: RolledBack


def backup(engine: Engine, out: Path) -> BackupInfo:
    """Write a consistent backup of the database to `out` (never half-written)."""
    out = check_output(out)  # a folder, a missing or read-only folder: refused before any work
    path = sqlite_path(engine)
    if path is None:
        return _pg_dump(engine, out)
    _refuse_the_live_database(path, out)
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


def _refuse_the_live_database(live: Path, out: Path) -> None:
    """`backup --out` onto the database itself (or its -wal/-shm) would mark it as a backup."""
    for name in (live.name, live.name + "-wal", live.name + "-shm", live.name + "-journal"):
        candidate = live.with_name(name)
        same = out.exists() and candidate.exists() and os.path.samefile(out, candidate)
        if same or out.resolve() == candidate.resolve():
            raise ValidationError(
                f"{out.name} is the database itself: a backup goes to another file. Nothing was written."
            )


def _refuse_unless_a_file(file: Path) -> None:
    if file.is_dir():
        raise ValidationError(f"{file} is a folder, not a backup file: choose the file inside it.")
    if not file.is_file():
        raise ValidationError(f"There is no file at {file}.")


def inspect_backup(file: Path) -> BackupInfo:
    """Check that `file` is a PanelApp backup this version can restore, or say why not: a
    PanelApp database marked as a backup, of this or an older schema, and intact."""
    file = Path(file)
    _refuse_unless_a_file(file)
    with file.open("rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            raise ValidationError(f"{file.name} is not a PanelApp backup (it is not a database file).")
    with _private_copy(file) as copy:
        return _inspect_copy(file, copy)


@contextmanager
def _private_copy(file: Path) -> Iterator[Path]:
    """A copy of the backup in a folder of the user's own: what is checked is what is restored."""
    with tempfile.TemporaryDirectory(prefix="panelapp-restore-") as folder:
        copy = Path(folder) / "backup.sqlite3"
        shutil.copyfile(file, copy)
        os.chmod(copy, 0o600)
        yield copy


def _inspect_copy(file: Path, copy: Path) -> BackupInfo:
    damaged = ValidationError(
        f"{file.name} is damaged (SQLite's integrity check failed): it cannot be restored. "
        "Nothing was changed; restore an earlier backup."
    )
    con = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        try:
            checked = [r[0] for r in con.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError:
            raise damaged from None
        if checked != ["ok"]:
            raise damaged
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


def restore(engine: Engine, file: Path, user: CurrentUser | None = None) -> RestoreReport:
    """Replace the database's contents with the backup, once it is checked, after a safety
    copy; then upgrade it to this version's schema and audit the restore (as `user`)."""
    file = Path(file)
    before = ServiceContext(engine, user)  # None: the signed-in account, as the database knows it
    before.require(Permission.BACKUP)
    user = before.user
    path = sqlite_path(engine)
    if path is None:
        return _pg_restore(engine, file, user)
    _refuse_unless_a_file(file)
    with file.open("rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            raise ValidationError(f"{file.name} is not a PanelApp backup (it is not a database file).")
    with _private_copy(file) as copy:
        info = _inspect_copy(file, copy)
        rolled_back = _rolled_back(engine, _max_audit_id_sqlite(copy))
        engine.dispose()  # release our own connections before the pages are replaced
        safety = None
        if path.exists():
            stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
            safety = backup_sqlite(path, path.with_name(f"{path.stem}.before-restore-{stamp}.bak"))
            expire_safety_copies(path)  # db.migrate.SAFETY_COPIES: how many and how long
        source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        target = sqlite3.connect(path)
        try:
            source.backup(target)
            target.execute("DELETE FROM app_setting WHERE key = ?", (BACKUP_MARK,))
            target.commit()
        finally:
            source.close()
            target.close()
    report = RestoreReport(info, safety, rolled_back)
    _audit_restore(engine, file, report, user)
    return report


def _max_audit_id_sqlite(copy: Path) -> int:
    con = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0])
    finally:
        con.close()


def _rolled_back(engine: Engine, backup_max_id: int) -> RolledBack:
    """The audit rows of the live database written after the backup (numbered after its last)."""
    with engine.connect() as conn:
        row = conn.execute(
            select(
                func.count(AuditEntry.id),
                func.min(AuditEntry.id),
                func.max(AuditEntry.id),
                func.min(AuditEntry.at),
                func.max(AuditEntry.at),
            ).where(AuditEntry.id > backup_max_id)
        ).one()
    return RolledBack(int(row[0] or 0), row[1], row[2], row[3], row[4])


def _audit_restore(engine: Engine, file: Path, report: RestoreReport, user: CurrentUser | None) -> None:
    """Bring the restored database to this schema, then record the restore in its trail."""
    upgrade_database(engine)
    ctx = ServiceContext(engine, user)  # as signed in before the restore: the restored data may not know them
    rolled = report.rolled_back
    summary = f"Database restored from {file.name} (made {report.backup.created}): {rolled}"
    after: dict[str, object] = {
        "file": file.name,
        "backup_made": report.backup.created,
        "backup_schema": report.backup.schema,
        "safety_copy": str(report.safety or ""),
        "audit_rows_rolled_back": rolled.count,
        "first_rolled_back_id": rolled.first_id,
        "last_rolled_back_id": rolled.last_id,
    }
    with ctx.write(Permission.BACKUP, summary) as session:
        session.add(
            AuditEntry(
                author=ctx.user.username,
                action="restore",
                table_name="database",
                after=after,
                summary=summary,
            )
        )


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


def _pg_restore(engine: Engine, file: Path, user: CurrentUser | None) -> RestoreReport:
    _refuse_unless_a_file(file)
    with file.open("rb") as handle:
        if handle.read(5) != b"PGDMP":
            raise ValidationError(f"{file.name} is not a PanelApp PostgreSQL backup (pg_dump file).")
    info, backup_max_id = _inspect_dump(engine, file)
    rolled_back = _rolled_back(engine, backup_max_id)
    stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
    folder = data_dir() / "Safety copies"
    folder.mkdir(mode=0o700, exist_ok=True)
    safety = _pg_dump(engine, folder / f"{engine.url.database}.before-restore-{stamp}.dump").path
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
    report = RestoreReport(info, safety, rolled_back)
    _audit_restore(engine, file, report, user)
    return report


def _inspect_dump(engine: Engine, file: Path) -> tuple[BackupInfo, int]:
    """A PanelApp dump of this or an older schema, read whole without error, before anything
    is touched; returns it and the number of its last audit row."""
    _args, env = _pg_env(engine)
    tool = _pg_tool("pg_restore")
    damaged = ValidationError(
        f"{file.name} is damaged (pg_restore cannot read it whole): it cannot be restored. "
        "Nothing was changed; restore an earlier backup."
    )
    listed = subprocess.run([tool, "--list", str(file)], env=env, capture_output=True, text=True)
    if listed.returncode != 0:
        raise damaged
    tables = {line.split()[5] for line in listed.stdout.splitlines() if " TABLE public " in line}
    if not {"alembic_version", "app_setting", "agency", "audit_log"} <= tables:
        raise ValidationError(f"{file.name} is a PostgreSQL backup, but not of a PanelApp database.")
    whole = subprocess.run([tool, "-f", os.devnull, str(file)], env=env, capture_output=True, text=True)
    if whole.returncode != 0:
        raise damaged
    schema = next(iter(_copied_rows(tool, env, file, "alembic_version")), [""])[0]
    if schema not in known_revisions():
        raise ValidationError(
            f"{file.name} was made by a newer PanelApp (schema {schema}). Install the latest "
            "PanelApp before restoring it. Nothing was changed."
        )
    ids = [int(row[0]) for row in _copied_rows(tool, env, file, "audit_log")]
    made = datetime.fromtimestamp(file.stat().st_mtime).isoformat(timespec="seconds")
    return BackupInfo(file, made, schema), max(ids, default=0)


def _copied_rows(tool: str, env: dict[str, str], file: Path, table: str) -> list[list[str]]:
    """The rows of one table in a dump, as the COPY text pg_restore writes (tab-separated)."""
    done = subprocess.run(
        [tool, "--data-only", "--table", table, "-f", "-", str(file)], env=env, capture_output=True, text=True
    )
    rows: list[list[str]] = []
    copying = False
    for line in done.stdout.splitlines():
        if line.startswith("COPY "):
            copying = True
        elif line == "\\.":
            copying = False
        elif copying:
            rows.append(line.split("\t"))
    return rows
