"""Bring a database to the schema this build expects: upgrade older, refuse newer or foreign."""

from __future__ import annotations

import functools
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from panelapp import clock

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

from db.engine import is_sqlite

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest migration. Opening a database already at this revision needs no Alembic at
# all (its import costs a quarter of a second at every start); a test keeps this true.
SCHEMA_HEAD = "0007"
SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class SafetyCopyPolicy:
    """How long the copies made before an upgrade or a restore are kept (agency policy).

    They hold everything the database held, so they are not kept for ever: the newest
    `keep_newest` always stay (to undo the latest upgrades or restores); older ones go once
    older than `keep_days`. Backups an administrator makes on purpose are never touched.
    """

    keep_newest: int = 3
    keep_days: int = 90


SAFETY_COPIES = SafetyCopyPolicy()  # the one place the policy is declared


class DatabaseProblem(Exception):
    """A database PanelApp cannot open; the message is for the user."""


class DatabaseTooNew(DatabaseProblem):
    """Written by a newer PanelApp: this version must not touch it."""


class NotAPanelAppDatabase(DatabaseProblem):
    """Not a database at all, or another program's: left exactly as it is."""


@dataclass(frozen=True)
class UpgradeResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def alembic_config() -> Config:
    from alembic.config import Config

    # Configured in code, with an absolute script location, so a frozen bundle finds it.
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@functools.cache
def _scripts() -> ScriptDirectory:
    # Parsing the migration files is slow-ish; once per process is enough.
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {rev.revision for rev in _scripts().walk_revisions()}


def sqlite_path(engine: Engine) -> Path | None:
    database = engine.url.database
    if not is_sqlite(engine) or not database or database == ":memory:":
        return None
    return Path(database)


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not a SQLite database before SQLite tries to use it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            raise NotAPanelAppDatabase(
                f"{path.name} is not a PanelApp database: it is not a database file at all. "
                "Choose the PanelApp database file, or a new file name to start a new database."
            )


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        try:
            found = conn.scalar(text("SELECT version_num FROM alembic_version"))
        except DBAPIError:
            return None
    return str(found) if found is not None else None


def backup_sqlite(path: Path, destination: Path) -> Path:
    """Consistent copy with SQLite's online backup API (safe while others are reading)."""
    destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    source = sqlite3.connect(path)
    try:
        target = sqlite3.connect(destination)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    os.chmod(destination, 0o600)  # a full copy of the data: the owner's only
    return destination


def upgrade_database(engine: Engine) -> UpgradeResult:
    """Upgrade to head. SQLite files are backed up first; a newer schema is refused."""
    path = sqlite_path(engine)
    if path is not None:
        check_sqlite_file(path)
    current = current_revision(engine)
    if current == SCHEMA_HEAD:
        return UpgradeResult(current, SCHEMA_HEAD, None)  # the usual case: nothing to do
    head = head_revision()
    if current is None:
        tables = set(inspect(engine).get_table_names())
        if tables:
            raise NotAPanelAppDatabase(
                "This database already holds tables that PanelApp did not create, "
                f"so PanelApp will not change it ({', '.join(sorted(tables)[:5])}...)."
            )
    elif current not in known_revisions():
        raise DatabaseTooNew(
            "This database was last used by a newer version of PanelApp "
            f"(schema {current}; this version knows up to {head}). "
            "Please install the latest PanelApp, or ask IT, before opening it."
        )
    if current == head:
        return UpgradeResult(current, head, None)
    backup = None
    if path is not None and current is not None:
        stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
        name = f"{path.stem}.before-{current}-{stamp}-{os.getpid()}.bak"  # two starts at once: two files
        backup = backup_sqlite(path, path.with_name(name))
        expire_safety_copies(path)
    _run_upgrade(engine)
    return UpgradeResult(current, head, backup)


def expire_safety_copies(database: Path, policy: SafetyCopyPolicy = SAFETY_COPIES) -> list[Path]:
    """Delete the safety copies of `database` (NAME.before-*.bak) the policy no longer keeps."""
    copies = sorted(
        database.parent.glob(f"{database.stem}.before-*.bak"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    # Files' ages against the file system's own clock (their mtimes), not the app's pinned day.
    oldest_kept = time.time() - policy.keep_days * 86400
    expired = [c for c in copies[policy.keep_newest :] if c.stat().st_mtime < oldest_kept]
    for copy in expired:
        copy.unlink(missing_ok=True)
    return expired


UPGRADE_LOCK_KEY = 0x50414E454C  # "PANEL": PostgreSQL advisory lock held while upgrading
UPGRADE_ATTEMPTS = 6


def _run_upgrade(engine: Engine) -> None:
    """Upgrade to head, safe when several PanelApps open the same older database at once.

    PostgreSQL: the upgrade holds an advisory lock and checks the revision again inside it.
    SQLite: the first writer wins; a second that fails finds the schema already at head (or
    waits for the first to finish) instead of showing an error.
    """
    from alembic import command

    head = head_revision()
    cfg = alembic_config()
    for attempt in range(UPGRADE_ATTEMPTS):
        try:
            with engine.begin() as conn:
                if engine.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK_KEY})
                    if _revision_on(conn) == head:
                        return  # another PanelApp upgraded it while we waited
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
            return
        except DBAPIError:
            if current_revision(engine) == head:
                return  # another PanelApp finished the same upgrade first
            if attempt == UPGRADE_ATTEMPTS - 1:
                raise DatabaseProblem(
                    "PanelApp could not upgrade this database because another copy of PanelApp "
                    "kept it busy. Close the other copies, then open PanelApp again."
                ) from None
            time.sleep(0.5 * (attempt + 1))


def _revision_on(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    found = conn.scalar(text("SELECT version_num FROM alembic_version"))
    return str(found) if found is not None else None
