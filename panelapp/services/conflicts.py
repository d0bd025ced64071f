"""Saving over someone else's change: refused, for rows that carry no version column.

Rows with a version column use `check_version` (panelapp.services.context). Others (a grade,
an attendance, the agency's policy) are compared with the values the form loaded: when the
saved values differ, someone else saved first, and the save is refused naming who and when
(from the audit trail), nothing overwritten.

The check and the write must be one step, or two saves that both pass the check both write
(a lost update). `lock_for_write` makes them one: on SQLite it takes the database's write
lock before anything is read (BEGIN IMMEDIATE; the other writer waits its turn), and on
PostgreSQL the row is read with SELECT ... FOR UPDATE (`locked`), which waits for a save in
progress and then reads what it saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, select, text
from sqlalchemy.orm import Session

from db.models import AuditEntry
from panelapp.domain.periods import local_time
from panelapp.services.errors import ConflictError

T = TypeVar("T")


def lock_for_write(session: Session) -> None:
    """SQLite: hold the write lock from now on, so what this transaction reads stays true until
    it commits. Call first, before the session has read or written anything."""
    if session.get_bind().dialect.name == "sqlite":
        # pysqlite opens its transaction only at the first write; start it now, for writing.
        session.execute(text("BEGIN IMMEDIATE"))


def serialise(session: Session, name: str, key: int) -> None:
    """One save at a time of what `name` and `key` name, even of rows not yet there: SQLite's
    write lock does this already; PostgreSQL takes a lock for this transaction (no privilege
    needed, unlike SELECT ... FOR UPDATE on a table the login may not change)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:name), :key)"), {"name": name, "key": key}
        )


def locked(session: Session, query: Select[T]) -> T | None:
    """The row `query` finds, locked until the transaction ends (after `lock_for_write`), as
    saved now (populate_existing: a copy loaded earlier in this session may be stale)."""
    return session.scalar(query.with_for_update().execution_options(populate_existing=True))


def last_change(session: Session, table: str, row_id: object) -> tuple[str, datetime | None]:
    """Who last changed a row, and when (stored UTC), from the audit trail."""
    found = session.execute(
        select(AuditEntry.author, AuditEntry.at)
        .where(AuditEntry.table_name == table, AuditEntry.row_id == str(row_id))
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    return (found[0], found[1]) if found else ("someone else", None)


def refuse_if_changed(session: Session, row: Any, expected: Mapping[str, object] | None, what: str) -> None:
    """ConflictError when `row` no longer holds the `expected` values (None: no check)."""
    if expected is None:
        return
    theirs = {key: getattr(row, key) for key in expected}
    if all(theirs[key] == value for key, value in expected.items()):
        return
    who, when = last_change(session, row.__tablename__, row.id)
    raise changed_by(what, who, when, theirs)


def changed_by(what: str, who: str, when: datetime | None, theirs: dict[str, object]) -> ConflictError:
    at = f" at {local_time(when):%H:%M on %d/%m/%Y}" if when else ""
    return ConflictError(
        f"{what} was changed by {who}{at} while you were editing it. Nothing was overwritten: "
        "reload to see their version, then make your change again.",
        theirs=theirs,
    )
