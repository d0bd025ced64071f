"""Undo my last edit: put back the values the audit trail recorded before it.

Works for edits (updates) of existing records, made by the signed-in user in this session.
A change that added or removed records, or a record someone has changed since, is not
undone: the user is told why. The undo is itself a change, audited like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Date, DateTime, Time, select
from sqlalchemy.orm import Session

from db.models import AuditEntry, Base, utcnow
from panelapp.domain.permissions import Permission
from panelapp.services.context import ServiceContext
from panelapp.services.errors import ConflictError, NotFound

UNDO_NOTE = "Undo of change "
# Which permission an undo of each table needs (the same one the edit needed).
UNDOABLE: dict[str, Permission] = {
    "member": Permission.EDIT_MEMBERS,
    "case": Permission.EDIT_CASES,
    "case_paper": Permission.EDIT_CASES,
    "case_child": Permission.EDIT_CASES,
    "social_worker": Permission.EDIT_CASES,
    "meeting": Permission.SCHEDULE_MEETINGS,
    "attendance": Permission.RECORD_OUTCOMES,
    "agenda_item": Permission.EDIT_AGENDA,
    "hearing": Permission.EDIT_AGENDA,
    "recommendation": Permission.RECORD_OUTCOMES,
    "panel": Permission.EDIT_SETTINGS,
    "agency": Permission.EDIT_SETTINGS,
}


@dataclass(frozen=True)
class UndoableChange:
    at: datetime
    description: str
    entry_ids: tuple[int, ...]


def undo_marker() -> datetime:
    """Now, in the audit trail's clock: changes after this can be undone."""
    return utcnow()


def _tables() -> dict[str, Any]:
    return {mapper.class_.__tablename__: mapper.class_ for mapper in Base.registry.mappers}


def _last_group(session: Session, username: str, since: datetime) -> list[AuditEntry]:
    """The user's latest save not yet undone: its rows share a summary and a moment."""
    entries = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.author == username, AuditEntry.at >= since)
        .order_by(AuditEntry.id.desc())
        .limit(500)
    ).all()
    undone_ids = {
        int(e.summary.removeprefix(UNDO_NOTE))
        for e in entries
        if e.summary.startswith(UNDO_NOTE)
        and e.summary.removeprefix(UNDO_NOTE).isascii()
        and e.summary.removeprefix(UNDO_NOTE).isdigit()
    }
    by_id = {e.id: e for e in entries}
    undone_groups = {(by_id[i].at, by_id[i].summary) for i in undone_ids if i in by_id}
    candidates = [
        e
        for e in entries
        if not e.summary.startswith(UNDO_NOTE)
        and not any(
            e.summary == summary and abs((e.at - at).total_seconds()) <= 1 for at, summary in undone_groups
        )
    ]
    if not candidates:
        return []
    latest = candidates[0]
    # A save may flush more than once: rows of the same save share its summary, within a second.
    return [
        e for e in candidates if e.summary == latest.summary and abs((latest.at - e.at).total_seconds()) <= 1
    ]


def last_change(ctx: ServiceContext, since: datetime) -> UndoableChange | None:
    with ctx.read() as session:
        group = _last_group(session, ctx.user.username, since)
    if not group:
        return None
    fields = sorted({key for e in group for key in (e.after or {})})
    labels = [field_label(f) for f in fields if f not in BOOKKEEPING]
    what = group[0].summary or ", ".join(sorted({e.table_name.replace("_", " ") for e in group}))
    said = f"{what}: {', '.join(labels)}" if labels else what
    return UndoableChange(group[0].at, said, tuple(e.id for e in group))


# Columns PanelApp keeps for itself: never named to a user (the undo prompt says what they changed).
BOOKKEEPING = frozenset(
    {"id", "version", "updated_at", "updated_by", "created_at", "ics_uid", "ics_sequence", "agency_id"}
)
FIELD_LABELS = {
    "last_name": "surname",
    "dob": "date of birth",
    "dbs_number": "DBS certificate number",
    "dbs_date": "DBS date",
    "pqe_from": "qualified",
    "stage2_start": "Stage 2 start",
    "par_received_on": "PAR received",
    "cpr_received_on": "CPR received",
    "apr_received_on": "APR received",
    "adm_id": "ADM",
    "la_id": "local authority",
    "local_authority_id": "local authority",
    "chair_id": "chair",
    "vice_chair_id": "vice chair",
    "teams_link": "Teams link",
    "adm_decision_wd": "ADM decision (working days)",
    "meeting_id": "sitting",
}


def field_label(column: str) -> str:
    """A column in the user's words: 'vice_chair_id' -> 'vice chair'."""
    if column in FIELD_LABELS:
        return FIELD_LABELS[column]
    if column.endswith("_wd"):  # the agency's targets, counted in working days
        return f"{column[:-3].replace('_', ' ')} (working days)"
    if column.endswith("_id"):
        column = column[:-3]
    return column.replace("_", " ")


def _typed(column: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    if isinstance(column.type, Time):
        return time.fromisoformat(value)
    return value


def undo_last_change(ctx: ServiceContext, since: datetime) -> UndoableChange:
    """Restore what the user's last save changed; refuse if it cannot be done safely."""
    change = last_change(ctx, since)
    if change is None:
        raise NotFound("There is nothing of yours to undo since PanelApp opened.")
    tables = _tables()
    with ctx.read() as session:
        group = session.scalars(select(AuditEntry).where(AuditEntry.id.in_(change.entry_ids))).all()
    if any(e.action != "update" or e.table_name not in UNDOABLE for e in group):
        raise ConflictError(
            "Your last change added or removed records, so it cannot be undone here. "
            "Change it back by hand; the audit log shows what it was."
        )
    permissions = {UNDOABLE[e.table_name] for e in group}
    for permission in permissions:
        ctx.require(permission)
    with ctx.write(next(iter(permissions)), f"{UNDO_NOTE}{min(change.entry_ids)}") as session:
        for entry in group:
            model = tables[entry.table_name]
            key = [int(part) if part.isdigit() else part for part in entry.row_id.split(",")]
            row = session.get(model, key[0] if len(key) == 1 else tuple(key))
            if row is None:
                raise ConflictError(
                    "A record you changed has since been removed, so the change cannot be undone."
                )
            columns = model.__table__.c
            for name, value in (entry.after or {}).items():
                current = getattr(row, name)
                shown = current.isoformat() if isinstance(current, date | datetime | time) else current
                if shown != value:
                    raise ConflictError(
                        f"Someone has changed this {entry.table_name.replace('_', ' ')} since your edit "
                        f"({name}), so it was not undone. Nothing was changed."
                    )
            for name, value in (entry.before or {}).items():
                setattr(row, name, _typed(columns[name], value))
    return change
