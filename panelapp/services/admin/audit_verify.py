"""Proving the audit trail whole: every row recomputed along the hash chain (db/audit_chain.py).

What a clean result proves: since the chain began (migration 0006 chained the rows already
there), no audit row was removed, inserted between others, reordered or altered, and none
after the last one was removed (the chain's head names the last link). Rows whose values
retention anonymised are counted as such: they still chain, because each keeps the digest
of the values first written, and an intact row of the chain records who anonymised them.
What it cannot prove: that someone able to rewrite the whole chain from a point onwards (the
server's superuser, or whoever can write the SQLite file) did not. Against that, keep the
latest link it shows somewhere else (the minutes of a panel business meeting, an email) and
compare it later: a rewritten chain no longer has that link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from db.audit_chain import GENESIS, row_hash, values_hash
from db.models import AuditChainHead, AuditEntry
from panelapp.domain.permissions import Permission
from panelapp.services.audit import ANONYMISE
from panelapp.services.context import ServiceContext

MAX_PROBLEMS = 20  # spelt out; the rest are counted


@dataclass
class ChainReport:
    rows: int = 0
    anonymised: int = 0
    last_id: int = 0
    last_hash: str = GENESIS
    problems: list[str] = field(default_factory=list)
    more_problems: int = 0

    @property
    def intact(self) -> bool:
        return not self.problems

    def add(self, problem: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        else:
            self.more_problems += 1

    def message(self) -> str:
        """The result in an administrator's words, one paragraph."""
        if self.intact:
            erased = (
                f" {self.anonymised} of them had their values anonymised under the retention policy, "
                "as the trail itself records."
                if self.anonymised
                else ""
            )
            return (
                f"The audit trail is intact: all {self.rows:,} rows chain from the first to the last, "
                f"so none was removed, added in between or altered.{erased} Latest link: "
                f"{self.last_hash[:16] or '(none yet)'} (row {self.last_id})."
            )
        more = f" …and {self.more_problems} more." if self.more_problems else ""
        return (
            f"The audit trail has been tampered with: {len(self.problems) + self.more_problems} "
            f"problem(s) in {self.rows:,} rows. " + " ".join(self.problems) + more
        )


def _anonymised_ids(session: Session) -> set[int]:
    ids: set[int] = set()
    for after in session.scalars(
        select(AuditEntry.after).where(AuditEntry.action == ANONYMISE, AuditEntry.table_name == "audit_log")
    ):
        listed = (after or {}).get("audit_ids")
        if isinstance(listed, list):
            ids.update(int(i) for i in listed if isinstance(i, int | str) and str(i).isdigit())
    return ids


def _when(at: datetime, author: str) -> str:
    return f"{at:%d/%m/%Y %H:%M} by {author}"


def check_chain(session: Session) -> ChainReport:
    """Walk the whole trail in id order, streaming, and compare every digest."""
    report = ChainReport()
    anonymised = _anonymised_ids(session)
    previous = GENESIS
    columns = select(
        AuditEntry.id, AuditEntry.at, AuditEntry.author, AuditEntry.action, AuditEntry.table_name,
        AuditEntry.row_id, AuditEntry.summary, cast(AuditEntry.before, Text), cast(AuditEntry.after, Text),
        AuditEntry.values_hash, AuditEntry.hash,
    ).order_by(AuditEntry.id)  # fmt: skip
    for entry_id, at, author, action, table, rid, summary, before, after, digest, link in session.execute(
        columns.execution_options(yield_per=2000)
    ):
        report.rows += 1
        if values_hash(before, after) != digest:
            if entry_id in anonymised:
                report.anonymised += 1
            else:
                report.add(f"Row {entry_id} ({_when(at, author)}): its before/after values were changed.")
        if row_hash(previous, at, author, action, table, rid, summary, digest) != link:
            report.add(
                f"Row {entry_id} ({_when(at, author)}): the chain breaks here, so a row before it was "
                "removed or added, or this row's time, author, record or note was changed."
            )
        previous, report.last_id, report.last_hash = link, entry_id, link
    head = session.get(AuditChainHead, 1)
    if head is not None and (head.last_id, head.last_hash) != (report.last_id, report.last_hash):
        if head.last_id > report.last_id:
            report.add(f"The newest rows, after row {report.last_id} up to row {head.last_id}, were removed.")
        else:
            report.add(f"The chain's last recorded link is row {head.last_id}, not row {report.last_id}.")
    return report


def verify_audit(ctx: ServiceContext) -> ChainReport:
    """Check the whole audit trail's chain; administrators and advisers (who read the trail)."""
    ctx.require(Permission.VIEW_AUDIT)
    with ctx.read() as session:
        return check_chain(session)
