"""Reading the audit trail: who changed what and when, before and after; CSV export.

On screen a change reads as its fields in the user's words with before → after, at London
time (issue 20); the CSV export keeps the stored values (UTC, JSON) for whoever audits them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Select, or_, select

from db.models import AuditEntry
from panelapp.domain.periods import LONDON, local_stamp
from panelapp.domain.permissions import Permission
from panelapp.exports.files import write_csv
from panelapp.services.context import ServiceContext
from panelapp.services.files import check_output
from panelapp.services.undo import BOOKKEEPING, field_label

# The export keeps the stored values for the record: instants in UTC (the header says so), JSON.
CSV_COLUMNS = ("at_utc", "author", "action", "table", "row_id", "summary", "before", "after")


@dataclass(frozen=True)
class AuditFilter:
    table: str | None = None
    author: str | None = None
    text: str | None = None  # found in the before/after values or the summary
    since: date | None = None
    until: date | None = None


ACTION_LABELS = {"insert": "Added", "update": "Changed", "delete": "Removed", "anonymise": "Anonymised"}
EMPTY = "(empty)"
TABLE_LABELS = {"meeting": "sitting", "adm_decision": "ADM decision", "*": "all records"}  # users' words


@dataclass(frozen=True)
class FieldChange:
    """One field of a change in the user's words: 'surname: Smith → Smyth'."""

    label: str
    before: str | None  # None: the record was added (nothing before)
    after: str | None  # None: the record was removed

    @property
    def text(self) -> str:
        if self.before is None:
            return f"{self.label}: {self.after}"
        if self.after is None:
            return f"{self.label}: {self.before} (removed)"
        return f"{self.label}: {self.before} → {self.after}"


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime  # as stored: UTC
    author: str
    action: str
    table: str
    row_id: str
    summary: str
    before: str  # the stored values (JSON), for the CLI and the CSV
    after: str
    changes: tuple[FieldChange, ...] = ()

    @property
    def when(self) -> str:
        """London time, as people read it."""
        return local_stamp(self.at, seconds=True)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action.capitalize())

    @property
    def record(self) -> str:
        table = TABLE_LABELS.get(self.table, self.table.replace("_", " "))
        return f"{table} {self.row_id}".strip()

    @property
    def changes_text(self) -> str:
        return "; ".join(c.text for c in self.changes)


def _shown(value: object) -> str:
    """A stored value as a person reads it: dates dd/mm/yyyy, instants in London time."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value) or EMPTY
    if isinstance(value, dict):
        return ", ".join(f"{field_label(str(k))} {_shown(v)}" for k, v in value.items()) or EMPTY
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
        return parsed.strftime("%d/%m/%Y") if len(value) == 10 else local_stamp(parsed)
    if isinstance(value, str) and len(value) == 8 and value[2] == ":" and value[5] == ":":
        return value[:5] if value.endswith(":00") else value  # a time of day: '15:00', not '15:00:00'
    return str(value)


def field_changes(
    before: dict[str, object] | None, after: dict[str, object] | None
) -> tuple[FieldChange, ...]:
    """The fields that changed (or, for an added or removed record, that it held), labelled."""
    old, new = before or {}, after or {}
    changes = []
    for name in sorted(set(old) | set(new), key=lambda n: field_label(n)):
        if name in BOOKKEEPING or (
            before is not None and after is not None and old.get(name) == new.get(name)
        ):
            continue
        changes.append(
            FieldChange(
                field_label(name),
                None if before is None else _shown(old.get(name)),
                None if after is None else _shown(new.get(name)),
            )
        )
    return tuple(changes)


def _utc_of_local_day(day: date) -> datetime:
    """The stored (UTC, naive) instant at which a London day begins."""
    return datetime.combine(day, time.min, tzinfo=LONDON).astimezone(UTC).replace(tzinfo=None)


def _query(flt: AuditFilter) -> Select[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if flt.table:
        query = query.where(AuditEntry.table_name == flt.table)
    if flt.author:
        query = query.where(AuditEntry.author == flt.author)
    if flt.since:  # the dates typed are London days
        query = query.where(AuditEntry.at >= _utc_of_local_day(flt.since))
    if flt.until:
        query = query.where(AuditEntry.at < _utc_of_local_day(flt.until + timedelta(days=1)))
    if flt.text:
        like = f"%{flt.text}%"
        query = query.where(
            or_(
                AuditEntry.summary.ilike(like),
                AuditEntry.row_id == flt.text,
                # JSON columns compared as text works on SQLite and PostgreSQL alike
                AuditEntry.before.cast(AuditEntry.summary.type).ilike(like),
                AuditEntry.after.cast(AuditEntry.summary.type).ilike(like),
            )
        )
    return query


def _plain(values: dict[str, object] | None) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True) if values else ""


def list_audit(ctx: ServiceContext, flt: AuditFilter | None = None, limit: int = 2000) -> list[AuditRow]:
    ctx.require(Permission.VIEW_AUDIT)
    with ctx.read() as session:
        entries = session.scalars(_query(flt or AuditFilter()).limit(limit))
        return [
            AuditRow(
                e.id,
                e.at,
                e.author,
                e.action,
                e.table_name,
                e.row_id,
                e.summary,
                _plain(e.before),
                _plain(e.after),
                field_changes(e.before, e.after),
            )
            for e in entries
        ]


def audit_choices(ctx: ServiceContext) -> tuple[list[str], list[str]]:
    """Tables and authors that appear in the trail, for the filter lists."""
    ctx.require(Permission.VIEW_AUDIT)
    with ctx.read() as session:
        tables = list(
            session.scalars(select(AuditEntry.table_name).distinct().order_by(AuditEntry.table_name))
        )
        authors = list(session.scalars(select(AuditEntry.author).distinct().order_by(AuditEntry.author)))
    return tables, authors


def export_audit_csv(ctx: ServiceContext, out: Path, flt: AuditFilter | None = None) -> int:
    """Write the filtered trail to CSV as stored: ISO times in UTC (column at_utc), values as JSON,
    UTF-8 with BOM so Excel reads it. Returns the number of rows."""
    ctx.require(Permission.VIEW_AUDIT)
    check_output(out)
    count = 0

    def rows(entries: Iterable[AuditEntry]) -> Iterator[list[object]]:
        nonlocal count
        for e in entries:
            count += 1
            yield [e.at.isoformat(timespec="seconds"), e.author, e.action, e.table_name, e.row_id,
                   e.summary, _plain(e.before), _plain(e.after)]  # fmt: skip

    with ctx.read() as session:
        entries = session.scalars(_query(flt or AuditFilter()).execution_options(yield_per=1000))
        write_csv(out, CSV_COLUMNS, rows(entries))  # streamed: the whole trail is never in memory
    return count
