"""Appendix A, the central list of panel members on a day, built once: for the chairs' report
(reports.membership) and for the Members area's Word and PDF export alike.

Two queries (members with their roles; status histories). Staff (advisers, administrators,
observers) are not panel members and are left out; so is anyone who joins later, has left, or
holds no panel role on the day. Names are in surname order, roles in the report's words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.models import LocalAuthority, Member, MemberPanel, MemberRole, Panel
from panelapp.documents.appendix import AppendixA, AppendixEntry
from panelapp.domain import report_figures as fig
from panelapp.domain.membership import (
    PANEL_ROLES,
    StatusPeriod,
    current_status,
    role_description,
    surname_key,
)
from panelapp.domain.vocab import MemberStatus
from panelapp.services.agency.setup import agency_summary
from panelapp.services.context import ServiceContext
from panelapp.services.members.listing import status_periods

NO_HOME_PANEL = "Across panels"


@dataclass
class ListedMember:
    """A panel member with every role they have held and their status history."""

    id: int
    first: str
    last: str
    joined_on: date | None
    panel: str  # the home panel, or NO_HOME_PANEL
    councillor_of: str | None
    roles: list[fig.RoleSpan] = field(default_factory=list)
    statuses: list[StatusPeriod] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}".strip()

    def role_words(self, day: date, leave_note: str | None = None) -> str:
        held = [r.role for r in self.roles if r.held_on(day) and r.role in PANEL_ROLES]
        if not held:  # left before `day`: describe them by the roles they last held
            held = [r.role for r in self.roles if r.role in PANEL_ROLES]
        return role_description(held, council=self.councillor_of, leave_note=leave_note)

    def is_member(self) -> bool:
        return any(r.role in PANEL_ROLES for r in self.roles)


def members_on_list(session: Session, agency_id: int, panel_id: int | None = None) -> list[ListedMember]:
    """Everyone who has ever held a panel role (at `panel_id`, as home or cover, if given)."""
    stmt = (
        select(
            Member.id,
            Member.first_name,
            Member.last_name,
            Member.joined_on,
            Panel.name,
            LocalAuthority.name,
            MemberRole.role,
            MemberRole.from_date,
            MemberRole.to_date,
        )
        .join(MemberRole, MemberRole.member_id == Member.id)
        .outerjoin(Panel, Panel.id == Member.home_panel_id)
        .outerjoin(LocalAuthority, LocalAuthority.id == Member.local_authority_id)
        .where(Member.agency_id == agency_id)
        .order_by(Member.id, MemberRole.id)
    )
    if panel_id is not None:
        covers = select(MemberPanel.member_id).where(MemberPanel.panel_id == panel_id)
        stmt = stmt.where(or_(Member.home_panel_id == panel_id, Member.id.in_(covers)))
    people: dict[int, ListedMember] = {}
    for mid, first, last, joined, panel, la, role, r_from, r_to in session.execute(stmt):
        person = people.get(mid)
        if person is None:
            person = people[mid] = ListedMember(mid, first, last, joined, panel or NO_HOME_PANEL, la)
        person.roles.append(fig.RoleSpan(role, r_from, r_to))
    if people:
        for member_id, periods in status_periods(session, agency_id).items():
            if member_id in people:
                people[member_id].statuses += periods
    return [p for p in people.values() if p.is_member()]


def appendix_entries(people: list[ListedMember], on: date) -> list[AppendixEntry]:
    """Everyone on the list on `on`, in surname order."""
    rows: list[tuple[tuple[str, str], AppendixEntry]] = []
    for p in people:
        if p.joined_on and p.joined_on > on:
            continue
        status = current_status(p.statuses, on)
        if status.status == MemberStatus.LEFT.value:
            continue
        if not any(r.held_on(on) and r.role in PANEL_ROLES for r in p.roles):
            continue
        leave = status.note if status.status == MemberStatus.ON_LEAVE.value else None
        rows.append((surname_key(p.first, p.last), AppendixEntry(p.name, p.role_words(on, leave), p.panel)))
    return [entry for _key, entry in sorted(rows, key=lambda row: row[0])]


def appendix_a(ctx: ServiceContext, today: date | None = None) -> list[AppendixEntry]:
    """The whole agency's Appendix A on `today`."""
    with ctx.read() as session:
        return appendix_entries(members_on_list(session, ctx.agency_id), today or ctx.today())


def appendix_document(ctx: ServiceContext, today: date | None = None) -> AppendixA:
    summary = agency_summary(ctx)
    day = today or ctx.today()
    return AppendixA(
        agency_name=summary.name if summary else "",
        marking=summary.marking if summary else "OFFICIAL-SENSITIVE",
        on=day,
        entries=tuple(appendix_a(ctx, day)),
    )


def export_appendix(ctx: ServiceContext, fmt: str, out: Path, today: date | None = None) -> Path:
    """Write Appendix A as `docx` or `pdf` (the caller has checked the format and the path)."""
    document = appendix_document(ctx, today)
    if fmt == "pdf":
        from panelapp.exports.pdf.appendix import write_appendix_pdf

        return write_appendix_pdf(document, out)
    from panelapp.exports.docx.appendix import write_appendix_docx

    return write_appendix_docx(document, out)
