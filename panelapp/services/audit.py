"""Audit trail: every insert, update and delete flushed by a service leaves a row.

On the embedded SQLite database the services write these rows (author = the signed-in
OS user), each chained to the one before by a hash (db/audit_chain.py). On a PostgreSQL
database the triggers write the audit and the chain (migration 0006): the session is
marked `db_writes_audit` and this hook stands aside so nothing is logged twice.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, event, insert, inspect, select, text, update
from sqlalchemy.orm import Session, UOWTransaction

from db.audit_chain import GENESIS, row_hash, stamp, values_hash
from db.audited import AUDITED_TABLES
from db.models import AuditChainHead, AuditEntry, utcnow
from panelapp import clock

ANONYMISE = "anonymise"  # the action of the row that records a retention's anonymisation


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _columns(obj: Any, committed: bool, prior: dict[tuple[int, str], Any] | None = None) -> dict[str, Any]:
    prior = prior or {}
    state = inspect(obj)
    values: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        hist = state.attrs[key].history
        if committed:
            if hist.deleted:
                values[key] = _plain(hist.deleted[0])
            elif hist.unchanged:
                values[key] = _plain(hist.unchanged[0])
            elif hist.added and (id(obj), key) in prior:
                values[key] = _plain(prior[(id(obj), key)])  # a deferred column set before loading
            else:
                values[key] = _plain(state.attrs[key].loaded_value) if key in state.dict else None
        else:
            values[key] = _plain(state.dict.get(key))
    return values


def _row_id(obj: Any) -> str:
    # Read the key from the row itself: a row inserted in this flush has no identity yet.
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return ",".join(str(part) for part in key if part is not None)


def _audit_after_flush(session: Session, _ctx: UOWTransaction) -> None:
    if session.info.get("db_writes_audit") or session.get_bind().dialect.name == "postgresql":
        return
    if session.info.get("skip_audit"):
        return
    author = str(session.info.get("author") or "unknown")
    summary = str(session.info.get("summary", ""))
    rows: list[dict[str, Any]] = []
    for action, objects in (
        ("insert", session.new),
        ("update", session.dirty),
        ("delete", session.deleted),
    ):
        for obj in objects:
            table = getattr(obj, "__tablename__", "")
            if table not in AUDITED_TABLES:  # the same list the PostgreSQL triggers cover
                continue
            if action == "update" and not session.is_modified(obj, include_collections=False):
                continue
            before = None if action == "insert" else _columns(obj, True, session.info.get("prior"))
            after = None if action == "delete" else _columns(obj, committed=False)
            if before is not None and after is not None:
                changed = {k for k in after if before.get(k) != after[k]} - {"version", "updated_at"}
                if not changed:
                    continue
                before = {k: before[k] for k in sorted(changed)}
                after = {k: after[k] for k in sorted(changed)}
            rows.append(
                {
                    "author": author,
                    "action": action,
                    "table_name": table,
                    "row_id": _row_id(obj),
                    "before": before,
                    "after": after,
                    "summary": summary,
                }
            )
    if rows:
        append_chained(session.connection(), rows)


def _json_text(values: Any) -> str | None:
    return None if values is None else json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


def append_chained(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """SQLite: add audit rows, each chained to the one before (db/audit_chain.py).

    Called inside the writing transaction, which already holds SQLite's write lock, so no
    other writer can add a row between reading the chain's head and moving it on.
    """
    previous = conn.scalar(select(AuditChainHead.last_hash).where(AuditChainHead.id == 1))
    if previous is None:
        conn.execute(insert(AuditChainHead).values(id=1, last_id=0, last_hash=GENESIS))
        previous = GENESIS
    at = utcnow()
    last_id = 0
    for row in rows:
        before, after = _json_text(row["before"]), _json_text(row["after"])
        digest = values_hash(before, after)
        link = row_hash(
            previous, at, row["author"], row["action"], row["table_name"], row["row_id"],
            row["summary"], digest,
        )  # fmt: skip
        result = conn.execute(
            text(
                "INSERT INTO audit_log (at, author, action, table_name, row_id, before, after, "
                "summary, values_hash, hash) VALUES (:at, :author, :action, :table_name, :row_id, "
                ":before, :after, :summary, :values_hash, :hash)"
            ),
            {**row, "at": stamp(at), "before": before, "after": after, "values_hash": digest, "hash": link},
        )
        last_id, previous = int(result.lastrowid or 0), link
    conn.execute(
        update(AuditChainHead).where(AuditChainHead.id == 1).values(last_id=last_id, last_hash=previous)
    )


def _note_on_postgres(session: Session, note: dict[str, Any]) -> None:
    session.execute(
        text("SELECT panelapp_audit_note(:action, :tbl, :rid, CAST(:after AS json), :summary)"),
        {
            "action": note["action"],
            "tbl": note["table_name"],
            "rid": note["row_id"],
            "after": _json_text(note["after"]),
            "summary": note["summary"],
        },
    )


def _take_hand_written_entries(session: Session, _ctx: UOWTransaction, _instances: Any) -> None:
    """An AuditEntry a service adds itself (an event, not a row change) joins the chain.

    It is taken out of the session and written by the chained writer now: on PostgreSQL by
    the database (only its functions may write audit rows), on SQLite by append_chained.
    """
    notes: list[dict[str, Any]] = []
    for obj in list(session.new):
        if isinstance(obj, AuditEntry):
            session.expunge(obj)
            notes.append(
                {
                    "author": str(session.info.get("author") or obj.author or "unknown"),
                    "action": obj.action,
                    "table_name": obj.table_name,
                    "row_id": obj.row_id or "",
                    "before": obj.before,
                    "after": obj.after,
                    "summary": obj.summary or str(session.info.get("summary", "")),
                }
            )
    if not notes:
        return
    if session.get_bind().dialect.name == "postgresql":
        for note in notes:  # the database writes it, as the login
            _note_on_postgres(session, note)
    else:
        append_chained(session.connection(), notes)


def anonymise_entries(
    session: Session, changes: list[tuple[int, dict[str, Any] | None, dict[str, Any] | None]], summary: str
) -> None:
    """Replace audit rows' values (retention), and add a row saying which rows and who.

    Each row keeps the digest of its first values, so the chain still verifies and shows
    these rows as anonymised; on PostgreSQL only an administrator's login may do this.
    """
    if not changes:
        return
    if session.get_bind().dialect.name == "postgresql":
        payload = [{"id": i, "before": b, "after": a} for i, b, a in changes]
        session.execute(
            text("SELECT panelapp_audit_anonymise(CAST(:changes AS json), :summary)"),
            {"changes": json.dumps(payload, ensure_ascii=False, default=str), "summary": summary},
        )
        return
    conn = session.connection()
    for entry_id, before, after in changes:
        conn.execute(
            text("UPDATE audit_log SET before = :b, after = :a WHERE id = :i"),
            {"b": _json_text(before), "a": _json_text(after), "i": entry_id},
        )
    append_chained(
        conn,
        [
            {
                "author": str(session.info.get("author") or "unknown"),
                "action": ANONYMISE,
                "table_name": "audit_log",
                "row_id": "",
                "before": None,
                "after": {"audit_ids": [i for i, _b, _a in changes]},
                "summary": summary,
            }
        ],
    )


def _read_unloaded(session: Session, _ctx: UOWTransaction, _instances: Any) -> None:
    """Saved values of deferred columns changed without being read (a child's full name), for
    the audit row's "before": read from the database before the flush overwrites them."""
    prior: dict[tuple[int, str], Any] = {}
    for obj in session.dirty:
        if getattr(obj, "__tablename__", "") not in AUDITED_TABLES:
            continue
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            hist = state.attrs[attr.key].history
            if hist.added and not hist.deleted and not hist.unchanged and state.identity:
                column = attr.columns[0]
                pk = state.mapper.primary_key[0]
                found = session.connection().scalar(select(column).where(pk == state.identity[0]))
                prior[(id(obj), attr.key)] = found
    session.info["prior"] = prior


def _stamp_editor(session: Session, _ctx: UOWTransaction, _instances: Any) -> None:
    """Versioned rows remember who saved them last, for "changed by NAME at TIME"."""
    author = session.info.get("author")
    if not author:
        return
    for obj in (*session.new, *session.dirty):
        if hasattr(obj, "updated_by") and hasattr(obj, "version"):
            obj.updated_by = str(author)


CLOSING_STATUSES = ("closed", "withdrawn")


def _stamp_closed(session: Session, _ctx: UOWTransaction, _instances: Any) -> None:
    """A case that closes or is withdrawn gets closed_on (today), whichever service did it.

    Retention counts from closed_on; before this, a withdrawn case never fell due.
    """
    for obj in (*session.new, *session.dirty):
        if getattr(obj, "__tablename__", "") != "case" or not inspect(obj).attrs.status.history.has_changes():
            continue
        closing = getattr(obj, "status", None) in CLOSING_STATUSES
        if closing and getattr(obj, "closed_on", None) is None:
            obj.closed_on = clock.today()
        elif not closing and obj.status in ("open", "booked") and obj.closed_on is not None:
            obj.closed_on = None  # reopened


class AuditedSession(Session):
    """The Session every service uses: its hooks stamp editors and write the audit trail.

    The hooks are attached once, to this class, and reach the subclass each sessionmaker
    makes. Attaching them per sessionmaker with an `event.contains` guard lost them now and
    then: SQLAlchemy keys listeners by id(target), a freed sessionmaker's id was reused by
    the next one while its class awaited the cycle collector, and the guard said "already
    there" (a save then wrote no audit row, no editor and no closed_on).
    """


for _hook in (_stamp_editor, _stamp_closed, _read_unloaded, _take_hand_written_entries):
    event.listen(AuditedSession, "before_flush", _hook)
event.listen(AuditedSession, "after_flush", _audit_after_flush)
