"""Reading the audit trail: who changed what and when, before and after; CSV export."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Select, or_, select

from db.models import AuditEntry
from panelapp.domain.permissions import Permission
from panelapp.exports.files import write_csv
from panelapp.services.context import ServiceContext
from panelapp.services.files import check_output

CSV_COLUMNS = ("at", "author", "action", "table", "row_id", "summary", "before", "after")


@dataclass(frozen=True)
class AuditFilter:
    table: str | None = None
    author: str | None = None
    text: str | None = None  # found in the before/after values or the summary
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    author: str
    action: str
    table: str
    row_id: str
    summary: str
    before: str
    after: str


def _query(flt: AuditFilter) -> Select[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if flt.table:
        query = query.where(AuditEntry.table_name == flt.table)
    if flt.author:
        query = query.where(AuditEntry.author == flt.author)
    if flt.since:
        query = query.where(AuditEntry.at >= datetime.combine(flt.since, datetime.min.time()))
    if flt.until:
        query = query.where(
            AuditEntry.at < datetime.combine(flt.until + timedelta(days=1), datetime.min.time())
        )
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
    """Write the filtered trail to CSV (ISO times, UTF-8 with BOM so Excel reads it). Returns rows."""
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
