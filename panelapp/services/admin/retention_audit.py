"""Retention reaches the history too: the audit values and saved minutes versions of a case.

Anonymising a case's rows leaves its old values in two places: the audit trail's before and
after values (a child's name, date of birth, the words of the minutes) and every saved
version of the minutes. Both are anonymised here, in the same transaction. Audit rows keep
the digest of their first values, so the chain still verifies and shows them as anonymised
by an intact row saying who did it (panelapp/services/audit.py anonymise_entries).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEntry, Base, Hearing, MinutesRevision
from panelapp.services.audit import anonymise_entries

# Records of a case, found by their case_id; and of its hearings, by hearing_id.
CASE_TABLES = ("case_child", "social_worker", "case_paper", "withheld_name", "hearing", "case_declaration")
HEARING_TABLES = ("recommendation", "grading", "minutes_section", "adm_decision")
# Values that are codes or counts, not about a person: kept for the statistics.
KEPT_KEYS = frozenset(
    {"id", "case_id", "hearing_id", "meeting_id", "minutes_id", "status", "case_type", "outcome", "grade",
     "kind", "state", "decision", "position", "sequence", "vote_for", "vote_against", "vote_abstain",
     "anonymised_on", "version", "paper_type", "source"}
)  # fmt: skip


def _redact(values: Any, removed: str, hearings: set[int]) -> Any:
    """Every text and date goes, except codes; in saved minutes, only this case's sections."""
    if isinstance(values, dict):
        if "sections" in values and isinstance(values["sections"], list):  # a minutes version
            return {**values, "sections": [_section(s, removed, hearings) for s in values["sections"]]}
        return {k: v if k in KEPT_KEYS else _redact(v, removed, hearings) for k, v in values.items()}
    if isinstance(values, list):
        return [_redact(v, removed, hearings) for v in values]
    if isinstance(values, str) and values:
        return removed
    return values


def _section(section: Any, removed: str, hearings: set[int]) -> Any:
    if isinstance(section, dict) and section.get("hearing_id") in hearings:
        return {**section, "body": removed}
    return section


def _id_of(entry: AuditEntry, key: str) -> int | None:
    for values in (entry.after, entry.before):
        found = values.get(key) if values else None
        if isinstance(found, int):
            return found
    return None


def _rows_of(entries: Iterable[AuditEntry], tables: tuple[str, ...], key: str, owners: set[int]) -> set[str]:
    """Row ids (as the trail keeps them) of `tables` whose `key` was ever one of `owners`."""
    return {e.row_id for e in entries if e.table_name in tables and _id_of(e, key) in owners}


def anonymise_history(session: Session, case_ids: list[int], removed: str, summary: str) -> int:
    """Anonymise the audit values and saved minutes versions of `case_ids`. Returns audit rows."""
    cases = set(case_ids)
    _anonymise_versions(
        session, removed, set(session.scalars(select(Hearing.id).where(Hearing.case_id.in_(cases))))
    )
    entries = session.scalars(
        select(AuditEntry).where(
            AuditEntry.table_name.in_(("case", "minutes_revision", *CASE_TABLES, *HEARING_TABLES))
        )
    ).all()
    hearings = set(session.scalars(select(Hearing.id).where(Hearing.case_id.in_(cases))))
    hearings |= {int(r) for r in _rows_of(entries, ("hearing",), "case_id", cases) if r.isdigit()}
    rows = {(t, r) for t in CASE_TABLES for r in _rows_of(entries, (t,), "case_id", cases)}
    rows |= {(t, r) for t in HEARING_TABLES for r in _rows_of(entries, (t,), "hearing_id", hearings)}
    rows |= {("case", str(c)) for c in cases}
    rows |= _current_rows(session, CASE_TABLES, "case_id", cases)
    rows |= _current_rows(session, HEARING_TABLES, "hearing_id", hearings)
    changes = []
    for entry in entries:
        own = (entry.table_name, entry.row_id) in rows
        if not own and entry.table_name != "minutes_revision":
            continue
        redact = _redact if own else _redact_version
        before, after = redact(entry.before, removed, hearings), redact(entry.after, removed, hearings)
        if (before, after) != (entry.before, entry.after):
            changes.append((entry.id, before, after))
    anonymise_entries(session, changes, summary)
    return len(changes)


def _current_rows(
    session: Session, tables: tuple[str, ...], key: str, owners: set[int]
) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for name in tables:
        table = Base.metadata.tables[name]
        if owners and key in table.c:
            ids = session.scalars(select(table.c.id).where(table.c[key].in_(owners)))
            found |= {(name, str(i)) for i in ids}
    return found


def _redact_version(values: Any, removed: str, hearings: set[int]) -> Any:
    """A minutes version's audit values: only the sections of this case's hearings go."""
    if isinstance(values, dict) and isinstance(values.get("content"), dict):
        return {**values, "content": _redact(values["content"], removed, hearings)}
    return values


def _anonymise_versions(session: Session, removed: str, hearings: set[int]) -> None:
    """Saved minutes versions: this case's sections' words go, the other cases' stay."""
    if not hearings:
        return
    for revision in session.scalars(select(MinutesRevision)):
        content = revision.content or {}
        sections = content.get("sections")
        if not isinstance(sections, list):
            continue
        if any(isinstance(s, dict) and s.get("hearing_id") in hearings and s.get("body") != removed
               for s in sections):  # fmt: skip
            revision.content = {**content, "sections": [_section(s, removed, hearings) for s in sections]}
    session.flush()
