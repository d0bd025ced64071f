"""Audit trail: every insert, update and delete flushed by a service leaves a row.

On the embedded SQLite database the services write these rows (author = the signed-in
OS user). On a PostgreSQL database whose triggers write the audit, the session is
marked `db_writes_audit` and this hook stands aside so nothing is logged twice.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, UOWTransaction

from db.audited import AUDITED_TABLES
from db.models import AuditEntry, utcnow


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _columns(obj: Any, committed: bool) -> dict[str, Any]:
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
    if session.info.get("db_writes_audit") or session.info.get("skip_audit"):
        return
    author = str(session.info.get("author") or "unknown")
    rows: list[dict[str, Any]] = []
    now = utcnow()
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
            before = None if action == "insert" else _columns(obj, committed=True)
            after = None if action == "delete" else _columns(obj, committed=False)
            if before is not None and after is not None:
                changed = {k for k in after if before.get(k) != after[k]} - {"version", "updated_at"}
                if not changed:
                    continue
                before = {k: before[k] for k in sorted(changed)}
                after = {k: after[k] for k in sorted(changed)}
            rows.append(
                {
                    "at": now,
                    "author": author,
                    "action": action,
                    "table_name": table,
                    "row_id": _row_id(obj),
                    "before": before,
                    "after": after,
                    "summary": str(session.info.get("summary", "")),
                }
            )
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


def _stamp_editor(session: Session, _ctx: UOWTransaction, _instances: Any) -> None:
    """Versioned rows remember who saved them last, for "changed by NAME at TIME"."""
    author = session.info.get("author")
    if not author:
        return
    for obj in (*session.new, *session.dirty):
        if hasattr(obj, "updated_by") and hasattr(obj, "version"):
            obj.updated_by = str(author)


def install_audit(target: Any) -> None:
    """Attach the audit hooks to a sessionmaker (or Session class)."""
    if not event.contains(target, "after_flush", _audit_after_flush):
        event.listen(target, "before_flush", _stamp_editor)
        event.listen(target, "after_flush", _audit_after_flush)
