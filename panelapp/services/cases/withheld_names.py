"""Names never to circulate, kept on each case, and the check before any document leaves.

A case keeps its children's full names (on the child) and, entered on the case dialog, the
other names that must never circulate: the children's surnames and known-as names, their
birth parents' and relatives' names. Every circulated document is scrubbed with them
(domain.privacy), then `circulate` reads the finished file back and refuses to write it
while any of them remains, saying where. An administrator may override, and the override
is audited (who, when, which names, which file).

Names of people rightly in a document (the central list's members, the cases' social
workers, the agency's decision makers) are never replaced nor reported, so a member called
James Carter stays whole when a child is called James.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select

from db.models import AuditEntry, Case, CaseChild, DecisionMaker, Hearing, Member, SocialWorker, WithheldName
from panelapp.domain import privacy
from panelapp.domain.permissions import Permission
from panelapp.domain.privacy import WITHHELD_KINDS, initials_of
from panelapp.services.context import ServiceContext
from panelapp.services.errors import NotFound, PermissionDenied, ValidationError

T = TypeVar("T")

# Who may let a document out while it still names someone withheld.
OVERRIDE_PERMISSION = Permission.MANAGE_USERS  # administrators only


@dataclass(frozen=True)
class WithheldRow:
    """One name on the case's list, as the case dialog shows it."""

    name: str
    kind: str  # a key of WITHHELD_KINDS
    initials: str = ""

    @property
    def kind_label(self) -> str:
        return WITHHELD_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class Circulation:
    """What a document is checked against: the names to withhold, the names allowed."""

    names: tuple[privacy.WithheldName, ...]
    allowed: tuple[str, ...]

    def scrub(self, document: T) -> T:
        return privacy.scrub_all(document, self.names, self.allowed)


def list_withheld(ctx: ServiceContext, case_id: int) -> list[WithheldRow]:
    with ctx.read() as session:
        if session.get(Case, case_id) is None:
            raise NotFound("That case no longer exists.")
        rows = session.scalars(
            select(WithheldName).where(WithheldName.case_id == case_id).order_by(WithheldName.id)
        ).all()
        return [WithheldRow(r.name, r.kind, r.initials) for r in rows]


def save_withheld(ctx: ServiceContext, case_id: int, rows: Sequence[WithheldRow]) -> list[WithheldRow]:
    """Replace the case's list with `rows` (blank names dropped, initials filled in)."""
    cleaned: list[WithheldRow] = []
    for row in rows:
        name = " ".join(row.name.split())
        if not name:
            continue
        if row.kind not in WITHHELD_KINDS:
            raise ValidationError(f'"{row.kind}" is not a kind of name: choose one from the list.')
        if len(name) < privacy.MIN_NAME_LENGTH:
            raise ValidationError(f'"{name}" is too short to find in a document: enter the whole name.')
        initials = row.initials.strip() or initials_of(name)
        if len(initials) > 12:
            raise ValidationError(f'The initials for "{name}" are too long (at most 12 letters).')
        cleaned.append(WithheldRow(name, row.kind, initials))
    with ctx.write(Permission.EDIT_CASES, f"Names never to circulate, case {case_id}") as session:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound("That case no longer exists.")
        case.withheld_names = [WithheldName(name=r.name, kind=r.kind, initials=r.initials) for r in cleaned]
    return cleaned


def require_children_names(ctx: ServiceContext, what: str) -> None:
    """Refuse a circulated document to a role that may not read children's names.

    Such a document is checked against the children's full names, which viewers may not read
    (on PostgreSQL the database itself hides them from viewer logins)."""
    if not ctx.can(Permission.CHECK_CHILDREN_NAMES):
        raise PermissionDenied(
            f"{what} can be exported by a chair, the panel adviser or an administrator: it is "
            "checked against the children's names, which your role does not see."
        )


def for_cases(ctx: ServiceContext, case_ids: Iterable[int], what: str = "This document") -> Circulation:
    """The names to withhold for these cases and the people's names allowed beside them."""
    require_children_names(ctx, what)
    ids = sorted(set(case_ids))
    with ctx.read() as session:
        children = session.execute(
            select(CaseChild.full_name, CaseChild.initials).where(CaseChild.case_id.in_(ids))
        ).all()
        entered = session.execute(
            select(WithheldName.name, WithheldName.initials, WithheldName.kind).where(
                WithheldName.case_id.in_(ids)
            )
        ).all()
        members = session.execute(
            select(Member.title, Member.first_name, Member.last_name).where(Member.agency_id == ctx.agency_id)
        ).all()
        workers = session.scalars(select(SocialWorker.name).where(SocialWorker.case_id.in_(ids))).all()
        deciders = session.scalars(
            select(DecisionMaker.name).where(DecisionMaker.agency_id == ctx.agency_id)
        ).all()
    names = privacy.withheld_names(
        [(full, initials) for full, initials in children],
        [privacy.WithheldName(n, i, k) for n, i, k in entered],
    )
    allowed = [*workers, *deciders]
    for title, first, last in members:
        allowed += [f"{first} {last}", f"{title} {first} {last}" if title else ""]
    return Circulation(tuple(names), tuple(a for a in allowed if a))


def for_meeting(ctx: ServiceContext, meeting_id: int) -> Circulation:
    with ctx.read() as session:
        case_ids = session.scalars(select(Hearing.case_id).where(Hearing.meeting_id == meeting_id)).all()
    return for_cases(ctx, case_ids)


def for_hearing(ctx: ServiceContext, hearing_id: int) -> Circulation:
    return for_hearings(ctx, [hearing_id])


def for_hearings(ctx: ServiceContext, hearing_ids: Iterable[int]) -> Circulation:
    """For a document drawn from many hearings (the grading summary, the chairs' report)."""
    ids = sorted(set(hearing_ids))
    with ctx.read() as session:
        case_ids = session.scalars(select(Hearing.case_id).where(Hearing.id.in_(ids))).all()
    return for_cases(ctx, case_ids)


def circulate(
    ctx: ServiceContext,
    out: Path,
    render: Callable[[Path], Path],
    check: Circulation,
    what: str,
    override: bool = False,
) -> Path:
    """Render the document to a scratch file, read it back, and write it to `out` only if no
    withheld name remains; `override` (administrators only) writes it anyway, audited."""
    from panelapp.exports.files import write_bytes
    from panelapp.exports.text import document_text

    with tempfile.TemporaryDirectory(prefix="panelapp-check-") as work:
        scratch = render(Path(work) / f"check{Path(out).suffix}")
        findings = privacy.find_withheld(document_text(scratch), check.names, check.allowed)
        if findings and not override:
            raise ValidationError(
                f"{what} was not written: it still names {privacy.describe_findings(findings)}, "
                "which must never circulate. Change the text, or ask an administrator to let it out."
            )
        if findings:
            _audit_override(ctx, out, what, findings)
        return write_bytes(out, scratch.read_bytes())


def _audit_override(ctx: ServiceContext, out: Path, what: str, findings: list[privacy.Finding]) -> None:
    if not ctx.can(OVERRIDE_PERMISSION):
        raise PermissionDenied("Only an administrator can let out a document that names someone withheld.")
    summary = f"Circulated despite withheld names: {what} ({Path(out).name})"
    with ctx.write(OVERRIDE_PERMISSION, summary) as session:
        session.add(
            AuditEntry(
                author=ctx.user.username,
                action="override",
                table_name="withheld_name",
                row_id="",
                before=None,
                after={"file": str(out), "found": [f"{f.name} ({f.where})" for f in findings]},
                summary=summary,
            )
        )
